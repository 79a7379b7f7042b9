package io.github.kd4j.core.nn;

import io.github.kd4j.core.internal.Checks;
import java.util.Arrays;
import java.util.Objects;

/**
 * Shape of a temporal convolutional network and its per-step linear regressor (SPEC section 5).
 *
 * <p>Input {@code [batch, inputSize, T]}; a stack of {@code L = channels().length} temporal blocks,
 * block {@code i} (0-based) with {@code channels()[i]} output channels and dilation {@code 2^i};
 * output features {@code [batch, T, channels()[L-1]]}; regressor {@code Linear(c_L, 1)} per step.
 * Receptive field {@code 1 + 2(k-1)(2^L - 1)} steps.
 *
 * <p>Immutable; build with {@link #builder()}, vary with {@link #toBuilder()}.
 *
 * <pre>{@code
 * TcnConfig cfg = TcnConfig.builder().inputSize(192).channels(128, 128).kernelSize(3).dropout(0.1).build();
 * }</pre>
 */
public final class TcnConfig {
  private final int inputSize;
  private final int[] channels;
  private final int kernelSize;
  private final double dropout;

  private TcnConfig(Builder b) {
    this.inputSize = b.inputSize;
    this.channels = b.channels.clone();
    this.kernelSize = b.kernelSize;
    this.dropout = b.dropout;
  }

  /** A builder with the SPEC defaults: channels [128, 128], kernel 3, dropout 0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .inputSize(inputSize)
        .channels(channels)
        .kernelSize(kernelSize)
        .dropout(dropout);
  }

  /** Number of input features per step. */
  public int inputSize() {
    return inputSize;
  }

  /** Output channels of each block (a copy). */
  public int[] channels() {
    return channels.clone();
  }

  /** Number of temporal blocks {@code L}. */
  public int levels() {
    return channels.length;
  }

  /** Output channels of block {@code i}. */
  public int channels(int i) {
    return channels[i];
  }

  /** Input channels of block {@code i}: the input size for block 0, else the previous block's. */
  public int inputChannels(int i) {
    return i == 0 ? inputSize : channels[i - 1];
  }

  /** Width of the output features, {@code c_L}. */
  public int outputSize() {
    return channels[channels.length - 1];
  }

  /** Convolution kernel size {@code k}. */
  public int kernelSize() {
    return kernelSize;
  }

  /** Dilation of block {@code i}: {@code 2^i}. */
  public int dilation(int i) {
    return 1 << i;
  }

  /** Dropout probability after each PReLU inside a block. */
  public double dropout() {
    return dropout;
  }

  /** Receptive field in steps: {@code 1 + 2(k-1)(2^L - 1)}. */
  public int receptiveField() {
    return 1 + 2 * (kernelSize - 1) * ((1 << channels.length) - 1);
  }

  /** Whether block {@code i} has a 1x1 residual convolution (input and output widths differ). */
  public boolean hasDownsample(int i) {
    return inputChannels(i) != channels[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TcnConfig c
        && c.inputSize == inputSize
        && Arrays.equals(c.channels, channels)
        && c.kernelSize == kernelSize
        && Double.compare(c.dropout, dropout) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputSize, Arrays.hashCode(channels), kernelSize, dropout);
  }

  @Override
  public String toString() {
    return "TcnConfig{inputSize="
        + inputSize
        + ", channels="
        + Arrays.toString(channels)
        + ", kernelSize="
        + kernelSize
        + ", dropout="
        + dropout
        + ", receptiveField="
        + receptiveField()
        + "}";
  }

  /** Builder of {@link TcnConfig}; each setter checks its argument, {@link #build()} the rest. */
  public static final class Builder {
    private int inputSize = -1;
    private int[] channels = {128, 128};
    private int kernelSize = 3;
    private double dropout = 0.1;

    private Builder() {}

    /** Number of input features per step (required), e.g. 192 for SPEC band power. */
    public Builder inputSize(int inputSize) {
      this.inputSize = Checks.positive("inputSize", inputSize);
      return this;
    }

    /** Output channels of each block; default [128, 128]. */
    public Builder channels(int... channels) {
      Objects.requireNonNull(channels, "channels");
      if (channels.length == 0) {
        throw new IllegalArgumentException("channels must name at least one block, got []");
      }
      for (int i = 0; i < channels.length; i++) {
        if (channels[i] <= 0) {
          throw new IllegalArgumentException(
              "channels[" + i + "] must be > 0, got " + Arrays.toString(channels));
        }
      }
      if (channels.length > 16) {
        throw new IllegalArgumentException(
            "channels must have at most 16 blocks (dilation 2^15), got " + channels.length);
      }
      this.channels = channels.clone();
      return this;
    }

    /** Kernel size {@code k}; default 3. */
    public Builder kernelSize(int kernelSize) {
      this.kernelSize = Checks.positive("kernelSize", kernelSize);
      return this;
    }

    /** Dropout probability in [0, 1); default 0.1. */
    public Builder dropout(double dropout) {
      this.dropout = Checks.probability("dropout", dropout);
      return this;
    }

    /** Validates and builds; the builder stays reusable. */
    public TcnConfig build() {
      if (inputSize <= 0) {
        throw new IllegalStateException(
            "inputSize must be set before build(), e.g. inputSize(192)");
      }
      return new TcnConfig(this);
    }
  }
}
