package io.github.kd4j.core.train;

/**
 * Receives progress from a {@link Trainer}: every training step and every finished epoch. Called on
 * the training thread; keep it quick. All methods default to doing nothing.
 */
public interface TrainingListener {
  /** Before the first epoch that this call of {@code fit} runs (after a resume: the next one). */
  default void onStart(int firstEpoch, int maxEpochs, int stepsPerEpoch) {}

  /** After each training step. */
  default void onStep(int epoch, int step, int stepsPerEpoch, double loss) {}

  /** After each epoch's validation. */
  default void onEpoch(EpochReport report) {}

  /** When training ends (not when it is interrupted). */
  default void onEnd(TrainingResult result) {}
}
