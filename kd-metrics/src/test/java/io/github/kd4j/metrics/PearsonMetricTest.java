package io.github.kd4j.metrics;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.junit.jupiter.api.Test;

/** {@link PearsonMetric}. */
class PearsonMetricTest extends RegressionMetricContract {

  /**
   * Error of r(a x + b, y) against sign(a) r(x, y), per unit of the condition number max|a x + b| /
   * (|a| std(x)): mapping x rounds each value by 2^-53 of its magnitude, which moves the centred
   * values by that much relative to their spread; sums over N &le; 60 values add a factor of about
   * N.
   */
  private static final double AFFINE_TOL_PER_COND = 256 * Math.ulp(1.0);

  private final PearsonMetric pcc = new PearsonMetric();

  @Override
  RegressionMetric metric() {
    return pcc;
  }

  @Override
  String expectedName() {
    return "PCC";
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
  void isInvariantToAffineMapsUpToTheSignOfTheScale() {
    qt().forAll(
            Generators.pairs(2, 60),
            doubles().between(0.01, 100),
            doubles().between(-1e3, 1e3),
            doubles().between(0, 1))
        .check(
            (p, magnitude, shift, coin) -> {
              double a = coin < 0.5 ? -magnitude : magnitude;
              double[] x = p[0];
              double[] ax = new double[x.length];
              for (int i = 0; i < x.length; i++) {
                ax[i] = a * x[i] + shift;
              }
              double cond = Generators.maxAbs(ax) / (Math.abs(a) * Generators.populationStd(x));
              double expected = Math.signum(a) * pcc.compute(x, p[1]);
              return Math.abs(pcc.compute(ax, p[1]) - expected) <= AFFINE_TOL_PER_COND * cond;
            });
  }

  @Test
  void eitherConstantInputIsAnErrorNamingItAndItsValue() {
    double[] varying = {0.3, -0.2, 0.9};
    double[] constant = {0.25, 0.25, 0.25};
    assertIllegalArgument(
        () -> pcc.compute(constant, varying), "pred must not be constant", "zero variance", "0.25");
    assertIllegalArgument(
        () -> pcc.compute(varying, constant),
        "label must not be constant",
        "zero variance",
        "0.25");
  }
}
