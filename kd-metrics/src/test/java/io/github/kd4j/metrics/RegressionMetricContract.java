package io.github.kd4j.metrics;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

/**
 * Properties every {@link RegressionMetric} must have; extended by the tests of each metric, which
 * say what their identity value and range are.
 */
abstract class RegressionMetricContract {

  /**
   * Error of metric(x, x) against its exact identity value: a handful of roundings in the final
   * divisions (for instance (N-1)/N under AVEC), independent of N because the centred sums of x
   * with itself are identical term by term.
   */
  static final double IDENTITY_TOL = 8 * Math.ulp(1.0);

  /** The metric under test. */
  abstract RegressionMetric metric();

  /** The expected {@link RegressionMetric#name()}. */
  abstract String expectedName();

  /** metric(x, x) for a non-constant x of length n. */
  abstract double identityValue(int n);

  /** Smallest value the metric can take. */
  abstract double lowerBound();

  /** Largest value the metric can take. */
  abstract double upperBound();

  @Test
  void hasItsName() {
    assertEquals(expectedName(), metric().name());
  }

  @Test
  void valueLiesWithinTheRange() {
    qt().forAll(Generators.pairs(2, 60))
        .check(
            p -> {
              double v = metric().compute(p[0], p[1]);
              return v >= lowerBound() && v <= upperBound();
            });
  }

  /**
   * Exact symmetry: the two-pass sums use the same products and the same additions with x and y
   * swapped, so there is no rounding difference to tolerate.
   */
  @Test
  void isSymmetric() {
    qt().forAll(Generators.pairs(2, 60))
        .check(p -> metric().compute(p[0], p[1]) == metric().compute(p[1], p[0]));
  }

  @Test
  void identityGivesTheIdentityValue() {
    qt().forAll(Generators.pairs(2, 60))
        .check(
            p -> {
              double expected = identityValue(p[0].length);
              double v = metric().compute(p[0], p[0].clone());
              return Math.abs(v - expected) <= IDENTITY_TOL * Math.max(1.0, Math.abs(expected));
            });
  }

  @Test
  void rejectsNull() {
    double[] ok = {1, 2, 3};
    assertIllegalArgument(() -> metric().compute(null, ok), "pred must not be null");
    assertIllegalArgument(() -> metric().compute(ok, null), "label must not be null");
  }

  @Test
  void rejectsFewerThanTwoValues() {
    assertIllegalArgument(
        () -> metric().compute(new double[0], new double[0]), "at least 2 values, got 0");
    assertIllegalArgument(
        () -> metric().compute(new double[] {1}, new double[] {2}), "at least 2 values, got 1");
  }

  @Test
  void rejectsDifferentLengthsNamingBoth() {
    assertIllegalArgument(
        () -> metric().compute(new double[] {1, 2, 3}, new double[] {1, 2, 3, 4}),
        "same length",
        "3 (pred)",
        "4 (label)");
  }

  @Test
  void rejectsNonFiniteValuesNamingArrayIndexAndValue() {
    assertIllegalArgument(
        () -> metric().compute(new double[] {1, 2, Double.NaN, 4}, new double[] {1, 3, 2, 4}),
        "pred must be finite",
        "NaN",
        "index 2");
    assertIllegalArgument(
        () ->
            metric().compute(new double[] {1, 2, 3}, new double[] {Double.NEGATIVE_INFINITY, 1, 2}),
        "label must be finite",
        "-Infinity",
        "index 0");
  }

  @Test
  void rejectsOverflowInsteadOfReturningNaN() {
    double[] x = {1e200, -1e200, 3e199};
    double[] y = {-2e200, 1e200, 5e199};
    assertIllegalArgument(
        () -> metric().compute(x, y), metric().name() + " must be finite", "overflow");
  }
}
