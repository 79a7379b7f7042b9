package io.github.kd4j.core.protocol;

import io.github.kd4j.core.internal.EditDistance;
import java.util.Locale;

/** The two partitioning schemes of SPEC 8. */
public enum FoldScheme {
  /**
   * Trial-level random shuffling: trials shuffled and cut into contiguous folds; each fold is once
   * the test set. Subject identity leaks between training and test.
   */
  TRS,
  /** Leave one subject out: one fold per subject, whose trials are the test set. */
  LOSO;

  /** Lower-case name used in job ids and file names ({@code "trs"}, {@code "loso"}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The scheme of a name, case-insensitive.
   *
   * @throws IllegalArgumentException for an unknown name, suggesting the nearest one
   */
  public static FoldScheme parse(String name) {
    for (FoldScheme s : values()) {
      if (s.name().equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "scheme must be one of TRS, LOSO, got '" + name + "'" + suggest(name, values()));
  }

  static String suggest(String name, Enum<?>[] options) {
    if (name == null) {
      return "";
    }
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (Enum<?> o : options) {
      int d = EditDistance.between(name.toUpperCase(Locale.ROOT), o.name());
      if (d < bestD) {
        bestD = d;
        best = o.name();
      }
    }
    return bestD <= 2 ? "; did you mean '" + best + "'?" : "";
  }
}
