package io.github.kd4j.metrics;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

/** {@link CccMetric} under {@link VarianceConvention#AVEC}: covariance 1/N, variances 1/(N-1). */
class CccAvecMetricTest extends RegressionMetricContract {

  /** Slack for |AVEC| &le; |POPULATION|: same numerator, the last roundings of two divisions. */
  private static final double ORDER_TOL = 8 * Math.ulp(1.0);

  private final CccMetric avec =
      CccMetric.builder().varianceConvention(VarianceConvention.AVEC).build();
  private final CccMetric population = CccMetric.builder().build();

  @Override
  RegressionMetric metric() {
    return avec;
  }

  @Override
  String expectedName() {
    return "CCC";
  }

  /** SPEC section 6: under AVEC rho_c(x, x) = (N-1)/N. */
  @Override
  double identityValue(int n) {
    return (n - 1) / (double) n;
  }

  @Override
  double lowerBound() {
    return -1.0;
  }

  @Override
  double upperBound() {
    return 1.0;
  }

  /** The AVEC denominator is the larger one (1/(N-1) &gt; 1/N on the variances). */
  @Test
  void isNeverLargerInMagnitudeThanPopulation() {
    qt().forAll(Generators.pairs(2, 60))
        .check(
            p ->
                Math.abs(avec.compute(p[0], p[1]))
                    <= Math.abs(population.compute(p[0], p[1])) + ORDER_TOL);
  }
}
