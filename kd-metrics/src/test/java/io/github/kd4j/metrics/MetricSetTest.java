package io.github.kd4j.metrics;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricSetTest {

  @Test
  void toStringIsReadable() {
    assertEquals(
        "RMSE 0.1235, PCC 0.5000, CCC -0.2500 (avec)",
        new MetricSet(0.12345, 0.5, -0.25, VarianceConvention.AVEC).toString());
  }

  @Test
  void rejectsNonFiniteComponents() {
    assertIllegalArgument(
        () -> new MetricSet(Double.NaN, 0.5, 0.5, VarianceConvention.POPULATION),
        "must be finite",
        "NaN");
  }

  @Test
  void computeValidatesLikeTheMetrics() {
    assertIllegalArgument(
        () -> MetricSet.compute(new double[] {1, 2}, new double[] {1, 2, 3}),
        "2 (pred)",
        "3 (label)");
    assertIllegalArgument(
        () -> MetricSet.compute(new double[] {1, 2, 3}, new double[] {4, 4, 4}),
        "label must not be constant for PCC");
  }
}
