package io.github.kd4j.metrics;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kd4j.metrics.FixtureFile.Case;
import io.github.kd4j.metrics.MetricSummary.StdConvention;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetricSummaryTest {

  /**
   * Relative tolerance against numpy: two-pass sums over at most 24 values; numpy sums pairwise, so
   * the two differ by a few ulps, relative to the std's own spread for the offset case (values near
   * 1e3 with std 1e-3 lose about 6 digits of cancellation on each side).
   */
  private static final double REL_TOL = 1e-12;

  /** Relative tolerance for the offset case, where cancellation multiplies rounding by ~1e6. */
  private static final double OFFSET_REL_TOL = 1e-8;

  static Stream<Case> cases() {
    return FixtureFile.read("summary_fixtures.txt").stream();
  }

  private static void assertRel(double expected, double actual, double tol, String what) {
    assertEquals(expected, actual, tol * Math.abs(expected), what);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesNumpy(Case c) {
    double[] v = c.doubles("values");
    double tol = c.name().equals("offset") ? OFFSET_REL_TOL : REL_TOL;
    MetricSummary sample = MetricSummary.of(v);
    MetricSummary population = MetricSummary.of(v, StdConvention.POPULATION);
    assertRel(c.scalar("mean"), sample.mean(), REL_TOL, c + " mean");
    assertRel(c.scalar("std_sample"), sample.std(), tol, c + " sample std");
    assertRel(c.scalar("std_population"), population.std(), tol, c + " population std");
    assertEquals(StdConvention.SAMPLE, sample.stdConvention());
    assertEquals(v.length, sample.n());
  }

  @Test
  void toStringIsReadable() {
    assertEquals(
        "0.435 ± 0.205 (sample std, n=10)",
        new MetricSummary(0.4351, 0.2049, StdConvention.SAMPLE, 10).toString());
    assertEquals(
        "-0.100 ± 0.000 (population std, n=1)",
        new MetricSummary(-0.1, 0.0, StdConvention.POPULATION, 1).toString());
  }

  @Test
  void singleValueNeedsThePopulationConvention() {
    assertIllegalArgument(
        () -> MetricSummary.of(new double[] {0.4}),
        "at least 2 fold values for the sample std, got 1",
        "StdConvention.POPULATION");
    assertEquals(0.0, MetricSummary.of(new double[] {0.4}, StdConvention.POPULATION).std(), 0.0);
  }

  @Test
  void rejectsMissingAndNonFiniteValues() {
    assertIllegalArgument(() -> MetricSummary.of(null), "got null");
    assertIllegalArgument(
        () -> MetricSummary.of(new double[0]), "at least one fold value, got none");
    assertIllegalArgument(
        () -> MetricSummary.of(new double[] {0.1, Double.NaN}),
        "values must be finite",
        "NaN",
        "index 1");
    assertThrows(NullPointerException.class, () -> MetricSummary.of(new double[] {1, 2}, null));
  }

  @Test
  void recordRejectsInconsistentComponents() {
    assertIllegalArgument(() -> new MetricSummary(0.1, -0.2, StdConvention.SAMPLE, 3), "std -0.2");
    assertIllegalArgument(() -> new MetricSummary(0.1, 0.2, StdConvention.SAMPLE, 0), "got 0");
  }
}
