package io.github.kd4j.metrics;

/**
 * Pearson's correlation coefficient {@code r = s_xy / (s_x s_y)} (SPEC section 6).
 *
 * <p>The normalisation cancels, so r does not depend on a {@link VarianceConvention}: {@code r =
 * sum (x_i - mu_x)(y_i - mu_y) / sqrt(sum (x_i - mu_x)^2 * sum (y_i - mu_y)^2)}, computed in two
 * passes and clamped to [-1, 1] against rounding. r is invariant to positive affine maps of either
 * input and changes sign under negative ones.
 *
 * <p>Degenerate cases: r is 0/0 when <em>either</em> input is constant (all values equal), so that
 * is an {@link IllegalArgumentException} naming the constant array and its value, not NaN (SciPy
 * returns NaN with a warning). Immutable and thread-safe.
 */
public final class PearsonMetric implements RegressionMetric {

  /** Creates the (stateless) metric. */
  public PearsonMetric() {}

  @Override
  public String name() {
    return "PCC";
  }

  @Override
  public double compute(double[] pred, double[] label) {
    return pearson(Moments.of(pred, label), pred, label);
  }

  static double pearson(Moments m, double[] pred, double[] label) {
    if (m.constantX) {
      throw constant("pred", pred[0]);
    }
    if (m.constantY) {
      throw constant("label", label[0]);
    }
    return Inputs.checkResult("PCC", m.pearson());
  }

  private static IllegalArgumentException constant(String name, double value) {
    return new IllegalArgumentException(
        name
            + " must not be constant for PCC (zero variance makes r = 0/0), got all values equal to "
            + value);
  }

  @Override
  public String toString() {
    return "PearsonMetric";
  }
}
