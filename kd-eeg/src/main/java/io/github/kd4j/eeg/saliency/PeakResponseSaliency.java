package io.github.kd4j.eeg.saliency;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Peak-response saliency (SPEC 10): for each trial, the gradient of the peak prediction with
 * respect to the band-power input, averaged over time; averaged over a subject's trials and min-max
 * normalised jointly over the whole channels x bands matrix; averaged over subjects for the overall
 * map.
 *
 * <pre>{@code
 * PeakResponseSaliency s = new PeakResponseSaliency(FeatureLayout.mahnobFeatures(), network::gradientOfPeak);
 * SaliencyMap subject = s.subject(testTrialsOfSubject);             // 32 x 4, in [0, 1]
 * SaliencyMap overall = SaliencyMap.mean(List.of(subject1, subject2, ...));
 * }</pre>
 *
 * <p>Thread-safe when the {@link InputGradient} is.
 */
public final class PeakResponseSaliency {
  private final FeatureLayout layout;
  private final InputGradient gradient;

  /**
   * @param layout the feature layout of the model's input
   * @param gradient the model's peak-response input gradient
   */
  public PeakResponseSaliency(FeatureLayout layout, InputGradient gradient) {
    this.layout = Objects.requireNonNull(layout, "layout");
    this.gradient = Objects.requireNonNull(gradient, "gradient");
  }

  /**
   * The time-averaged peak-response gradient of one trial, not normalised.
   *
   * @param x features {@code T x layout.width()}, finite
   * @throws IllegalArgumentException for an input of the wrong width or with a non-finite value, or
   *     a gradient of a different shape than {@code x}
   */
  public SaliencyMap trial(float[][] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must have at least 1 time step, got 0");
    }
    for (int t = 0; t < x.length; t++) {
      if (x[t] == null || x[t].length != layout.width()) {
        throw new IllegalArgumentException(
            "x width must be "
                + layout.width()
                + " ("
                + layout.nChannels()
                + " channels x "
                + layout.nBands()
                + " bands), got "
                + (x[t] == null ? "null" : x[t].length)
                + " at step "
                + t);
      }
      for (int c = 0; c < x[t].length; c++) {
        if (!Float.isFinite(x[t][c])) {
          throw new IllegalArgumentException(
              "x must be finite, got " + x[t][c] + " at step " + t + ", column " + c);
        }
      }
    }
    float[][] g = gradient.gradientOfPeak(x);
    if (g == null || g.length != x.length) {
      throw new IllegalArgumentException(
          "gradient must have "
              + x.length
              + " steps like x, got "
              + (g == null ? "null" : g.length));
    }
    return SaliencyMap.fromGradient(layout, g);
  }

  /**
   * One subject's map: the mean of {@link #trial} over the trials, min-max normalised over the
   * whole matrix.
   *
   * @throws IllegalArgumentException for no trials, or when every value of the mean is equal
   */
  public SaliencyMap subject(List<float[][]> trials) {
    Objects.requireNonNull(trials, "trials");
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("trials must not be empty, got 0 trials");
    }
    List<SaliencyMap> maps = new ArrayList<>(trials.size());
    for (float[][] x : trials) {
      maps.add(trial(x));
    }
    return SaliencyMap.mean(maps).normalised();
  }

  /** The layout. */
  public FeatureLayout layout() {
    return layout;
  }

  @Override
  public String toString() {
    return "PeakResponseSaliency[" + layout + "]";
  }
}
