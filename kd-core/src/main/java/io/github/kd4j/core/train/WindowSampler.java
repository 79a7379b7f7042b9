package io.github.kd4j.core.train;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import java.util.SplittableRandom;

/**
 * Fills the inputs of one training window. The default copies the trial's per-step features; a
 * frame teacher (kd-vision) draws a frame per 16-frame group, a crop and a flip per window (SPEC
 * 4.1) and writes the backbone's embeddings instead. Called once per window per epoch, in batch
 * order, with the epoch's {@link RunSeeds#framePicks()} and {@link RunSeeds#crops()} streams, so
 * that a resumed run draws exactly what an uninterrupted one draws.
 */
@FunctionalInterface
public interface WindowSampler {

  /** Copies features: the sampler of every per-step input. */
  WindowSampler FEATURES =
      new WindowSampler() {
        @Override
        public void fill(
            Trial trial,
            WindowPlan.Window window,
            SplittableRandom framePicks,
            SplittableRandom crops,
            float[] dst,
            int offset) {
          float[][] f = trial.featuresView();
          int d = trial.featureSize();
          for (int t = 0; t < window.valid(); t++) {
            System.arraycopy(f[window.start() + t], 0, dst, offset + t * d, d);
          }
        }

        @Override
        public String toString() {
          return "features";
        }
      };

  /**
   * Writes the {@code window.valid()} real steps of the window into {@code dst}, step-major from
   * {@code offset}, {@code trial.featureSize()} values per step (the rest stays zero: padding).
   */
  void fill(
      Trial trial,
      WindowPlan.Window window,
      SplittableRandom framePicks,
      SplittableRandom crops,
      float[] dst,
      int offset);
}
