package io.github.kd4j.metrics.stats;

import java.util.Locale;
import java.util.Objects;

/**
 * Outcome of a {@link PairedTTest}.
 *
 * @param t the t statistic {@code mean(d) / (sd(d) / sqrt(n))}, d = a - b, sd with 1/(n-1)
 * @param degreesOfFreedom n - 1
 * @param p the p-value for {@code alternative}, in [0, 1]
 * @param alternative the alternative hypothesis the p-value belongs to
 */
public record TTestResult(double t, int degreesOfFreedom, double p, Alternative alternative) {

  /** Checks the components. */
  public TTestResult {
    Objects.requireNonNull(alternative, "alternative must not be null");
    if (degreesOfFreedom < 1) {
      throw new IllegalArgumentException("degreesOfFreedom must be >= 1, got " + degreesOfFreedom);
    }
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException("t must be finite, got " + t);
    }
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("p must be in [0, 1], got " + p);
    }
  }

  /**
   * For example {@code "t(9) = 2.345, p = 0.02191 (greater)"}: t with 3 decimals, p with 4 digits.
   */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "t(%d) = %.3f, p = %.4g (%s)",
        degreesOfFreedom,
        t,
        p,
        alternative.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
