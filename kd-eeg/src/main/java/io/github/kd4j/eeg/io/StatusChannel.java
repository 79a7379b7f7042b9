package io.github.kd4j.eeg.io;

import java.util.Arrays;

/**
 * The raw values of a trigger/status signal ({@link ChannelHeader#isStatus()}), kept apart from the
 * EEG channels.
 *
 * <p>{@link #rawValues()} are the stored digital words read as unsigned integers: {@code 0 ..
 * 2^24-1} for BDF, {@code 0 .. 2^16-1} for EDF. No physical scaling is applied (MNE does the same
 * for BDF). On BioSemi files bits 0-15 carry the trigger codes and bits 16-23 system flags (CMS in
 * range, battery, …): {@code 1835008 + 4} is trigger code 4 with bits 18-20 set. {@link
 * #triggerCodes()} keeps the low 16 bits. (MNE 1.3 masks the BDF Status with {@code 2^17 - 1}, i.e.
 * it also keeps bit 16; its {@code find_events} documentation recommends {@code & (2^16 - 1)}.)
 *
 * <p>Immutable; accessors return copies.
 */
public final class StatusChannel {
  private final ChannelHeader header;
  private final int firstSampleIndex;
  private final int[] values;

  StatusChannel(ChannelHeader header, int firstSampleIndex, int[] values) {
    this.header = header;
    this.firstSampleIndex = firstSampleIndex;
    this.values = values;
  }

  /** The signal's header (label, rate, ...). */
  public ChannelHeader header() {
    return header;
  }

  /** Sampling rate in Hz. */
  public double samplingRate() {
    return header.samplingRate();
  }

  /** Index in the whole file of {@code rawValues()[0]}: 0 unless a time range was read. */
  public int firstSampleIndex() {
    return firstSampleIndex;
  }

  /** Number of samples read. */
  public int sampleCount() {
    return values.length;
  }

  /** The stored words as unsigned integers (a copy). */
  public int[] rawValues() {
    return values.clone();
  }

  /** {@code rawValues()[i] & 0xFFFF}: the trigger codes (a new array). */
  public int[] triggerCodes() {
    int[] out = new int[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i] & 0xFFFF;
    }
    return out;
  }

  @Override
  public String toString() {
    return "StatusChannel[label="
        + header.label()
        + ", fs="
        + header.samplingRate()
        + " Hz, samples="
        + values.length
        + ", firstSample="
        + firstSampleIndex
        + ", distinct codes="
        + Arrays.stream(triggerCodes()).distinct().count()
        + "]";
  }
}
