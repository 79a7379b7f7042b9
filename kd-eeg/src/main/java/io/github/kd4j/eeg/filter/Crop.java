package io.github.kd4j.eeg.filter;

/**
 * Cuts a time interval out of a multichannel signal, with the sample arithmetic of MNE-Python's
 * {@code Raw.crop(tmin, tmax)} (SPEC 3.1).
 *
 * <p>Sample {@code i} lies at time {@code i / fs}. {@code crop(tmin, tmax)} keeps samples {@code
 * first..last} inclusive, where {@code first = rint(tmin * fs)} and {@code last = rint(tmax * fs)}
 * ({@code rint} rounds halves to even, like Python's {@code round}). {@code tmax} is inclusive and
 * may be at most the last sample's time {@code (n - 1) / fs}.
 *
 * <p>MAHNOB-HCI recordings hold 30 s of baseline before and after the stimulus; the reference keeps
 * {@code [30 - window/2, tmax - 30 + buffer] = [29 s, (n - 1)/fs - 25 s]} ({@link #mahnob}).
 *
 * <pre>{@code
 * double[][] trial = Crop.mahnob(recording, 256.0);          // [29 s, tmax - 25 s]
 * double[][] piece = Crop.seconds(recording, 256.0, 10, 20); // 2561 samples
 * }</pre>
 */
public final class Crop {
  /** Seconds dropped at the start of a MAHNOB-HCI trial by default: 30 s baseline - 2 s / 2. */
  public static final double MAHNOB_START_OFFSET_S = 29.0;

  /** Seconds dropped at the end of a MAHNOB-HCI trial by default: 30 s baseline - 5 s buffer. */
  public static final double MAHNOB_END_OFFSET_S = 25.0;

  private Crop() {}

  /**
   * Keeps the samples from {@code tmin} to {@code tmax} seconds, both inclusive (MNE semantics).
   *
   * @param data signal {@code [channel][sample]}; all channels must have the same length
   * @param samplingRate sampling rate in Hz
   * @param tmin first time kept, in s, {@code >= 0}
   * @param tmax last time kept, in s, {@code tmin <= tmax <= (n - 1) / samplingRate}
   * @return a new array {@code [channel][rint(tmax*fs) - rint(tmin*fs) + 1]}
   * @throws IllegalArgumentException for a bad rate, interval or ragged data
   */
  public static double[][] seconds(double[][] data, double samplingRate, double tmin, double tmax) {
    int n = Signals.checkRectangular(data, "data");
    int[] range = sampleRange(n, samplingRate, tmin, tmax);
    double[][] out = new double[data.length][];
    for (int c = 0; c < data.length; c++) {
      out[c] = java.util.Arrays.copyOfRange(data[c], range[0], range[1] + 1);
    }
    return out;
  }

  /**
   * Drops {@code startOffset} seconds at the start and {@code endOffset} seconds at the end: keeps
   * {@code [startOffset, (n - 1)/fs - endOffset]} seconds, inclusive.
   *
   * @throws IllegalArgumentException when an offset is negative or the recording is too short to
   *     keep anything
   */
  public static double[][] trimEnds(
      double[][] data, double samplingRate, double startOffset, double endOffset) {
    int n = Signals.checkRectangular(data, "data");
    Signals.checkRate(samplingRate);
    if (!(startOffset >= 0) || Double.isInfinite(startOffset)) {
      throw new IllegalArgumentException(
          "startOffset must be a finite number >= 0 s, got " + startOffset);
    }
    if (!(endOffset >= 0) || Double.isInfinite(endOffset)) {
      throw new IllegalArgumentException(
          "endOffset must be a finite number >= 0 s, got " + endOffset);
    }
    double tmax = (n - 1) / samplingRate - endOffset;
    if (startOffset > tmax) {
      throw new IllegalArgumentException(
          "recording must be longer than startOffset + endOffset = "
              + (startOffset + endOffset)
              + " s, got "
              + n
              + " samples = "
              + (n - 1) / samplingRate
              + " s at "
              + samplingRate
              + " Hz");
    }
    return seconds(data, samplingRate, startOffset, tmax);
  }

  /**
   * The MAHNOB-HCI default crop of SPEC 3.1: {@code trimEnds(data, fs, 29, 25)}, i.e. {@code [29 s,
   * (n - 1)/fs - 25 s]}.
   */
  public static double[][] mahnob(double[][] data, double samplingRate) {
    return trimEnds(data, samplingRate, MAHNOB_START_OFFSET_S, MAHNOB_END_OFFSET_S);
  }

  /**
   * The inclusive sample range {@code {first, last}} that {@link #seconds} keeps from a signal of
   * {@code n} samples.
   */
  public static int[] sampleRange(int n, double samplingRate, double tmin, double tmax) {
    Signals.checkRate(samplingRate);
    if (n < 1) {
      throw new IllegalArgumentException("signal must have at least 1 sample to crop, got " + n);
    }
    if (!(tmin >= 0) || Double.isInfinite(tmin)) {
      throw new IllegalArgumentException("tmin must be a finite number >= 0 s, got " + tmin);
    }
    double maxTime = (n - 1) / samplingRate;
    if (!(tmax <= maxTime)) {
      throw new IllegalArgumentException(
          "tmax must be <= the last sample's time (n - 1) / fs = "
              + maxTime
              + " s (n = "
              + n
              + ", fs = "
              + samplingRate
              + " Hz), got "
              + tmax);
    }
    if (tmin > tmax) {
      throw new IllegalArgumentException("tmin (" + tmin + " s) must be <= tmax (" + tmax + " s)");
    }
    int first = (int) Math.rint(tmin * samplingRate);
    int last = (int) Math.min(Math.rint(tmax * samplingRate), n - 1);
    return new int[] {first, last};
  }
}
