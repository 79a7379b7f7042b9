package io.github.kd4j.eeg.filter;

/** Argument checks shared by the preprocessing classes. */
final class Signals {
  private Signals() {}

  /** Checks a finite positive sampling rate. */
  static void checkRate(double samplingRate) {
    if (!(samplingRate > 0) || Double.isInfinite(samplingRate)) {
      throw new IllegalArgumentException(
          "samplingRate must be a finite number > 0 Hz, got " + samplingRate);
    }
  }

  /**
   * Checks that {@code data} has at least one channel, no null channel and equal lengths; returns
   * the common length.
   */
  static int checkRectangular(double[][] data, String what) {
    if (data == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (data.length == 0) {
      throw new IllegalArgumentException(what + " must have at least 1 channel, got 0");
    }
    for (int c = 0; c < data.length; c++) {
      if (data[c] == null) {
        throw new IllegalArgumentException(what + " channel " + c + " must not be null");
      }
      if (data[c].length != data[0].length) {
        throw new IllegalArgumentException(
            what
                + " channels must all have the same length, got "
                + data[0].length
                + " samples in channel 0 and "
                + data[c].length
                + " in channel "
                + c);
      }
    }
    return data[0].length;
  }

  /** Checks that every sample is finite; names the first bad channel and sample. */
  static void checkFinite(double[][] data, String what) {
    for (int c = 0; c < data.length; c++) {
      double[] x = data[c];
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i])) {
          throw new IllegalArgumentException(
              what + " must be finite, got " + x[i] + " at channel " + c + ", sample " + i);
        }
      }
    }
  }
}
