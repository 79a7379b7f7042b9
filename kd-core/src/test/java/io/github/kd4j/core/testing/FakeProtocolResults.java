package io.github.kd4j.core.testing;

import io.github.kd4j.core.protocol.FoldResult;
import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.core.protocol.ModelKind;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.VarianceConvention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fake but plausible protocol results for tests of aggregation, writers and charts: numbers near
 * the paper's (SPEC 11), fold difficulty shared by all models of a fold, KD helping a little with a
 * peak at w = 1.0 (TRS) and 0.4 (LOSO). Not a reference: tests use it for shapes and wiring only.
 */
public final class FakeProtocolResults {
  private FakeProtocolResults() {}

  /** Weights 0, 0.2, ..., 2.0. */
  public static final double[] WEIGHTS = {0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0};

  /** TRS with 10 folds and LOSO with {@code losoFolds} folds, all models, one seed. */
  public static ProtocolResults plausible(long seed, int losoFolds) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<FoldResult> out = new ArrayList<>();
    for (FoldScheme scheme : FoldScheme.values()) {
      int folds = scheme == FoldScheme.TRS ? 10 : losoFolds;
      double spread = scheme == FoldScheme.TRS ? 0.2 : 0.25;
      double bestW = scheme == FoldScheme.TRS ? 1.0 : 0.4;
      for (int f = 0; f < folds; f++) {
        double difficulty = (rng.nextDouble() - 0.5) * 2 * spread;
        add(out, rng, scheme, f, ModelKind.TEACHER, 0, 0.67 + difficulty * 0.4, 0.054);
        add(out, rng, scheme, f, ModelKind.LSTM_VISUAL, 0, 0.59 + difficulty * 0.6, 0.058);
        add(out, rng, scheme, f, ModelKind.LSTM_EEG, 0, 0.33 + difficulty, 0.080);
        for (double w : WEIGHTS) {
          double gain = w == 0 ? 0 : 0.02 - 0.012 * Math.abs(w - bestW);
          add(out, rng, scheme, f, ModelKind.STUDENT, w, 0.415 + difficulty + gain, 0.066);
        }
      }
    }
    return ProtocolResults.of(out);
  }

  private static void add(
      List<FoldResult> out,
      SplittableRandom rng,
      FoldScheme scheme,
      int fold,
      ModelKind model,
      double w,
      double ccc,
      double rmse) {
    MetricSet val = metrics(rng, ccc + 0.02, rmse);
    MetricSet test = metrics(rng, ccc, rmse);
    Map<String, MetricSet> trials = new LinkedHashMap<>();
    for (int t = 0; t < 3; t++) {
      trials.put("P" + (fold + 1) + "-trial-" + (2 * t + 2), metrics(rng, ccc - 0.05, rmse));
    }
    out.add(
        new FoldResult(
            scheme,
            fold,
            model,
            w,
            42,
            val,
            test,
            trials,
            60 + 30 * rng.nextDouble(),
            1 + rng.nextInt(15)));
  }

  private static MetricSet metrics(SplittableRandom rng, double ccc, double rmse) {
    double c = clamp(ccc + 0.01 * rng.nextGaussian());
    double p = clamp(c + 0.02 + 0.005 * rng.nextGaussian());
    double r = Math.max(0.01, rmse * (1 - 0.5 * (c - 0.4)) + 0.002 * rng.nextGaussian());
    return new MetricSet(r, p, c, VarianceConvention.POPULATION);
  }

  private static double clamp(double v) {
    return Math.max(-0.95, Math.min(0.95, v));
  }
}
