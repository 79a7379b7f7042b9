package io.github.kd4j.eeg.io;

/**
 * The sample encoding of a file, detected from its first 8 bytes: {@code "0 "} for EDF/EDF+, byte
 * {@code 0xFF} followed by {@code "BIOSEMI"} for BDF/BDF+.
 */
public enum RecordingFormat {
  /** European Data Format (and EDF+): 16-bit little-endian two's complement samples. */
  EDF(2),
  /** BioSemi Data Format (and BDF+): 24-bit little-endian two's complement samples. */
  BDF(3);

  private final int bytesPerSample;

  RecordingFormat(int bytesPerSample) {
    this.bytesPerSample = bytesPerSample;
  }

  /** 2 for EDF, 3 for BDF. */
  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** Smallest representable digital value: {@code -2^(8 * bytesPerSample - 1)}. */
  public int minDigital() {
    return -(1 << (8 * bytesPerSample - 1));
  }

  /** Largest representable digital value: {@code 2^(8 * bytesPerSample - 1) - 1}. */
  public int maxDigital() {
    return (1 << (8 * bytesPerSample - 1)) - 1;
  }
}
