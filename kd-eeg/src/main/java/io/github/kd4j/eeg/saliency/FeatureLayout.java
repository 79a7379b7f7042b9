package io.github.kd4j.eeg.saliency;

import io.github.kd4j.eeg.bandpower.FrequencyBands;
import io.github.kd4j.eeg.montage.Montage;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The band-major layout of a per-step EEG feature vector: {@code channels.size() * bands.size()}
 * columns, column {@code c = b * nChannels + k} holding band {@code b} of channel {@code k} (SPEC
 * 3.5: {@code [delta ch1..ch32, theta ch1..ch32, ...]}; SPEC 12: {@code c = 32 b + k}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param channels channel names in feature order, distinct, non-empty
 * @param bands bands in feature order, distinct labels, non-empty
 */
public record FeatureLayout(List<String> channels, List<SaliencyBand> bands) {
  /** Validates and copies the lists. */
  public FeatureLayout {
    channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
    bands = List.copyOf(Objects.requireNonNull(bands, "bands"));
    if (channels.isEmpty() || bands.isEmpty()) {
      throw new IllegalArgumentException(
          "channels and bands must be non-empty, got "
              + channels.size()
              + " channels and "
              + bands.size()
              + " bands");
    }
    if (new HashSet<>(channels).size() != channels.size()) {
      throw new IllegalArgumentException("channels must be distinct, got " + channels);
    }
    if (bands.stream().map(SaliencyBand::label).distinct().count() != bands.size()) {
      throw new IllegalArgumentException("band labels must be distinct, got " + bands);
    }
    for (String c : channels) {
      if (c.isBlank() || c.contains(",") || c.contains("\n")) {
        throw new IllegalArgumentException(
            "channel names must be non-blank without commas or line breaks, got '" + c + "'");
      }
    }
  }

  /**
   * The SPEC 3.5 layout: the 32 BioSemi channels times the six SPEC 3.4 bands (delta 0.3-4 Hz to
   * gamma 30-45 Hz), 192 columns.
   */
  public static FeatureLayout spec() {
    return new FeatureLayout(
        Montage.biosemi32().channelNames(),
        FrequencyBands.DEFAULT.stream().map(SaliencyBand::of).toList());
  }

  /**
   * The layout of the MAHNOB-HCI feature files' {@code eeg_band_feats_full} (SPEC 12): the 32
   * BioSemi channels times four bands of increasing frequency whose edges the data does not state;
   * they are labelled {@code "band 1 (theta?)"} .. {@code "band 4 (gamma?)"}, 128 columns.
   */
  public static FeatureLayout mahnobFeatures() {
    return new FeatureLayout(
        Montage.biosemi32().channelNames(),
        List.of(
            SaliencyBand.unknownEdges("band 1 (theta?)"),
            SaliencyBand.unknownEdges("band 2 (alpha?)"),
            SaliencyBand.unknownEdges("band 3 (beta?)"),
            SaliencyBand.unknownEdges("band 4 (gamma?)")));
  }

  /** Number of channels. */
  public int nChannels() {
    return channels.size();
  }

  /** Number of bands. */
  public int nBands() {
    return bands.size();
  }

  /** Number of feature columns, {@code nChannels * nBands}. */
  public int width() {
    return channels.size() * bands.size();
  }

  /**
   * The column of band {@code band} and channel {@code channel}: {@code band * nChannels +
   * channel}.
   */
  public int column(int channel, int band) {
    if (channel < 0 || channel >= nChannels() || band < 0 || band >= nBands()) {
      throw new IndexOutOfBoundsException(
          "channel must be in [0, "
              + nChannels()
              + ") and band in [0, "
              + nBands()
              + "), got "
              + channel
              + ", "
              + band);
    }
    return band * channels.size() + channel;
  }

  /**
   * Index of the channel with this name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the channels
   */
  public int channelIndex(String name) {
    int i = channels.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "channel must be one of " + channels + ", got '" + name + "'");
    }
    return i;
  }

  /**
   * Index of the band with this label.
   *
   * @throws IllegalArgumentException for an unknown label, listing the labels
   */
  public int bandIndex(String label) {
    for (int b = 0; b < bands.size(); b++) {
      if (bands.get(b).label().equals(label)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "band must be one of "
            + bands.stream().map(SaliencyBand::label).toList()
            + ", got '"
            + label
            + "'");
  }

  @Override
  public String toString() {
    return "FeatureLayout["
        + nChannels()
        + " channels x "
        + bands
        + ", band-major, "
        + width()
        + " columns]";
  }
}
