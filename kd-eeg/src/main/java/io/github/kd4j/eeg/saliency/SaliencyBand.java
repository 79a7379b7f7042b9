package io.github.kd4j.eeg.saliency;

import io.github.kd4j.eeg.bandpower.FrequencyBand;

/**
 * A column group of a {@link FeatureLayout}: a band label and its edges in Hz, or {@code NaN} edges
 * when the edges are not known (the MAHNOB-HCI feature files, SPEC 12, whose four bands are "most
 * likely theta, alpha, beta, gamma").
 *
 * @param label non-blank label, e.g. {@code "beta2"} or {@code "band 3 (beta?)"}
 * @param lowHz lower edge in Hz, or {@code NaN} when unknown
 * @param highHz upper edge in Hz ({@code > lowHz}), or {@code NaN} when unknown; both edges are
 *     known or both unknown
 */
public record SaliencyBand(String label, double lowHz, double highHz) {
  /** Validates the label and the edges. */
  public SaliencyBand {
    if (label == null || label.isBlank() || label.contains(",") || label.contains("\n")) {
      throw new IllegalArgumentException(
          "band label must be non-blank without commas or line breaks, got '" + label + "'");
    }
    if (Double.isNaN(lowHz) != Double.isNaN(highHz)) {
      throw new IllegalArgumentException(
          "band '"
              + label
              + "' edges must be both known or both NaN, got "
              + lowHz
              + ", "
              + highHz);
    }
    if (!Double.isNaN(lowHz) && !(lowHz >= 0 && highHz > lowHz && Double.isFinite(highHz))) {
      throw new IllegalArgumentException(
          "band '" + label + "' edges must satisfy 0 <= low < high, got " + lowHz + ", " + highHz);
    }
  }

  /** The band of the SPEC 3.4 band-power extractor, with its edges. */
  public static SaliencyBand of(FrequencyBand band) {
    return new SaliencyBand(band.name(), band.low(), band.high());
  }

  /** A band whose edges are not known. */
  public static SaliencyBand unknownEdges(String label) {
    return new SaliencyBand(label, Double.NaN, Double.NaN);
  }

  /** Whether the edges are known. */
  public boolean hasEdges() {
    return !Double.isNaN(lowHz);
  }

  /** Label for figures: {@code "beta2 18-30 Hz"}, or the bare label when the edges are unknown. */
  public String display() {
    return hasEdges() ? label + " " + hz(lowHz) + "-" + hz(highHz) + " Hz" : label;
  }

  @Override
  public String toString() {
    return hasEdges() ? display() : label + " (edges unknown)";
  }

  private static String hz(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
