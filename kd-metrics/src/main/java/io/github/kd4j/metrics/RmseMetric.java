package io.github.kd4j.metrics;

/**
 * Root mean square error, {@code RMSE = sqrt((1/N) sum (x_i - y_i)^2)} (SPEC section 6; the paper's
 * eq. 6 is a typo for this).
 *
 * <p>Lower is better; RMSE is symmetric, at least 0, and 0 exactly when {@code pred} equals {@code
 * label}. Like the other metrics it requires N &ge; 2 (one step is not a sequence); constant inputs
 * are fine. Immutable and thread-safe.
 */
public final class RmseMetric implements RegressionMetric {

  /** Creates the (stateless) metric. */
  public RmseMetric() {}

  @Override
  public String name() {
    return "RMSE";
  }

  @Override
  public double compute(double[] pred, double[] label) {
    return Inputs.checkResult(name(), Moments.of(pred, label).rmse());
  }

  @Override
  public String toString() {
    return "RmseMetric";
  }
}
