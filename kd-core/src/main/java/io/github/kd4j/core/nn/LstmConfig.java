package io.github.kd4j.core.nn;

import io.github.kd4j.core.internal.Checks;

/**
 * Shape of the LSTM baseline (SPEC 13, Soleymani et al. 2016 as the reference implements it): a
 * PyTorch {@code nn.LSTM(inputSize, hidden, num_layers=layers, batch_first=True,
 * bidirectional=bidirectional, dropout=dropout)} followed by a per-step {@code Linear(featureSize,
 * 1)}.
 *
 * <p>Input {@code [batch, T, inputSize]}; features (the top layer's hidden states, forward
 * direction first, then the reverse direction) {@code [batch, T, featureSize()]} with {@code
 * featureSize() = (bidirectional ? 2 : 1) * hidden}; valence {@code [batch, T]}. Dropout acts on
 * the outputs of every layer but the last, in training only (PyTorch's semantics).
 *
 * <pre>{@code
 * LstmConfig cfg = LstmConfig.builder().inputSize(192).build(); // hidden 64, 2 layers, bi, 0.4
 * }</pre>
 *
 * @param inputSize input features per step
 * @param hidden hidden units per direction
 * @param layers stacked LSTM layers
 * @param bidirectional whether each layer also runs backwards in time
 * @param dropout dropout probability between layers, in [0, 1)
 */
public record LstmConfig(
    int inputSize, int hidden, int layers, boolean bidirectional, double dropout) {

  /** Validates every field (the rules of the builder's setters). */
  public LstmConfig {
    Checks.positive("inputSize", inputSize);
    Checks.positive("hidden", hidden);
    Checks.positive("layers", layers);
    Checks.probability("dropout", dropout);
    if (layers > 64) {
      throw new IllegalArgumentException("layers must be <= 64, got " + layers);
    }
  }

  /** A builder with the SPEC 13 defaults: hidden 64, 2 layers, bidirectional, dropout 0.4. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .inputSize(inputSize)
        .hidden(hidden)
        .layers(layers)
        .bidirectional(bidirectional)
        .dropout(dropout);
  }

  /** Number of directions: 2 when bidirectional, else 1. */
  public int directions() {
    return bidirectional ? 2 : 1;
  }

  /** Width of the per-step features: {@code directions() * hidden}. */
  public int featureSize() {
    return directions() * hidden;
  }

  /** Input width of layer {@code l}: {@code inputSize} for layer 0, else {@code featureSize()}. */
  public int layerInput(int l) {
    return l == 0 ? inputSize : featureSize();
  }

  /** Builder of {@link LstmConfig}; each setter checks its argument, {@link #build()} the rest. */
  public static final class Builder {
    private int inputSize = -1;
    private int hidden = 64;
    private int layers = 2;
    private boolean bidirectional = true;
    private double dropout = 0.4;

    private Builder() {}

    /** Number of input features per step (required). */
    public Builder inputSize(int inputSize) {
      this.inputSize = Checks.positive("inputSize", inputSize);
      return this;
    }

    /** Hidden units per direction; default 64. */
    public Builder hidden(int hidden) {
      this.hidden = Checks.positive("hidden", hidden);
      return this;
    }

    /** Stacked layers, 1 to 64; default 2. */
    public Builder layers(int layers) {
      Checks.positive("layers", layers);
      if (layers > 64) {
        throw new IllegalArgumentException("layers must be <= 64, got " + layers);
      }
      this.layers = layers;
      return this;
    }

    /** Whether each layer runs in both directions; default true. */
    public Builder bidirectional(boolean bidirectional) {
      this.bidirectional = bidirectional;
      return this;
    }

    /** Dropout between layers in [0, 1); default 0.4 (has no effect with one layer). */
    public Builder dropout(double dropout) {
      this.dropout = Checks.probability("dropout", dropout);
      return this;
    }

    /** Validates and builds; the builder stays reusable. */
    public LstmConfig build() {
      if (inputSize <= 0) {
        throw new IllegalStateException(
            "inputSize must be set before build(), e.g. inputSize(192)");
      }
      return new LstmConfig(inputSize, hidden, layers, bidirectional, dropout);
    }
  }
}
