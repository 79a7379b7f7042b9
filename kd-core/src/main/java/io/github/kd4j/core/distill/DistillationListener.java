package io.github.kd4j.core.distill;

import io.github.kd4j.core.train.EpochReport;

/**
 * Progress of {@link CrossModalDistiller#fit} over the whole run: the teacher, the knowledge
 * extraction and one student per KD weight. All methods have empty defaults; they are called on the
 * thread that runs {@code fit}.
 */
public interface DistillationListener {

  /** A stage of the run. */
  enum Stage {
    TEACHER,
    KNOWLEDGE,
    STUDENT
  }

  /** Where the run stands after an epoch: stage, weight, epochs, elapsed and estimated rest. */
  record Progress(
      Stage stage,
      double kdWeight,
      int stageIndex,
      int stages,
      int epoch,
      int maxEpochs,
      double elapsedSeconds,
      double etaSeconds) {}

  /** A stage begins ({@code kdWeight} is NaN for the teacher and the knowledge). */
  default void onStage(Stage stage, double kdWeight, int stageIndex, int stages) {}

  /** An epoch of the teacher or of a student ended. */
  default void onEpoch(Progress progress, EpochReport report) {}

  /** A training step ended (for progress bars). */
  default void onStep(Stage stage, double kdWeight, int step, int steps) {}
}
