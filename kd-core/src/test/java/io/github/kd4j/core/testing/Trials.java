package io.github.kd4j.core.testing;

import io.github.kd4j.core.data.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small synthetic trials whose label is a causal function of the features, so that a TCN can learn
 * it: {@code y_t = 0.5 * mean(x_0[t-3..t]) - 0.3 * x_1[t-1]} over smoothed random features.
 */
public final class Trials {
  private Trials() {}

  /**
   * {@code n} trials of {@code d >= 2} features and 60 to 200 steps, for subject {@code "s" + i %
   * 3}.
   */
  public static List<Trial> synthetic(int n, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Trial> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int steps = 60 + r.nextInt(141);
      float[][] x = new float[steps][d];
      for (int c = 0; c < d; c++) {
        double v = 0;
        for (int t = 0; t < steps; t++) {
          v = 0.8 * v + 0.6 * r.nextGaussian();
          x[t][c] = (float) v;
        }
      }
      float[] y = new float[steps];
      for (int t = 0; t < steps; t++) {
        double m = 0;
        int cnt = 0;
        for (int s = Math.max(0, t - 3); s <= t; s++) {
          m += x[s][0];
          cnt++;
        }
        y[t] = (float) (0.5 * m / cnt - 0.3 * (t > 0 ? x[t - 1][1] : 0));
      }
      out.add(Trial.of("trial-" + i, "s" + (i % 3), x, y));
    }
    return out;
  }
}
