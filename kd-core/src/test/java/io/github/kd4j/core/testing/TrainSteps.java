package io.github.kd4j.core.testing;

import io.github.kd4j.core.nn.Adam;
import io.github.kd4j.core.nn.SequenceNetwork;
import io.github.kd4j.core.nn.TrainingBatch;
import io.github.kd4j.core.train.LossValue;
import io.github.kd4j.core.train.TrainingLoss;
import java.util.SplittableRandom;

/** One training step as the trainer takes it: loss gradients, then Adam. */
public final class TrainSteps {
  private TrainSteps() {}

  /** Forward, loss with KD weight {@code w}, backward; gradients in {@code net.gradientArray()}. */
  public static LossValue gradients(
      SequenceNetwork net, TrainingBatch batch, double w, SplittableRandom rng) {
    return TrainingLoss.forKdWeight(w).computeGradients(net, batch, rng);
  }

  /** {@link #gradients} then one Adam step; returns the loss before the update. */
  public static LossValue trainStep(
      SequenceNetwork net, TrainingBatch batch, double w, Adam adam, SplittableRandom rng) {
    LossValue l = gradients(net, batch, w, rng);
    adam.step(net);
    return l;
  }
}
