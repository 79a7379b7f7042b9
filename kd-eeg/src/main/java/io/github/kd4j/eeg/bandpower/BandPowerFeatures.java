package io.github.kd4j.eeg.bandpower;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Band-power features of one recording: one row per window, band-major (SPEC 3.5).
 *
 * <p>Row {@code k} is window {@code k} (samples {@code [k hop, k hop + window)}); column {@code b C
 * + c} is band {@code b} of channel {@code c}: {@code [band0 ch0..ch(C-1), band1 ch0.., ...]}, i.e.
 * {@code [delta ch1..ch32, theta ch1..ch32, ..., gamma ch1..ch32]} for the default 6 bands and 32
 * channels (192 columns). Values are relative power (unit-free) or absolute power (signal unit
 * squared, e.g. V^2 for volts) as {@link #relative()} says. A recording shorter than one window
 * (plus one sample) has zero rows.
 *
 * @param values {@code [windows][bands.size() * channels]}; copied on the way in and out
 * @param bands the bands, in column-block order
 * @param channels number of channels {@code C}
 * @param relative whether values are relative power
 */
public record BandPowerFeatures(
    double[][] values, List<FrequencyBand> bands, int channels, boolean relative) {

  /** Validates the shape and copies the values. */
  public BandPowerFeatures {
    bands = List.copyOf(bands);
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, got " + channels);
    }
    int width = bands.size() * channels;
    double[][] copy = new double[values.length][];
    for (int k = 0; k < values.length; k++) {
      if (values[k].length != width) {
        throw new IllegalArgumentException(
            "values row "
                + k
                + " must have bands * channels = "
                + bands.size()
                + " * "
                + channels
                + " = "
                + width
                + " values, got "
                + values[k].length);
      }
      copy[k] = values[k].clone();
    }
    values = copy;
  }

  /** A deep copy of the values {@code [windows][bands * channels]}. */
  @Override
  public double[][] values() {
    double[][] copy = new double[values.length][];
    for (int k = 0; k < values.length; k++) {
      copy[k] = values[k].clone();
    }
    return copy;
  }

  /**
   * These features with their labels as a multimodal trial for {@code CrossModalDistiller}: one 4
   * Hz step per window, time first; streams whose lengths differ by one step are trimmed, by more
   * is an error naming the trial (SPEC 2).
   *
   * @param labels one label per window
   * @param visual the trial's visual stream (per-step features or frames)
   */
  public io.github.kd4j.core.distill.PairedTrial toPairedTrial(
      String id, String subject, float[] labels, io.github.kd4j.core.distill.VisualInput visual) {
    return io.github.kd4j.core.distill.PairedTrial.of(id, subject, labels, toFloats(), visual);
  }

  /**
   * These features with their labels as a kd-core trial (the student's input), one step per window,
   * time first.
   *
   * @throws IllegalArgumentException naming the trial when the labels do not have one value per
   *     window
   */
  public io.github.kd4j.core.data.Trial toTrial(String id, String subject, float[] labels) {
    return io.github.kd4j.core.data.Trial.of(id, subject, toFloats(), labels);
  }

  /** The values as float, {@code [windows][bands * channels]} (e.g. as model input). */
  public float[][] toFloats() {
    float[][] f = new float[values.length][];
    for (int k = 0; k < values.length; k++) {
      f[k] = new float[values[k].length];
      for (int i = 0; i < f[k].length; i++) {
        f[k][i] = (float) values[k][i];
      }
    }
    return f;
  }

  /** Number of windows (rows). */
  public int windows() {
    return values.length;
  }

  /** Row width {@code bands * channels}. */
  public int width() {
    return bands.size() * channels;
  }

  /** The power of {@code band} in {@code channel} for window {@code window}. */
  public double value(int window, int band, int channel) {
    if (band < 0 || band >= bands.size()) {
      throw new IndexOutOfBoundsException("band must be in [0, " + bands.size() + "), got " + band);
    }
    if (channel < 0 || channel >= channels) {
      throw new IndexOutOfBoundsException(
          "channel must be in [0, " + channels + "), got " + channel);
    }
    return values[window][band * channels + channel];
  }

  /** A copy of one window's band-major vector. */
  public double[] row(int window) {
    return values[window].clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BandPowerFeatures f
        && channels == f.channels
        && relative == f.relative
        && bands.equals(f.bands)
        && Arrays.deepEquals(values, f.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * bands.hashCode() + channels) + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "BandPowerFeatures[%d windows x %d (%d bands x %d channels, band-major), %s, bands=%s]",
        values.length,
        width(),
        bands.size(),
        channels,
        relative ? "relative" : "absolute",
        bands.stream().map(FrequencyBand::toString).collect(Collectors.joining(", ", "[", "]")));
  }
}
