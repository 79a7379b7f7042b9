package io.github.kd4j.eeg.io;

import java.util.Objects;

/**
 * One EDF+/BDF+ annotation, taken from a time-stamped annotation list (TAL) of an {@code "EDF
 * Annotations"} or {@code "BDF Annotations"} signal.
 *
 * <p>Like MNE ({@code raw.annotations}), {@code onsetSeconds} is relative to the start of the first
 * data record: the onset written in the file minus the onset of the file's first time-keeping TAL.
 * A TAL holding several texts gives one annotation per text, all with its onset and duration.
 *
 * @param onsetSeconds onset in seconds from the start of the first data record
 * @param durationSeconds duration in seconds, 0 when the TAL has none
 * @param text the annotation text (UTF-8 in the file)
 */
public record Annotation(double onsetSeconds, double durationSeconds, String text) {
  /** Checks the fields: finite onset, finite non-negative duration, non-null text. */
  public Annotation {
    if (!Double.isFinite(onsetSeconds)) {
      throw new IllegalArgumentException("onsetSeconds must be finite, got " + onsetSeconds);
    }
    if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds)) {
      throw new IllegalArgumentException(
          "durationSeconds must be a finite number >= 0, got " + durationSeconds);
    }
    Objects.requireNonNull(text, "text");
  }
}
