package io.github.kd4j.core.model;

import io.github.kd4j.core.nn.TcnStream;
import java.util.Objects;

/**
 * A trained {@link SequenceRegressor} evaluated step by step for online use: the input
 * standardisation (if the model has one) followed by a {@link TcnStream}. Step {@code t} equals
 * step {@code t} of {@link SequenceRegressor#predict} on the whole sequence {@code x[0..t]} (one
 * window, zero left padding) to float rounding; see {@link TcnStream} for why it differs from the
 * stitched 96-step windows of SPEC 9 near window starts.
 *
 * <p>Layout: one input row {@code x[inputSize]} per 4 Hz step, time implicit in call order. Not
 * thread-safe; one stream per live signal.
 *
 * <pre>{@code
 * ValenceStream s = student.model().newStream();
 * float v = s.step(bandPowerRow); // 192 values
 * }</pre>
 */
public final class ValenceStream {
  private final TcnStream net;
  private final Standardizer standardizer;
  private final float[] scratch;

  ValenceStream(TcnStream net, Standardizer standardizer) {
    this.net = Objects.requireNonNull(net, "net");
    this.standardizer = standardizer;
    this.scratch = new float[net.config().inputSize()];
  }

  /** Input features per step. */
  public int inputSize() {
    return net.config().inputSize();
  }

  /** The first {@code receptiveField - 1} outputs after a (re)start see zero padding. */
  public int warmUpSteps() {
    return net.warmUpSteps();
  }

  /** Steps since creation or the last {@link #reset}. */
  public long steps() {
    return net.steps();
  }

  /** Forgets the past (the next step is step 0 of a new sequence). */
  public void reset() {
    net.reset();
  }

  /**
   * The valence of one new step.
   *
   * @param x {@code inputSize} finite raw (unstandardised) features
   * @throws IllegalArgumentException for a wrong length
   */
  public float step(float[] x) {
    if (standardizer == null) {
      return net.step(x);
    }
    float[] mean = standardizer.mean();
    float[] std = standardizer.std();
    if (x.length != mean.length) {
      throw new IllegalArgumentException(
          "x must have inputSize = " + mean.length + " values, got " + x.length);
    }
    for (int c = 0; c < scratch.length; c++) {
      scratch[c] = (x[c] - mean[c]) / std[c];
    }
    return net.step(scratch);
  }

  /** The ST features {@code [c_L]} of the last step (a copy). */
  public float[] features() {
    return net.features();
  }

  @Override
  public String toString() {
    return "ValenceStream{" + net + ", standardized=" + (standardizer != null) + "}";
  }
}
