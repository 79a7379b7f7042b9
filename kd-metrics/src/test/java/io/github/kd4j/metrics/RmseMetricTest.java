package io.github.kd4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

/** {@link RmseMetric}. */
class RmseMetricTest extends RegressionMetricContract {

  /**
   * Slack for the triangle inequality: each RMSE is a rounded square root of a rounded sum of N
   * &le; 60 squares, relative error below about N eps.
   */
  private static final double TRIANGLE_TOL = 128 * Math.ulp(1.0);

  private final RmseMetric rmse = new RmseMetric();

  @Override
  RegressionMetric metric() {
    return rmse;
  }

  @Override
  String expectedName() {
    return "RMSE";
  }

  @Override
  double identityValue(int n) {
    return 0.0;
  }

  @Override
  double lowerBound() {
    return 0.0;
  }

  @Override
  double upperBound() {
    return Double.MAX_VALUE;
  }

  /** RMSE is 0 only for equal inputs: changing one value by a single ulp makes it positive. */
  @Test
  void isPositiveAsSoonAsOneValueDiffers() {
    qt().forAll(Generators.pairs(2, 60), integers().between(0, 59))
        .check(
            (p, index) -> {
              double[] y = p[0].clone();
              int i = index % y.length;
              y[i] = Math.nextUp(y[i]);
              return rmse.compute(p[0], y) > 0.0;
            });
  }

  @Test
  void satisfiesTheTriangleInequality() {
    qt().forAll(Generators.pairs(2, 60))
        .check(
            p -> {
              double[] x = p[0];
              double[] y = p[1];
              double[] z = new double[x.length];
              for (int i = 0; i < z.length; i++) {
                z[i] = 0.5 * x[i] - y[i];
              }
              double direct = rmse.compute(x, z);
              double via = rmse.compute(x, y) + rmse.compute(y, z);
              return direct <= via * (1 + TRIANGLE_TOL);
            });
  }

  @Test
  void acceptsConstantInputs() {
    assertEquals(0.0, rmse.compute(new double[] {2, 2}, new double[] {2, 2}), 0.0);
  }
}
