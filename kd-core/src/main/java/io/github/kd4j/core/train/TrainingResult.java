package io.github.kd4j.core.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit}: the network then holds the weights of {@code bestEpoch}.
 *
 * @param bestEpoch 1-based epoch with the best validation CCC
 * @param bestValidationCcc that CCC
 * @param epochsRun epochs completed in total (including those before a resume)
 * @param stopReason why training ended
 * @param history one report per completed epoch
 */
public record TrainingResult(
    int bestEpoch,
    double bestValidationCcc,
    int epochsRun,
    StopReason stopReason,
    List<EpochReport> history) {
  /** Why training ended. */
  public enum StopReason {
    /** The configured maximum number of epochs was reached. */
    MAX_EPOCHS,
    /** No validation improvement for the configured patience. */
    EARLY_STOPPING
  }

  /** Copies the history. */
  public TrainingResult {
    history = List.copyOf(history);
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "TrainingResult{best validation ccc %.4f at epoch %d of %d, stopped by %s}",
        bestValidationCcc,
        bestEpoch,
        epochsRun,
        stopReason);
  }
}
