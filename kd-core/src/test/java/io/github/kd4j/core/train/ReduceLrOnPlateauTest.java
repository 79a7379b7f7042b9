package io.github.kd4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Same sequence as PyTorch's ReduceLROnPlateau(mode='max', patience=2, factor=0.5, min_lr=0.1). */
class ReduceLrOnPlateauTest {
  @Test
  void halvesAfterPatienceBadEpochsAndStopsAtTheMinimum() {
    ReduceLrOnPlateau s = new ReduceLrOnPlateau(2, 0.5, 0.1, Double.NEGATIVE_INFINITY, 0);
    double lr = 1.0;
    double[] metric = {
      0.1, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3
    };
    double[] expected = {
      1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.1, 0.1
    };
    for (int i = 0; i < metric.length; i++) {
      lr = s.step(metric[i], lr);
      assertEquals(expected[i], lr, 1e-15, "after epoch " + (i + 1));
    }
  }

  @Test
  void smallerThanRelativeThresholdIsNotAnImprovement() {
    ReduceLrOnPlateau s = new ReduceLrOnPlateau(0, 0.5, 1e-6, Double.NEGATIVE_INFINITY, 0);
    assertEquals(1.0, s.step(0.5, 1.0));
    assertEquals(0.5, s.step(0.5 * (1 + 0.5e-4), 1.0));
  }
}
