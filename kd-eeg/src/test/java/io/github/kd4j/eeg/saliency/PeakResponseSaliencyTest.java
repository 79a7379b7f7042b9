package io.github.kd4j.eeg.saliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the saliency recipe with a hand-made causal linear model {@code y[t] = w . x[t] + v .
 * x[t-1]} whose peak gradient is known exactly: row {@code t*} is {@code w}, row {@code t*-1} is
 * {@code v}, every other row is 0.
 */
class PeakResponseSaliencyTest {
  private static final FeatureLayout LAYOUT = FeatureLayout.mahnobFeatures();
  private static final int D = LAYOUT.width();

  /** The model with fixed seeded weights. */
  private static final class LinearModel implements InputGradient {
    final double[] w = new double[D];
    final double[] v = new double[D];

    LinearModel(long seed) {
      SplittableRandom rnd = new SplittableRandom(seed);
      for (int c = 0; c < D; c++) {
        w[c] = rnd.nextDouble() - 0.5;
        v[c] = rnd.nextDouble() - 0.5;
      }
    }

    double[] predict(float[][] x) {
      double[] y = new double[x.length];
      for (int t = 0; t < x.length; t++) {
        for (int c = 0; c < D; c++) {
          y[t] += w[c] * x[t][c] + (t > 0 ? v[c] * x[t - 1][c] : 0);
        }
      }
      return y;
    }

    int peak(float[][] x) {
      double[] y = predict(x);
      int best = 0;
      for (int t = 1; t < y.length; t++) {
        if (y[t] > y[best]) {
          best = t;
        }
      }
      return best;
    }

    @Override
    public float[][] gradientOfPeak(float[][] x) {
      int p = peak(x);
      float[][] g = new float[x.length][D];
      for (int c = 0; c < D; c++) {
        g[p][c] = (float) w[c];
        if (p > 0) {
          g[p - 1][c] = (float) v[c];
        }
      }
      return g;
    }
  }

  private static float[][] input(long seed, int steps) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[][] x = new float[steps][D];
    for (float[] r : x) {
      for (int c = 0; c < D; c++) {
        r[c] = (float) rnd.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void handWrittenGradientMatchesFiniteDifferences() {
    LinearModel m = new LinearModel(3);
    float[][] x = input(4, 12);
    int p = m.peak(x);
    float[][] g = m.gradientOfPeak(x);
    // central differences of y[t*] with t* held fixed (the peak does not move for small steps)
    double h = 1e-2;
    for (int t : new int[] {p - 1, p, Math.min(p + 1, 11)}) {
      if (t < 0) {
        continue;
      }
      for (int c = 0; c < D; c += 13) {
        float keep = x[t][c];
        x[t][c] = (float) (keep + h);
        double up = m.predict(x)[p];
        x[t][c] = (float) (keep - h);
        double down = m.predict(x)[p];
        x[t][c] = keep;
        double fd = (up - down) / ((float) (keep + h) - (float) (keep - h));
        assertEquals(fd, g[t][c], 1e-4, "step " + t + ", column " + c);
      }
    }
  }

  @Test
  void trialMapIsTheTimeAveragedPeakGradient() {
    LinearModel m = new LinearModel(5);
    PeakResponseSaliency s = new PeakResponseSaliency(LAYOUT, m);
    float[][] x = input(6, 20);
    int p = m.peak(x);
    SaliencyMap map = s.trial(x);
    for (int b = 0; b < 4; b++) {
      for (int k = 0; k < 32; k++) {
        int c = 32 * b + k;
        double expected = ((double) (float) m.w[c] + (p > 0 ? (double) (float) m.v[c] : 0)) / 20.0;
        assertEquals(expected, map.value(k, b), 1e-12, "channel " + k + ", band " + b);
      }
    }
  }

  @Test
  void subjectMapAveragesTrialsThenNormalisesJointly() {
    LinearModel m = new LinearModel(8);
    PeakResponseSaliency s = new PeakResponseSaliency(LAYOUT, m);
    List<float[][]> trials = new ArrayList<>();
    double[][] sum = new double[32][4];
    int[] lengths = {9, 14, 30};
    for (int i = 0; i < lengths.length; i++) {
      float[][] x = input(100 + i, lengths[i]);
      trials.add(x);
      int p = m.peak(x);
      for (int c = 0; c < D; c++) {
        sum[c % 32][c / 32] +=
            ((double) (float) m.w[c] + (p > 0 ? (double) (float) m.v[c] : 0))
                / lengths[i]
                / lengths.length;
      }
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] r : sum) {
      for (double v : r) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    SaliencyMap subject = s.subject(trials);
    for (int k = 0; k < 32; k++) {
      for (int b = 0; b < 4; b++) {
        assertEquals((sum[k][b] - min) / (max - min), subject.value(k, b), 1e-9);
      }
    }
    SaliencyMap overall =
        SaliencyMap.mean(List.of(subject, s.subject(List.of(input(200, 7), input(201, 8)))));
    assertTrue(overall.max() <= 1 && overall.min() >= 0, overall.toString());
  }

  @Test
  void badInputNamesTheProblem() {
    PeakResponseSaliency s = new PeakResponseSaliency(LAYOUT, new LinearModel(1));
    IllegalArgumentException width =
        assertThrows(IllegalArgumentException.class, () -> s.trial(new float[5][192]));
    assertTrue(
        width.getMessage().contains("x width must be 128 (32 channels x 4 bands), got 192"),
        width.getMessage());
    float[][] x = input(1, 4);
    x[2][9] = Float.NaN;
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> s.trial(x));
    assertTrue(nan.getMessage().contains("NaN at step 2, column 9"), nan.getMessage());
    PeakResponseSaliency shortGradient =
        new PeakResponseSaliency(LAYOUT, in -> new float[in.length - 1][D]);
    IllegalArgumentException shape =
        assertThrows(IllegalArgumentException.class, () -> shortGradient.trial(input(2, 6)));
    assertTrue(shape.getMessage().contains("must have 6 steps like x, got 5"), shape.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.subject(List.of()));
  }
}
