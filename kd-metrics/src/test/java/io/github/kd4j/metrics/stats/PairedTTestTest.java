package io.github.kd4j.metrics.stats;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.kd4j.metrics.FixtureFile;
import io.github.kd4j.metrics.FixtureFile.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

class PairedTTestTest {

  /** t is a mean over a standard error of at most 24 differences: a few ulps against scipy. */
  private static final double T_REL_TOL = 1e-12;

  /**
   * p from Hipparchus' regularised incomplete beta against scipy's (Cephes) stdtr: both are
   * accurate to about 1e-14 relative, tails included since upper tails are taken as lower tails.
   */
  private static final double P_REL_TOL = 1e-10;

  /** Slack for the identities between the three alternatives: one subtraction from 1 each. */
  private static final double ALT_TOL = 1e-14;

  private static double maxTErr;
  private static double maxPErr;

  static Stream<Case> cases() {
    return FixtureFile.read("ttest_fixtures.txt").stream();
  }

  private static Alternative parse(String s) {
    return Alternative.valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesScipyTtestRel(Case c) {
    double[] a = c.doubles("a");
    double[] b = c.doubles("b");
    for (String alt : List.of("greater", "less", "two-sided")) {
      double[] ref = c.doubles(alt);
      TTestResult r = PairedTTest.test(a, b, parse(alt));
      double tErr = Math.abs(r.t() - ref[0]) / Math.abs(ref[0]);
      double pErr = Math.abs(r.p() - ref[2]) / ref[2];
      record(tErr, pErr);
      assertTrue(tErr <= T_REL_TOL, () -> c + " " + alt + ": t " + r.t() + " vs " + ref[0]);
      assertEquals((int) ref[1], r.degreesOfFreedom(), c + " df");
      assertTrue(pErr <= P_REL_TOL, () -> c + " " + alt + ": p " + r.p() + " vs " + ref[2]);
      assertEquals(parse(alt), r.alternative());
    }
  }

  private static Gen<double[][]> folds() {
    Gen<double[]> pair =
        doubles().between(0, 1).zip(doubles().between(0, 1), (x, y) -> new double[] {x, y});
    return lists()
        .of(pair)
        .ofSizeBetween(2, 30)
        .map(
            l -> {
              double[][] ab = new double[2][l.size()];
              for (int i = 0; i < l.size(); i++) {
                ab[0][i] = l.get(i)[0];
                ab[1][i] = l.get(i)[1];
              }
              return ab;
            })
        .assuming(ab -> !allDifferencesEqual(ab[0], ab[1]));
  }

  private static boolean allDifferencesEqual(double[] a, double[] b) {
    for (int i = 1; i < a.length; i++) {
      if (a[i] - b[i] != a[0] - b[0]) {
        return false;
      }
    }
    return true;
  }

  @Test
  void oneSidedPValuesAreComplementaryAndTwoSidedIsTwiceTheSmaller() {
    qt().forAll(folds())
        .check(
            ab -> {
              double g = PairedTTest.test(ab[0], ab[1], Alternative.GREATER).p();
              double l = PairedTTest.test(ab[0], ab[1], Alternative.LESS).p();
              double two = PairedTTest.test(ab[0], ab[1], Alternative.TWO_SIDED).p();
              return Math.abs(g + l - 1) <= ALT_TOL
                  && Math.abs(two - Math.min(1.0, 2 * Math.min(g, l))) <= ALT_TOL;
            });
  }

  @Test
  void swappingTheSamplesSwapsTheAlternatives() {
    qt().forAll(folds())
        .check(
            ab -> {
              TTestResult g = PairedTTest.test(ab[0], ab[1], Alternative.GREATER);
              TTestResult l = PairedTTest.test(ab[1], ab[0], Alternative.LESS);
              return g.t() == -l.t() && g.p() == l.p();
            });
  }

  @Test
  void rejectsDifferentLengthsNamingBoth() {
    assertIllegalArgument(
        () -> PairedTTest.test(new double[] {1, 2, 3}, new double[] {1, 2}, Alternative.GREATER),
        "same length",
        "3 (a)",
        "2 (b)");
  }

  @Test
  void rejectsFewerThanTwoPairs() {
    assertIllegalArgument(
        () -> PairedTTest.test(new double[] {1}, new double[] {2}, Alternative.LESS),
        "at least 2 pairs, got 1");
  }

  @Test
  void rejectsNullAndNonFinite() {
    assertIllegalArgument(
        () -> PairedTTest.test(null, new double[] {1, 2}, Alternative.LESS), "a must not be null");
    assertIllegalArgument(
        () ->
            PairedTTest.test(new double[] {1, 2}, new double[] {0.5, Double.NaN}, Alternative.LESS),
        "b must be finite",
        "NaN",
        "index 1");
    assertThrows(
        NullPointerException.class,
        () -> PairedTTest.test(new double[] {1, 2}, new double[] {0, 1}, null));
  }

  /** scipy returns inf (equal non-zero differences) or nan (all zero); kd4j throws. */
  @Test
  void rejectsIdenticalDifferences() {
    assertIllegalArgument(
        () ->
            PairedTTest.test(
                new double[] {0.5, 0.75, 1.0}, new double[] {0.25, 0.5, 0.75}, Alternative.GREATER),
        "must not all be equal",
        "zero variance",
        "all 3 differences = 0.25");
    assertIllegalArgument(
        () ->
            PairedTTest.test(
                new double[] {0.4, 0.5}, new double[] {0.4, 0.5}, Alternative.TWO_SIDED),
        "all 2 differences = 0.0");
  }

  @Test
  void resultToStringIsReadable() {
    assertEquals(
        "t(9) = 2.345, p = 0.02191 (two-sided)",
        new TTestResult(2.3449, 9, 0.021911, Alternative.TWO_SIDED).toString());
  }

  @Test
  void resultRejectsImpossibleComponents() {
    assertIllegalArgument(
        () -> new TTestResult(1.0, 9, 1.5, Alternative.GREATER), "p must be in [0, 1], got 1.5");
    assertIllegalArgument(
        () -> new TTestResult(1.0, 0, 0.5, Alternative.GREATER), "degreesOfFreedom must be >= 1");
  }

  private static synchronized void record(double tErr, double pErr) {
    maxTErr = Math.max(maxTErr, tErr);
    maxPErr = Math.max(maxPErr, pErr);
  }

  @AfterAll
  static void reportMaximumErrors() {
    System.out.printf(
        "kd-metrics t-test parity vs scipy: max relative error t %.3g, p %.3g%n", maxTErr, maxPErr);
  }
}
