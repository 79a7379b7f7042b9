package io.github.kd4j.core.nn;

import java.util.SplittableRandom;

/**
 * A trainable per-step sequence regressor with a hand-derived backward pass: the contract between
 * the networks of kd4j ({@link TemporalConvNet}, the LSTM baseline) and the trainer, the losses and
 * the optimiser. A network is pure: it knows nothing of losses; the trainer computes a loss from
 * the outputs of {@link #forward} and hands its gradients to {@link #backward}.
 *
 * <p>Layouts are step-major and flat: inputs {@code [(b * steps + t) * inputSize() + c]}, valence
 * {@code [b * steps + t]}, features {@code [(b * steps + t) * featureSize() + f]}. Parameters and
 * gradients are one flat array each, in an internal order that only {@link #flatParameters()} and
 * {@link #setFlatParameters} promise to round-trip.
 *
 * <p>Implementations are not thread-safe: one instance per thread.
 */
public interface SequenceNetwork {

  /**
   * The outputs of one forward pass: views into the network's workspace, valid until the next call.
   */
  record Forward(int batch, int steps, float[] valence, float[] features) {}

  /** Input features per step. */
  int inputSize();

  /** Width of the per-step features that a knowledge-distillation term compares (TCN: c_L). */
  int featureSize();

  /** Number of trainable scalars. */
  int parameterCount();

  /**
   * Runs the network over {@code batch * steps} step-major rows of {@code inputs}; with {@code rng
   * == null} in evaluation mode (no dropout), else drawing dropout masks from {@code rng}. The pass
   * is kept for {@link #backward}.
   */
  Forward forward(float[] inputs, int batch, int steps, SplittableRandom rng);

  /**
   * Back-propagates through the last {@link #forward}: {@code dValence} ({@code batch * steps}) and
   * {@code dFeatures} ({@code batch * steps * featureSize()}, or null) are the loss gradients with
   * respect to its outputs. Overwrites {@link #gradientArray()} with the parameter gradients.
   *
   * @return the gradient with respect to the inputs ({@code batch * steps * inputSize()}, a fresh
   *     array) when {@code wantInputGradient}, else null
   */
  float[] backward(float[] dValence, float[] dFeatures, boolean wantInputGradient);

  /** The live flat parameter array (the optimiser updates it in place). */
  float[] parameterArray();

  /** The live flat gradient array of the last {@link #backward}. */
  float[] gradientArray();

  /** A copy of the flat parameters. */
  default float[] flatParameters() {
    return parameterArray().clone();
  }

  /** Restores parameters taken with {@link #flatParameters()} from a network of the same shape. */
  default void setFlatParameters(float[] flat) {
    float[] p = parameterArray();
    if (flat.length != p.length) {
      throw new IllegalArgumentException(
          "flat parameters must have " + p.length + " values, got " + flat.length);
    }
    System.arraycopy(flat, 0, p, 0, p.length);
  }
}
