package io.github.kd4j.eeg.mahnob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Validation, copies and equality of {@link MahnobTrial}. */
class MahnobTrialTest {
  static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  static MahnobTrial trial(int steps, float value) {
    float[] y = new float[steps];
    float[][] e = new float[steps][128];
    float[][] f = new float[steps][327];
    for (int t = 0; t < steps; t++) {
      y[t] = value * t;
      e[t][t % 128] = value;
      f[t][t % 327] = -value;
    }
    return new MahnobTrial(3, 8, "P3-trial-8", y, e, f);
  }

  @Test
  void arraysAreCopiedAndCompareByContent() {
    MahnobTrial a = trial(5, 1f);
    float[][] eeg = a.eeg();
    eeg[0][0] = 99;
    a.target()[1] = 99;
    assertEquals(trial(5, 1f), a);
    assertEquals(trial(5, 1f).hashCode(), a.hashCode());
    assertNotEquals(trial(5, 2f), a);
    assertEquals("MahnobTrial[P3-trial-8, T=5, eeg=128, face=327]", a.toString());
  }

  @Test
  void shapesAreChecked() {
    assertEquals(
        "trial x: eeg must have 2 steps like target, got 3",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new MahnobTrial(1, 2, "x", new float[2], new float[3][128], new float[2][327]))
            .getMessage());
    assertEquals(
        "trial x: face must have 327 values per step, got 38 at step 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new MahnobTrial(1, 2, "x", new float[2], new float[2][128], new float[2][38]))
            .getMessage());
    assertEquals(
        "trial x: target must have at least 1 step",
        assertThrows(
                IllegalArgumentException.class,
                () -> new MahnobTrial(1, 2, "x", new float[0], new float[0][], new float[0][]))
            .getMessage());
  }

  @Test
  void faceColumnsAreChecked() {
    MahnobTrial t = trial(4, 1f);
    assertEquals(
        "trial P3-trial-8: face columns must be in [0, 327), got 327",
        assertThrows(IllegalArgumentException.class, () -> t.faceTrial(0, 327)).getMessage());
    assertEquals(
        "trial P3-trial-8: face columns must be distinct, got 5 twice",
        assertThrows(IllegalArgumentException.class, () -> t.faceTrial(5, 1, 5)).getMessage());
    assertEquals(-1f, t.faceTrial(3).features()[3][0]);
    assertEquals("P3", t.eegTrial().subject());
  }
}
