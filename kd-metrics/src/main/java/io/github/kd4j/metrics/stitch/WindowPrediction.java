package io.github.kd4j.metrics.stitch;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model's output for one window of one trial: {@code values[k]} is the prediction for label step
 * {@code start + k} of trial {@code trialId}. Values at steps {@code >= } the trial length are the
 * outputs for zero-padding (SPEC section 7) and are dropped by the {@link Stitcher}.
 *
 * <p>The array is copied on the way in and out, so a record is immutable.
 *
 * @param trialId the trial the window was cut from
 * @param start the label step of {@code values[0]}, at least 0
 * @param values the window's outputs, one per step, at least one, all finite
 */
public record WindowPrediction(String trialId, int start, double[] values) {

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException for a null or blank trial id, a negative start, or null, empty
   *     or non-finite values (naming the trial, the start and the index)
   */
  public WindowPrediction {
    if (trialId == null || trialId.isBlank()) {
      throw new IllegalArgumentException(
          "trialId must be a non-blank string, got "
              + (trialId == null ? "null" : "'" + trialId + "'"));
    }
    if (start < 0) {
      throw new IllegalArgumentException(
          "start must be >= 0, got " + start + " (window of trial '" + trialId + "')");
    }
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(
          "values must hold at least one prediction, got "
              + (values == null ? "null" : "none")
              + " (window of trial '"
              + trialId
              + "' starting at step "
              + start
              + ")");
    }
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(values[k])) {
        throw new IllegalArgumentException(
            "values must be finite, got "
                + values[k]
                + " at index "
                + k
                + " (window of trial '"
                + trialId
                + "' starting at step "
                + start
                + ")");
      }
    }
    values = values.clone();
  }

  /**
   * A copy of the window's outputs.
   *
   * @return a new array, padding included
   */
  @Override
  public double[] values() {
    return values.clone();
  }

  /**
   * Number of outputs in the window.
   *
   * @return the length of {@link #values()}, padding included
   */
  public int length() {
    return values.length;
  }

  double valueAt(int k) {
    return values[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowPrediction w
        && w.trialId.equals(trialId)
        && w.start == start
        && Arrays.equals(w.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trialId, start, Arrays.hashCode(values));
  }

  /** For example {@code "WindowPrediction{trial 'S01T02', steps [32, 128)}"}. */
  @Override
  public String toString() {
    return "WindowPrediction{trial '"
        + trialId
        + "', steps ["
        + start
        + ", "
        + (start + values.length)
        + ")}";
  }
}
