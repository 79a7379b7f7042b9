package io.github.kd4j.metrics;

/** Checks shared by the metrics: the degenerate inputs of SPEC section 6 become exceptions. */
final class Inputs {

  private Inputs() {}

  /**
   * Checks a (prediction, label) pair: both non-null, the same length, at least two values, all
   * finite.
   *
   * @throws IllegalArgumentException naming the array, the index and the value at fault
   */
  /** {@code values} widened to double exactly; null stays an error naming the array. */
  static double[] widen(String name, float[] values) {
    if (values == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  static void checkPair(double[] pred, double[] label) {
    if (pred == null) {
      throw new IllegalArgumentException("pred must not be null");
    }
    if (label == null) {
      throw new IllegalArgumentException("label must not be null");
    }
    if (pred.length != label.length) {
      throw new IllegalArgumentException(
          "pred and label must have the same length, got "
              + pred.length
              + " (pred) and "
              + label.length
              + " (label)");
    }
    if (pred.length < 2) {
      throw new IllegalArgumentException(
          "pred and label must have at least 2 values, got " + pred.length);
    }
    checkFinite("pred", pred);
    checkFinite("label", label);
  }

  /** Throws if some value of {@code values} is NaN or infinite, naming the first one. */
  static void checkFinite(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + " must be finite, got " + values[i] + " at index " + i);
      }
    }
  }

  /** Throws if a computed statistic overflowed (finite inputs whose squares exceed the range). */
  static double checkResult(String metric, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          metric
              + " must be finite, got "
              + value
              + ": the inputs are too large in magnitude (their squares overflow double range);"
              + " rescale pred and label");
    }
    return value;
  }
}
