package io.github.kd4j.eeg.filter;

/**
 * Common average reference (SPEC 3.3; MNE's {@code set_eeg_reference()} default without
 * projection): {@code y[c][t] = x[c][t] - (1/C) sum_{c' < C} x[c'][t]} for the {@code C} EEG
 * channels {@code c < C}; channels {@code c >= C} (ECG, status, ...) are copied unchanged.
 *
 * <pre>{@code
 * double[][] reref = AverageReference.apply(filtered, 32); // first 32 rows are EEG
 * }</pre>
 *
 * <p><b>Causal</b>: the reference at sample {@code t} uses only the samples at {@code t} (an
 * instantaneous mean over channels), so it needs no look-ahead and adds no delay. Applying it block
 * by block to a stream ({@link #applyInPlace}) gives the same values, bit for bit, as {@link
 * #apply(double[][], int)} on the whole signal.
 *
 * <p>At least 2 EEG channels are required: with one, the result is identically zero. With more,
 * channels that are identical up to a constant also become zero; {@code EegFeaturePipeline} detects
 * that and names the channels.
 */
public final class AverageReference {
  private AverageReference() {}

  /** Re-references all channels to their average; returns a new array. */
  public static double[][] apply(double[][] data) {
    Signals.checkRectangular(data, "data");
    return apply(data, data.length);
  }

  /**
   * Re-references the first {@code eegChannels} channels to their average and copies the others;
   * returns a new array.
   *
   * @throws IllegalArgumentException for ragged data or {@code eegChannels} outside {@code [2,
   *     channels]}: the average reference of one channel is that channel minus itself, all zeros,
   *     which would make every later band power 0/0
   */
  public static double[][] apply(double[][] data, int eegChannels) {
    int n = Signals.checkRectangular(data, "data");
    if (eegChannels < 2 || eegChannels > data.length) {
      throw new IllegalArgumentException(
          "eegChannels must be in [2, "
              + data.length
              + "] (the channel count; the average reference of 1 channel is all zeros), got "
              + eegChannels);
    }
    double[] mean = new double[n];
    for (int c = 0; c < eegChannels; c++) {
      double[] x = data[c];
      for (int t = 0; t < n; t++) {
        mean[t] += x[t];
      }
    }
    for (int t = 0; t < n; t++) {
      mean[t] /= eegChannels;
    }
    double[][] out = new double[data.length][];
    for (int c = 0; c < data.length; c++) {
      out[c] = data[c].clone();
      if (c < eegChannels) {
        for (int t = 0; t < n; t++) {
          out[c][t] -= mean[t];
        }
      }
    }
    return out;
  }

  /**
   * Re-references, in place, the first {@code eegChannels} rows of a block of a stream ({@code
   * [channel][n]}, any {@code n >= 0}); the other rows are left unchanged. Same arithmetic, in the
   * same order, as {@link #apply(double[][], int)}, so a stream processed block by block equals the
   * offline result exactly.
   *
   * @throws IllegalArgumentException for ragged data or {@code eegChannels} outside {@code [2,
   *     channels]}
   */
  public static void applyInPlace(double[][] block, int eegChannels) {
    int n = Signals.checkRectangular(block, "block");
    if (eegChannels < 2 || eegChannels > block.length) {
      throw new IllegalArgumentException(
          "eegChannels must be in [2, "
              + block.length
              + "] (the channel count; the average reference of 1 channel is all zeros), got "
              + eegChannels);
    }
    for (int t = 0; t < n; t++) {
      double mean = 0.0;
      for (int c = 0; c < eegChannels; c++) {
        mean += block[c][t];
      }
      mean /= eegChannels;
      for (int c = 0; c < eegChannels; c++) {
        block[c][t] -= mean;
      }
    }
  }
}
