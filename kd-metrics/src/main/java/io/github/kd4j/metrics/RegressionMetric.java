package io.github.kd4j.metrics;

/**
 * A metric that compares a predicted sequence with a label sequence of the same length, step by
 * step along the time axis (index i of both arrays is the same label step).
 *
 * <p>Implementations are immutable and thread-safe. They never return NaN: degenerate input (null
 * or fewer than 2 values, different lengths, NaN or infinite values, and the zero-variance cases
 * each implementation documents) is an {@link IllegalArgumentException} whose message names the
 * array, the cause and the value.
 */
public interface RegressionMetric {

  /**
   * Short upper-case name used in reports.
   *
   * @return {@code "CCC"}, {@code "PCC"} or {@code "RMSE"} for the kd4j metrics
   */
  String name();

  /**
   * Computes the metric.
   *
   * @param pred the predictions x, one per label step
   * @param label the labels y, same length as {@code pred}
   * @return the metric value
   * @throws IllegalArgumentException on degenerate input (see the class documentation)
   */
  double compute(double[] pred, double[] label);

  /**
   * Computes the metric on single-precision sequences (what kd4j's models return), widened to
   * double exactly; the same rules as {@link #compute(double[], double[])}.
   *
   * @param pred the predictions x, one per label step
   * @param label the labels y, same length as {@code pred}
   * @return the metric value
   * @throws IllegalArgumentException on degenerate input (see the class documentation)
   */
  default double compute(float[] pred, float[] label) {
    return compute(Inputs.widen("pred", pred), Inputs.widen("label", label));
  }
}
