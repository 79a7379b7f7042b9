package io.github.kd4j.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * Mean and standard deviation of one metric over folds (SPEC section 9).
 *
 * <pre>
 *   mean = (1/n) sum v_i
 *   SAMPLE:     std = sqrt((1/(n-1)) sum (v_i - mean)^2)   (the default)
 *   POPULATION: std = sqrt((1/n)     sum (v_i - mean)^2)   (NumPy's np.std, printed by the reference)
 * </pre>
 *
 * @param mean the mean of the fold values
 * @param std the standard deviation under {@code stdConvention}
 * @param stdConvention which normalisation {@code std} uses
 * @param n the number of fold values
 */
public record MetricSummary(double mean, double std, StdConvention stdConvention, int n) {

  /** Normalisation of the standard deviation. */
  public enum StdConvention {
    /** 1/(n-1): the unbiased variance estimate; needs n &ge; 2. */
    SAMPLE,
    /** 1/n: NumPy's default {@code np.std}; defined for n &ge; 1. */
    POPULATION
  }

  /** Checks the components. */
  public MetricSummary {
    Objects.requireNonNull(stdConvention, "stdConvention must not be null");
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (!Double.isFinite(mean) || !(std >= 0) || std == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "mean must be finite and std finite and >= 0, got mean " + mean + ", std " + std);
    }
  }

  /**
   * Summary with the {@link StdConvention#SAMPLE} standard deviation.
   *
   * @param values one value per fold, at least 2
   * @return mean, sample std and n
   * @throws IllegalArgumentException as {@link #of(double[], StdConvention)}
   */
  public static MetricSummary of(double[] values) {
    return of(values, StdConvention.SAMPLE);
  }

  /**
   * Summary of per-fold values (two passes).
   *
   * @param values one value per fold
   * @param convention the normalisation of the standard deviation
   * @return mean, std and n
   * @throws IllegalArgumentException if {@code values} is null, empty, has a single value under
   *     {@link StdConvention#SAMPLE}, or holds NaN or infinite values (naming the index)
   */
  public static MetricSummary of(double[] values, StdConvention convention) {
    Objects.requireNonNull(convention, "convention must not be null");
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(
          "values must hold at least one fold value, got " + (values == null ? "null" : "none"));
    }
    if (convention == StdConvention.SAMPLE && values.length < 2) {
      throw new IllegalArgumentException(
          "values must hold at least 2 fold values for the sample std, got 1;"
              + " use StdConvention.POPULATION for a single fold");
    }
    Inputs.checkFinite("values", values);
    int n = values.length;
    double s = 0;
    for (double v : values) {
      s += v;
    }
    double mean = s / n;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double divisor = convention == StdConvention.SAMPLE ? n - 1 : n;
    return new MetricSummary(mean, Math.sqrt(ss / divisor), convention, n);
  }

  /** For example {@code "0.435 ± 0.205 (sample std, n=10)"}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%.3f ± %.3f (%s std, n=%d)",
        mean,
        std,
        stdConvention.name().toLowerCase(Locale.ROOT),
        n);
  }
}
