package io.github.kd4j.core.nn;

import io.github.kd4j.core.train.CccLoss;
import io.github.kd4j.core.train.DistillationLoss;
import io.github.kd4j.core.train.LossValue;
import io.github.kd4j.core.train.TrainingLoss;

/**
 * Test helper: the SPEC 6 student loss (through kd-core's {@link CccLoss} and {@link
 * DistillationLoss}) over the valid steps of each window and its gradients with respect to a {@link
 * SequenceNetwork}'s outputs, in double precision. {@code ccc} is the mean over windows of {@code 1
 * - CCC(pred, label)} along the valid steps (population moments); {@code kd} is the mean of {@code
 * |teacher - features|} over valid steps and features (0 without a teacher).
 */
final class SequenceLoss {
  /** The loss parts and the gradients {@code dValence [rows]}, {@code dFeatures [rows * F]}. */
  record Result(double ccc, double kd, double total, float[] dValence, float[] dFeatures) {}

  private SequenceLoss() {}

  static Result of(
      SequenceNetwork.Forward out,
      int featureSize,
      float[] label,
      int[] valid,
      float[] teacher,
      double kdWeight) {
    int rows = out.batch() * out.steps();
    TrainingBatch batch =
        new TrainingBatch(out.batch(), out.steps(), 1, new float[rows], label, valid, teacher);
    TrainingLoss loss = teacher == null ? CccLoss.INSTANCE : new DistillationLoss(kdWeight);
    float[] dValence = new float[rows];
    float[] dFeatures = teacher == null ? null : new float[rows * featureSize];
    LossValue v = loss.compute(batch, out, dValence, dFeatures);
    return new Result(v.ccc(), v.kd(), v.total(), dValence, dFeatures);
  }
}
