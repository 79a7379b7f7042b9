package io.github.kd4j.core.train;

import io.github.kd4j.core.nn.SequenceNetwork;
import io.github.kd4j.core.nn.TrainingBatch;
import java.util.Arrays;

/**
 * The student loss of SPEC 6: {@code (1 - CCC) + w * L1}, where {@code 1 - CCC} is {@link CccLoss}
 * and {@code L1 = mean |V_t - V_s|} over the valid steps of all windows and all feature channels,
 * {@code V_t} the teacher's ST features (the knowledge, {@link TrainingBatch#teacher()}) and {@code
 * V_s} the student's. The L1 subgradient at {@code V_s = V_t} is 0.
 */
public final class DistillationLoss implements TrainingLoss {
  private final double kdWeight;

  /**
   * A loss with knowledge weight {@code w}.
   *
   * @throws IllegalArgumentException for {@code w < 0}, NaN or infinite
   */
  public DistillationLoss(double w) {
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("kdWeight must be a finite number >= 0, got " + w);
    }
    this.kdWeight = w;
  }

  @Override
  public LossValue compute(
      TrainingBatch batch, SequenceNetwork.Forward out, float[] dValence, float[] dFeatures) {
    if (!batch.hasTeacher()) {
      throw new IllegalArgumentException(
          "kdWeight is " + kdWeight + " but the batch has no teacher features");
    }
    int bsz = batch.batch();
    int steps = batch.steps();
    int rows = bsz * steps;
    float[] teacher = batch.teacher();
    float[] f = out.features();
    if (teacher.length % rows != 0 || f.length < teacher.length) {
      throw new IllegalArgumentException(
          "teacher features must have the student's width ("
              + f.length / rows
              + " per step), got "
              + teacher.length / (double) rows);
    }
    int cl = teacher.length / rows;
    double ccc = CccLoss.cccPart(batch, out.valence(), dValence);
    Arrays.fill(dFeatures, 0, rows * cl, 0f);
    long count = 0;
    for (int b = 0; b < bsz; b++) {
      count += (long) batch.valid(b) * cl;
    }
    float coef = (float) (kdWeight / count);
    double kd = 0;
    for (int b = 0; b < bsz; b++) {
      int end = (b * steps + batch.valid(b)) * cl;
      for (int e = b * steps * cl; e < end; e++) {
        float diff = f[e] - teacher[e];
        kd += Math.abs(diff);
        dFeatures[e] = diff > 0 ? coef : (diff < 0 ? -coef : 0f);
      }
    }
    kd /= count;
    return new LossValue(ccc + kdWeight * kd, ccc, kd);
  }

  @Override
  public boolean usesFeatures() {
    return true;
  }

  @Override
  public double kdWeight() {
    return kdWeight;
  }

  @Override
  public String toString() {
    return "DistillationLoss{(1 - CCC) + " + kdWeight + " * mean|V_t - V_s|}";
  }
}
