package io.github.kd4j.core.train;

import io.github.kd4j.core.nn.SequenceNetwork;
import io.github.kd4j.core.nn.TrainingBatch;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A training objective over a batch of windows: its value and its gradients with respect to the
 * network's two outputs (valence and ST features). Losses are values passed to the {@link Trainer};
 * the networks know nothing of them. Implementations: {@link CccLoss} (SPEC 6) and {@link
 * DistillationLoss} (SPEC 6: CCC loss plus {@code w * L1} against the teacher's knowledge).
 *
 * <p>Only the valid (not zero-padded) steps of each window count ({@link TrainingBatch#valid}).
 * Implementations are immutable and thread-safe.
 */
public interface TrainingLoss {

  /**
   * Computes the loss of {@code out} against {@code batch} and writes its gradients: {@code
   * dValence[b * steps + t]} and, when {@link #usesFeatures()}, {@code dFeatures[(b * steps + t) *
   * featureSize + f]} (overwritten, zero on padded steps).
   *
   * @throws IllegalArgumentException when the batch lacks what the loss needs (knowledge), or the
   *     loss is undefined for a window (naming it)
   */
  LossValue compute(
      TrainingBatch batch, SequenceNetwork.Forward out, float[] dValence, float[] dFeatures);

  /** Whether the loss depends on the ST features (and so needs knowledge in every batch). */
  boolean usesFeatures();

  /** The knowledge weight {@code w} of the loss (0 for the plain CCC loss). */
  double kdWeight();

  /**
   * The loss for a KD weight: {@link CccLoss} for {@code w = 0}, else {@link DistillationLoss}.
   *
   * @throws IllegalArgumentException for {@code w < 0}, NaN or infinite
   */
  static TrainingLoss forKdWeight(double w) {
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("kdWeight must be a finite number >= 0, got " + w);
    }
    return w == 0 ? CccLoss.INSTANCE : new DistillationLoss(w);
  }

  /**
   * Forward pass, loss and backward pass in one call: afterwards {@code net.gradientArray()} holds
   * the gradients of the returned loss. With {@code rng == null} no dropout is applied.
   */
  default LossValue computeGradients(
      SequenceNetwork net, TrainingBatch batch, SplittableRandom rng) {
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(batch, "batch");
    if (batch.inputSize() != net.inputSize()) {
      throw new IllegalArgumentException(
          "batch must have " + net.inputSize() + " features per step, got " + batch.inputSize());
    }
    SequenceNetwork.Forward out = net.forward(batch.inputs(), batch.batch(), batch.steps(), rng);
    int rows = batch.batch() * batch.steps();
    float[] dValence = new float[rows];
    float[] dFeatures = usesFeatures() ? new float[rows * net.featureSize()] : null;
    LossValue loss = compute(batch, out, dValence, dFeatures);
    net.backward(dValence, dFeatures, false);
    return loss;
  }
}
