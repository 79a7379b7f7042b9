package io.github.kd4j.eeg.saliency;

/**
 * The gradient of a trained sequence model's peak prediction with respect to its input (SPEC 10):
 * given one trial's features {@code x} ({@code T x D}, time on the first axis), predict the trace
 * {@code y[0..T-1]}, take {@code t* = argmax_t y[t]} (the first maximum on ties) and return {@code
 * d y[t*] / d x}, again {@code T x D}. Rows after {@code t*} are zero for a causal network.
 *
 * <p>Implementations must not modify {@code x}. Implemented by the network's backward pass; in
 * tests, by models whose gradient is known in closed form.
 */
@FunctionalInterface
public interface InputGradient {
  /**
   * The gradient of the peak prediction.
   *
   * @param x one trial's features, {@code T x D}
   * @return {@code d y[t*] / d x}, {@code T x D}
   */
  float[][] gradientOfPeak(float[][] x);
}
