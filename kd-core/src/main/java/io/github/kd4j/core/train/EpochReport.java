package io.github.kd4j.core.train;

import java.util.Locale;

/**
 * What happened in one epoch.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean training loss over the epoch's steps
 * @param trainCcc mean of the CCC part of the loss, as {@code 1 - mean(1 - ccc)}
 * @param validationCcc CCC of the stitched validation trials (SPEC 9)
 * @param learningRate learning rate used during the epoch
 * @param improved whether the validation CCC beat the best so far
 * @param bestEpoch the best epoch so far (whose weights are now loaded)
 * @param bestValidationCcc its validation CCC
 * @param seconds wall-clock time of the epoch
 */
public record EpochReport(
    int epoch,
    double trainLoss,
    double trainCcc,
    double validationCcc,
    double learningRate,
    boolean improved,
    int bestEpoch,
    double bestValidationCcc,
    double seconds) {
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "epoch %d: train loss %.4f (ccc %.4f), validation ccc %.4f%s, lr %.2e, best %.4f @%d, %.1f s",
        epoch,
        trainLoss,
        trainCcc,
        validationCcc,
        improved ? " *" : "",
        learningRate,
        bestValidationCcc,
        bestEpoch,
        seconds);
  }
}
