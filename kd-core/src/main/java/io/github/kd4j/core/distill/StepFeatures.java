package io.github.kd4j.core.distill;

import java.util.Arrays;

/**
 * Per-step visual features {@code [T][d]} at the label rate (4 Hz), e.g. the 327 {@code face_feats}
 * of the MAHNOB-HCI feature files (SPEC 4.2 option 3, SPEC 12). Immutable: the array is copied on
 * the way in; {@link #view()} returns it without copying for the hot path.
 */
public final class StepFeatures implements VisualInput {
  private final float[][] values;

  private StepFeatures(float[][] values) {
    this.values = values;
  }

  /**
   * Wraps a copy of {@code values}.
   *
   * @throws IllegalArgumentException for no steps, no columns, ragged rows or non-finite values
   */
  public static StepFeatures of(float[][] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("visual features must have at least one step, got 0");
    }
    int d = values[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("visual features must have at least one column, got 0");
    }
    float[][] copy = new float[values.length][];
    for (int t = 0; t < values.length; t++) {
      if (values[t].length != d) {
        throw new IllegalArgumentException(
            "visual features must have "
                + d
                + " values per step, got "
                + values[t].length
                + " at step "
                + t);
      }
      for (int c = 0; c < d; c++) {
        if (!Float.isFinite(values[t][c])) {
          throw new IllegalArgumentException(
              "visual features must be finite, got "
                  + values[t][c]
                  + " at step "
                  + t
                  + ", column "
                  + c);
        }
      }
      copy[t] = values[t].clone();
    }
    return new StepFeatures(copy);
  }

  @Override
  public int steps() {
    return values.length;
  }

  /** Columns per step. */
  public int width() {
    return values[0].length;
  }

  /** The internal array, not copied. */
  public float[][] view() {
    return values;
  }

  @Override
  public StepFeatures trimTo(int steps) {
    if (steps <= 0 || steps > values.length) {
      throw new IllegalArgumentException(
          "steps must be in [1, " + values.length + "], got " + steps);
    }
    return steps == values.length ? this : new StepFeatures(Arrays.copyOf(values, steps));
  }

  @Override
  public String toString() {
    return "StepFeatures{steps=" + values.length + ", width=" + width() + "}";
  }
}
