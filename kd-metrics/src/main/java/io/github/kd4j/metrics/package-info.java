/**
 * Regression metrics for continuous emotion recognition (SPEC sections 6 and 9): {@link
 * io.github.kd4j.metrics.CccMetric} and its companions {@link io.github.kd4j.metrics.PearsonMetric}
 * and {@link io.github.kd4j.metrics.RmseMetric}, all three at once as a {@link
 * io.github.kd4j.metrics.MetricSet}, and the fold summary {@link
 * io.github.kd4j.metrics.MetricSummary}.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>Arrays are time series: index i of {@code pred} and {@code label} is the same label step.
 *   <li>Population normalisation (1/N) everywhere by default; {@link
 *       io.github.kd4j.metrics.VarianceConvention#AVEC} (variances with 1/(N-1)) reproduces the
 *       reference implementation's CCC.
 *   <li>Degenerate input is an {@link java.lang.IllegalArgumentException} naming the cause and the
 *       value, never a NaN: null or fewer than 2 values, different lengths, NaN or infinite values,
 *       a constant input for PCC, two constant inputs for CCC.
 *   <li>Two-pass computation (means first, then centred sums), accurate for large offsets.
 * </ul>
 *
 * <p>The package does not log and depends only on Hipparchus.
 */
package io.github.kd4j.metrics;
