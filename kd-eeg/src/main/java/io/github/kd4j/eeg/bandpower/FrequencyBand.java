package io.github.kd4j.eeg.bandpower;

/**
 * A named frequency band {@code [low, high]} in Hz, both edges inclusive: a PSD bin at frequency
 * {@code f} belongs to the band when {@code low <= f <= high}, so neighbouring bands share their
 * boundary bin (SPEC 3.4).
 *
 * @param name non-blank name, e.g. {@code "alpha"}
 * @param low lower edge in Hz, finite and {@code >= 0}
 * @param high upper edge in Hz, finite and {@code > low}
 */
public record FrequencyBand(String name, double low, double high) {
  /**
   * Validates the band.
   *
   * @throws IllegalArgumentException for a blank name or edges that are not {@code 0 <= low < high
   *     < infinity}
   */
  public FrequencyBand {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("band name must not be blank, got '" + name + "'");
    }
    if (!(low >= 0) || Double.isInfinite(low)) {
      throw new IllegalArgumentException(
          "band '" + name + "' low must be a finite number >= 0 Hz, got " + low);
    }
    if (!(high > low) || Double.isInfinite(high)) {
      throw new IllegalArgumentException(
          "band '" + name + "' high must be finite and > low (" + low + " Hz), got " + high);
    }
  }

  /** Whether the frequency {@code f} (Hz) lies in {@code [low, high]}. */
  public boolean contains(double f) {
    return low <= f && f <= high;
  }

  @Override
  public String toString() {
    return name + " " + FrequencyBands.format(low) + "-" + FrequencyBands.format(high) + " Hz";
  }
}
