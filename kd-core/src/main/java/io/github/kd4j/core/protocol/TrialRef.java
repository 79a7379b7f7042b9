package io.github.kd4j.core.protocol;

import java.io.Serializable;

/**
 * A trial named by its id and its subject, without data: what folds and jobs hold (SPEC 8).
 *
 * <p>Ids and subjects are non-blank and hold no tab, carriage return or line feed, so that they fit
 * one field of a fold file ({@link FoldFile}).
 *
 * @param id the trial id, unique within a data set (for example {@code "P1-trial-10"})
 * @param subject the subject (participant) id (for example {@code "P1"})
 */
public record TrialRef(String id, String subject) implements Serializable {

  /** Checks both names. */
  public TrialRef {
    checkName("id", id);
    checkName("subject", subject);
  }

  static void checkName(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          what + " must be a non-blank name, got " + (value == null ? "null" : "'" + value + "'"));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        throw new IllegalArgumentException(
            what
                + " must not contain tabs or line breaks, got '"
                + value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                + "'");
      }
    }
  }

  /** For example {@code "P1-trial-10 (P1)"}. */
  @Override
  public String toString() {
    return id + " (" + subject + ")";
  }
}
