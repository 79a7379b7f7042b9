package io.github.kd4j.metrics.stats;

/**
 * The alternative hypothesis of a {@link PairedTTest}, about the mean {@code mu_d} of the paired
 * differences {@code d_i = a_i - b_i} (SciPy's {@code alternative} argument).
 */
public enum Alternative {
  /** H1: mu_d &gt; 0, that is a is larger; {@code p = P(T >= t)}. */
  GREATER,
  /** H1: mu_d &lt; 0, that is a is smaller; {@code p = P(T <= t)}. */
  LESS,
  /** H1: mu_d != 0; {@code p = 2 P(T >= |t|)}. */
  TWO_SIDED
}
