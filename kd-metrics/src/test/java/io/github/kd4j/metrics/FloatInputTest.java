package io.github.kd4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The {@code float[]} overloads equal the {@code double[]} methods on the widened values. */
class FloatInputTest {
  @Test
  void floatOverloadsEqualTheDoubleMethodsOnWidenedValues() {
    SplittableRandom r = new SplittableRandom(4);
    float[] x = new float[200];
    float[] y = new float[200];
    double[] xd = new double[200];
    double[] yd = new double[200];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
      y[i] = (float) (0.5 * x[i] + r.nextGaussian());
      xd[i] = x[i];
      yd[i] = y[i];
    }
    for (RegressionMetric m :
        new RegressionMetric[] {
          CccMetric.builder().build(), new PearsonMetric(), new RmseMetric()
        }) {
      assertEquals(m.compute(xd, yd), m.compute(x, y), 0.0, m.name());
    }
    assertEquals(MetricSet.compute(xd, yd), MetricSet.compute(x, y));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MetricSet.compute(null, y));
    assertTrue(e.getMessage().contains("pred"), e.getMessage());
  }
}
