package io.github.kd4j.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

/** Tolerant array comparisons that report the first bad index and both values. */
public final class KdAssertions {
  private KdAssertions() {}

  /**
   * Asserts {@code |actual[i] - expected[i]| <= rel * |expected[i]| + abs} for every i.
   *
   * @param what names the quantity in the failure message
   */
  public static void assertClose(
      String what, double[] expected, double[] actual, double rel, double abs) {
    if (expected.length != actual.length) {
      fail(what + ": length " + actual.length + " != expected " + expected.length);
    }
    for (int i = 0; i < expected.length; i++) {
      double tol = rel * Math.abs(expected[i]) + abs;
      if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
        fail(
            what
                + ": index "
                + i
                + " expected "
                + expected[i]
                + " got "
                + actual[i]
                + " (|diff| "
                + Math.abs(actual[i] - expected[i])
                + " > tol "
                + tol
                + ")");
      }
    }
  }

  /** Float version of {@link #assertClose(String, double[], double[], double, double)}. */
  public static void assertClose(
      String what, double[] expected, float[] actual, double rel, double abs) {
    double[] a = new double[actual.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = actual[i];
    }
    assertClose(what, expected, a, rel, abs);
  }

  /**
   * Max over i of {@code |a[i] - b[i]| / max(|b|_inf, tiny)}: the normwise relative error of a
   * against the reference b.
   */
  public static double normwiseRelativeError(double[] a, double[] b) {
    double peak = 0;
    double worst = 0;
    for (int i = 0; i < b.length; i++) {
      peak = Math.max(peak, Math.abs(b[i]));
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst / Math.max(peak, Double.MIN_NORMAL);
  }
}
