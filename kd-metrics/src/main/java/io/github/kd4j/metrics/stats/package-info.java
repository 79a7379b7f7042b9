/**
 * Significance tests over folds: {@link io.github.kd4j.metrics.stats.PairedTTest} (SciPy {@code
 * ttest_rel} semantics) returning a {@link io.github.kd4j.metrics.stats.TTestResult} for an {@link
 * io.github.kd4j.metrics.stats.Alternative}.
 *
 * <p>The Student t distribution comes from Hipparchus; nothing here logs.
 */
package io.github.kd4j.metrics.stats;
