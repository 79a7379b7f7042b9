package io.github.kd4j.eeg.saliency;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A channels x bands saliency matrix (SPEC 10): {@code value(k, b)} for channel {@code k} and band
 * {@code b} of a {@link FeatureLayout}.
 *
 * <p>The SPEC 10 recipe in these terms:
 *
 * <pre>{@code
 * SaliencyMap trial = SaliencyMap.fromGradient(layout, grad);       // T x (nBands*nChannels), mean over t
 * SaliencyMap subject = SaliencyMap.mean(trials).normalised();      // mean over trials, joint min-max
 * SaliencyMap overall = SaliencyMap.mean(subjects);                 // mean of normalised subjects
 * }</pre>
 *
 * <p>Values are signed (the time-averaged gradient is not rectified). Immutable and thread-safe;
 * accessors copy.
 */
public final class SaliencyMap {
  private final FeatureLayout layout;
  private final double[][] values;

  private SaliencyMap(FeatureLayout layout, double[][] values) {
    this.layout = layout;
    this.values = values;
  }

  /**
   * A map from values indexed {@code [channel][band]}.
   *
   * @throws IllegalArgumentException when the shape is not {@code nChannels x nBands} or a value is
   *     not finite (naming the channel and band)
   */
  public static SaliencyMap of(FeatureLayout layout, double[][] values) {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(values, "values");
    if (values.length != layout.nChannels()) {
      throw new IllegalArgumentException(
          "values must have " + layout.nChannels() + " rows (channels), got " + values.length);
    }
    double[][] copy = new double[values.length][];
    for (int k = 0; k < values.length; k++) {
      if (values[k] == null || values[k].length != layout.nBands()) {
        throw new IllegalArgumentException(
            "values row of channel "
                + layout.channels().get(k)
                + " must have "
                + layout.nBands()
                + " bands, got "
                + (values[k] == null ? "null" : values[k].length));
      }
      for (int b = 0; b < layout.nBands(); b++) {
        checkFinite(layout, k, b, values[k][b], "value");
      }
      copy[k] = values[k].clone();
    }
    return new SaliencyMap(layout, copy);
  }

  /**
   * The time average of an input gradient: {@code value(k, b) = (1/T) sum_t grad[t][b * nChannels +
   * k]}.
   *
   * @param gradient {@code T x layout.width()}, time on the first axis, {@code T >= 1}
   * @throws IllegalArgumentException for an empty gradient, a row whose width is not {@code
   *     layout.width()} (stating the expected channels x bands), or a non-finite value (naming the
   *     step, channel and band)
   */
  public static SaliencyMap fromGradient(FeatureLayout layout, float[][] gradient) {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(gradient, "gradient");
    if (gradient.length == 0) {
      throw new IllegalArgumentException("gradient must have at least 1 time step, got 0");
    }
    double[][] sum = new double[layout.nChannels()][layout.nBands()];
    for (int t = 0; t < gradient.length; t++) {
      float[] row = gradient[t];
      if (row == null || row.length != layout.width()) {
        throw new IllegalArgumentException(
            "gradient width must be "
                + layout.width()
                + " ("
                + layout.nChannels()
                + " channels x "
                + layout.nBands()
                + " bands, band-major), got "
                + (row == null ? "null" : row.length)
                + " at step "
                + t);
      }
      for (int b = 0; b < layout.nBands(); b++) {
        for (int k = 0; k < layout.nChannels(); k++) {
          float g = row[b * layout.nChannels() + k];
          if (!Float.isFinite(g)) {
            throw new IllegalArgumentException(
                "gradient must be finite, got "
                    + g
                    + " at step "
                    + t
                    + ", channel "
                    + layout.channels().get(k)
                    + ", band "
                    + layout.bands().get(b).label());
          }
          sum[k][b] += g;
        }
      }
    }
    for (double[] r : sum) {
      for (int b = 0; b < r.length; b++) {
        r[b] /= gradient.length;
      }
    }
    return new SaliencyMap(layout, sum);
  }

