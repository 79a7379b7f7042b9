package io.github.kd4j.metrics;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

/** {@link CccMetric} under the default {@link VarianceConvention#POPULATION}. */
class CccMetricTest extends RegressionMetricContract {

  /**
   * Slack for |CCC| &le; |PCC|: both are computed from the same centred sums, so the inequality can
   * only be broken by the last roundings of the two divisions and square roots.
   */
  private static final double ORDER_TOL = 16 * Math.ulp(1.0);

  /**
   * Error of CCC - PCC for y built with x's mean and variance: building y rounds every value
   * (relative 2^-53 of its magnitude, offset included), which perturbs mean and variance by O(N eps
   * cond) with cond = max|y| / std(y); the generators keep cond below about 1e3, N &le; 60.
   */
  private static final double MATCHED_TOL = 1e-10;

  private final CccMetric ccc = CccMetric.builder().build();

  @Override
  RegressionMetric metric() {
    return ccc;
  }

  @Override
  String expectedName() {
    return "CCC";
  }

  @Override
  double identityValue(int n) {
    return 1.0;
  }

  @Override
  double lowerBound() {
    return -1.0;
  }

  @Override
  double upperBound() {
    return 1.0;
  }

  @Test
  void defaultsToPopulationVariance() {
    assertEquals(VarianceConvention.POPULATION, ccc.varianceConvention());
    assertEquals("CccMetric{varianceConvention=POPULATION}", ccc.toString());
  }

  @Test
  void toBuilderKeepsSettingsAndBuilderIsReusable() {
    CccMetric.Builder b = CccMetric.builder().varianceConvention(VarianceConvention.AVEC);
    CccMetric first = b.build();
    CccMetric second = b.build();
    assertNotSame(first, second);
    assertEquals(first, second);
    assertEquals(first, first.toBuilder().build());
    assertEquals(VarianceConvention.AVEC, first.toBuilder().build().varianceConvention());
  }

  @Test
  void builderRejectsNullConvention() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class, () -> CccMetric.builder().varianceConvention(null));
    assertEquals("varianceConvention must not be null", e.getMessage());
  }

  @Test
  void isBoundedByPearsonInMagnitude() {
    PearsonMetric pcc = new PearsonMetric();
    qt().forAll(Generators.pairs(2, 60))
        .check(
            p ->
                Math.abs(ccc.compute(p[0], p[1])) <= Math.abs(pcc.compute(p[0], p[1])) + ORDER_TOL);
  }

  /** y = mu_x + (z - mu_z) * s_x / s_z has x's mean and variance, so rho_c = r (Lin 1989). */
  @Test
  void equalsPearsonWhenMeansAndVariancesAgree() {
    PearsonMetric pcc = new PearsonMetric();
    qt().forAll(Generators.pairs(3, 60))
        .check(
            p -> {
              double[] x = p[0];
              double[] z = p[1];
              double mx = Generators.mean(x);
              double mz = Generators.mean(z);
              double ratio = Generators.populationStd(x) / Generators.populationStd(z);
              double[] y = new double[z.length];
              for (int i = 0; i < y.length; i++) {
                y[i] = mx + (z[i] - mz) * ratio;
              }
              return Math.abs(ccc.compute(x, y) - pcc.compute(x, y)) <= MATCHED_TOL;
            });
  }

  /** The mirror image 2 mu - x has the same moments as x and is perfectly discordant. */
  @Test
  void mirrorImageGivesMinusOne() {
    qt().forAll(Generators.pairs(2, 60))
        .check(
            p -> {
              double m = Generators.mean(p[0]);
              double[] y = new double[p[0].length];
              for (int i = 0; i < y.length; i++) {
                y[i] = m - (p[0][i] - m);
              }
              return Math.abs(ccc.compute(p[0], y) + 1.0) <= MATCHED_TOL;
            });
  }

  @Test
  void oneConstantInputGivesZero() {
    double[] varying = {0.3, -0.2, 0.9, 0.1};
    double[] constant = {0.5, 0.5, 0.5, 0.5};
    assertEquals(0.0, ccc.compute(constant, varying), 0.0);
    assertEquals(0.0, ccc.compute(varying, constant), 0.0);
  }

  @Test
  void twoConstantInputsAreAnErrorNamingBothValues() {
    assertIllegalArgument(
        () -> ccc.compute(new double[] {0.5, 0.5, 0.5}, new double[] {0.5, 0.5, 0.5}),
        "must not both be constant",
        "zero variance",
        "pred = 0.5",
        "label = 0.5");
    assertIllegalArgument(
        () -> ccc.compute(new double[] {0.5, 0.5}, new double[] {-1.0, -1.0}),
        "must not both be constant",
        "pred = 0.5",
        "label = -1.0");
  }

  /**
   * Values like 0.1 whose floating-point mean is not exactly 0.1 are still recognised as constant.
   */
  @Test
  void constantDetectionDoesNotDependOnRoundingOfTheMean() {
    double[] constant = {0.1, 0.1, 0.1};
    assertEquals(0.0, ccc.compute(constant, new double[] {1, 2, 4}), 0.0);
  }
}
