package io.github.kd4j.metrics.stats;

import java.util.Objects;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * Paired (dependent samples) t-test with SciPy's {@code scipy.stats.ttest_rel(a, b,
 * alternative=...)} semantics, used to test the effect of knowledge distillation over folds (SPEC
 * section 9: fold i with KD is paired with fold i without; {@link Alternative#GREATER} for PCC and
 * CCC, {@link Alternative#LESS} for RMSE).
 *
 * <pre>
 *   d_i = a_i - b_i,  n = a.length,  mean = (1/n) sum d_i,  s^2 = (1/(n-1)) sum (d_i - mean)^2
 *   t   = mean / (s / sqrt(n)),  df = n - 1
 *   GREATER: p = P(T_df &gt;= t)    LESS: p = P(T_df &lt;= t)    TWO_SIDED: p = 2 P(T_df &gt;= |t|)
 * </pre>
 *
 * The Student t CDF is Hipparchus' {@link TDistribution}; upper tails are taken as the lower tail
 * of -t (the distribution is symmetric) so that small p-values keep their relative accuracy.
 *
 * <p>Degenerate cases are {@link IllegalArgumentException}s: null arrays, different lengths, fewer
 * than 2 pairs, NaN or infinite values (naming the array and index), and differences that are all
 * equal. In the last case s = 0 and t is ±infinity or 0/0; SciPy returns inf or NaN, kd4j throws
 * because no p-value is meaningful (with identical fold results there is nothing to test).
 *
 * <p>Stateless and thread-safe.
 */
public final class PairedTTest {

  private PairedTTest() {}

  /**
   * Runs the test on the differences {@code a - b}.
   *
   * @param a first sample, for instance the per-fold CCC with distillation
   * @param b second sample, paired index by index with {@code a}
   * @param alternative the alternative hypothesis
   * @return t, degrees of freedom and p-value
   * @throws IllegalArgumentException on degenerate input (see the class documentation)
   */
  public static TTestResult test(double[] a, double[] b, Alternative alternative) {
    Objects.requireNonNull(alternative, "alternative must not be null");
    if (a == null || b == null) {
      throw new IllegalArgumentException((a == null ? "a" : "b") + " must not be null");
    }
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "a and b must have the same length (paired samples), got "
              + a.length
              + " (a) and "
              + b.length
              + " (b)");
    }
    int n = a.length;
    if (n < 2) {
      throw new IllegalArgumentException("a and b must hold at least 2 pairs, got " + n);
    }
    checkFinite("a", a);
    checkFinite("b", b);
    double[] d = new double[n];
    boolean allEqual = true;
    for (int i = 0; i < n; i++) {
      d[i] = a[i] - b[i];
      allEqual &= d[i] == d[0];
    }
    if (allEqual) {
      throw new IllegalArgumentException(
          "differences a - b must not all be equal (zero variance makes t undefined), got all "
              + n
              + " differences = "
              + d[0]);
    }
    double sum = 0;
    for (double v : d) {
      sum += v;
    }
    double mean = sum / n;
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = mean / (sd / Math.sqrt(n));
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException(
          "t must be finite, got " + t + ": the differences a - b are too large in magnitude");
    }
    int df = n - 1;
    TDistribution dist = new TDistribution(df);
    double p =
        switch (alternative) {
          case GREATER -> dist.cumulativeProbability(-t);
          case LESS -> dist.cumulativeProbability(t);
          case TWO_SIDED -> Math.min(1.0, 2.0 * dist.cumulativeProbability(-Math.abs(t)));
        };
    return new TTestResult(t, df, p, alternative);
  }

  private static void checkFinite(String name, double[] v) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(
            name + " must be finite, got " + v[i] + " at index " + i);
      }
    }
  }
}