  /**
   * The element-wise mean of maps of one layout (over a subject's trials, or over subjects for the
   * overall map).
   *
   * @throws IllegalArgumentException for an empty list or maps of different layouts
   */
  public static SaliencyMap mean(List<SaliencyMap> maps) {
    Objects.requireNonNull(maps, "maps");
    if (maps.isEmpty()) {
      throw new IllegalArgumentException("maps must not be empty, got 0 maps");
    }
    FeatureLayout layout = maps.get(0).layout;
    double[][] sum = new double[layout.nChannels()][layout.nBands()];
    for (int i = 0; i < maps.size(); i++) {
      SaliencyMap m = maps.get(i);
      if (!m.layout.equals(layout)) {
        throw new IllegalArgumentException(
            "maps must share one layout, got "
                + m.layout
                + " at index "
                + i
                + " and "
                + layout
                + " at index 0");
      }
      for (int k = 0; k < sum.length; k++) {
        for (int b = 0; b < sum[k].length; b++) {
          sum[k][b] += m.values[k][b];
        }
      }
    }
    for (double[] r : sum) {
      for (int b = 0; b < r.length; b++) {
        r[b] /= maps.size();
      }
    }
    return new SaliencyMap(layout, sum);
  }

  /**
   * Joint min-max normalisation over the whole matrix (all channels and all bands together, so
   * bands stay comparable; SPEC 10): {@code (v - min) / (max - min)}, in {@code [0, 1]}.
   *
   * @throws IllegalArgumentException when every value is equal (zero range): there is nothing to
   *     normalise, and a silent 0 or NaN map would hide a dead network or a zero gradient
   */
  public SaliencyMap normalised() {
    double min = min();
    double max = max();
    if (!(max > min)) {
      throw new IllegalArgumentException(
          "saliency values must not all be equal for min-max normalisation (zero range), got "
              + min
              + " everywhere");
    }
    double[][] out = new double[values.length][];
    for (int k = 0; k < values.length; k++) {
      out[k] = new double[values[k].length];
      for (int b = 0; b < out[k].length; b++) {
        out[k][b] = (values[k][b] - min) / (max - min);
      }
    }
    return new SaliencyMap(layout, out);
  }

  /** The layout. */
  public FeatureLayout layout() {
    return layout;
  }

  /** The value of channel {@code channel} and band {@code band}. */
  public double value(int channel, int band) {
    return values[channel][band];
  }

  /** The value of the named channel and band. */
  public double value(String channel, String band) {
    return values[layout.channelIndex(channel)][layout.bandIndex(band)];
  }

  /** A copy of the values, {@code [channel][band]}. */
  public double[][] values() {
    double[][] out = new double[values.length][];
    for (int k = 0; k < values.length; k++) {
      out[k] = values[k].clone();
    }
    return out;
  }

  /** The values of one band over the channels, in channel order (one topographic map). */
  public double[] band(int band) {
    double[] out = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      out[k] = values[k][band];
    }
    return out;
  }

  /** The smallest value. */
  public double min() {
    return Arrays.stream(values).flatMapToDouble(Arrays::stream).min().orElseThrow();
  }

  /** The largest value. */
  public double max() {
    return Arrays.stream(values).flatMapToDouble(Arrays::stream).max().orElseThrow();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaliencyMap m
        && layout.equals(m.layout)
        && Arrays.deepEquals(values, m.values);
  }

  @Override
  public int hashCode() {
    return 31 * layout.hashCode() + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "SaliencyMap["
        + layout.nChannels()
        + " channels x "
        + layout.bands()
        + ", min "
        + min()
        + ", max "
        + max()
        + "]";
  }

  private static void checkFinite(FeatureLayout layout, int k, int b, double v, String what) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(
          what
              + " must be finite, got "
              + v
              + " at channel "
              + layout.channels().get(k)
              + ", band "
              + layout.bands().get(b).label());
    }
  }
}
