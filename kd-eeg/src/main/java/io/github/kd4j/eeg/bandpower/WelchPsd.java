package io.github.kd4j.eeg.bandpower;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * One Welch segment's periodogram, as {@code scipy.signal.welch(x, fs, nperseg=M)} computes it
 * before averaging (an immutable plan).
 *
 * <p>For a segment {@code x[s..s+M)}: {@code d = x - mean(x)} (detrend 'constant'), {@code X =
 * rfft(d * w)} with the periodic Hann window {@code w[i] = 0.5 - 0.5 cos(2 pi i / M)}, and {@code
 * P[k] = |X[k]|^2 / (fs sum_i w[i]^2)}, doubled for {@code 0 < k < M/2} (one-sided 'density'; the
 * Nyquist bin of an even {@code M} is not doubled). Bin {@code k} is at {@code f_k = k fs / M} Hz,
 * {@code k = 0..floor(M/2)}.
 *
 * <p>Thread safety: the window and FFT plan are read-only; callers pass their own scratch.
 */
final class WelchPsd {
  private final int segment;
  private final int bins;
  private final double[] window;
  private final double scale;
  private final double resolution;
  private final DoubleFFT_1D fft;

  WelchPsd(int segment, double samplingRate) {
    this.segment = segment;
    this.bins = segment / 2 + 1;
    // scipy get_window('hann', M): general_cosine(M + 1, [0.5, 0.5]) truncated to M
    window = new double[segment];
    double step = 2.0 * Math.PI / segment;
    double sumSq = 0.0;
    for (int i = 0; i < segment; i++) {
      window[i] = 0.5 + 0.5 * Math.cos(-Math.PI + i * step);
      sumSq += window[i] * window[i];
    }
    scale = 1.0 / (samplingRate * sumSq);
    // numpy rfftfreq(M, 1/fs): k * (1 / (M * (1/fs)))
    resolution = 1.0 / (segment * (1.0 / samplingRate));
    fft = new DoubleFFT_1D(segment);
  }

  /** Segment length {@code M}. */
  int segment() {
    return segment;
  }

  /** Number of one-sided bins {@code floor(M/2) + 1}. */
  int bins() {
    return bins;
  }

  /** Bin spacing {@code fs / M} in Hz (computed like numpy's {@code rfftfreq}). */
  double resolution() {
    return resolution;
  }

  /** Frequency of bin {@code k} in Hz, exactly numpy's {@code rfftfreq} value. */
  double frequency(int k) {
    return k * resolution;
  }

  /**
   * Writes the scaled one-sided periodogram of {@code x[start .. start + M)} into {@code out[0 ..
   * bins)}; {@code scratch} must hold at least {@code M} values.
   */
  void periodogram(double[] x, int start, double[] out, double[] scratch) {
    int m = segment;
    double mean = 0.0;
    for (int i = 0; i < m; i++) {
      mean += x[start + i];
    }
    mean /= m;
    for (int i = 0; i < m; i++) {
      scratch[i] = (x[start + i] - mean) * window[i];
    }
    fft.realForward(scratch);
    out[0] = scratch[0] * scratch[0] * scale;
    if (m % 2 == 0) {
      // packed layout: a[0] = Re0, a[1] = Re(M/2), a[2k], a[2k+1] = Re, Im of bin k
      for (int k = 1; k < m / 2; k++) {
        double re = scratch[2 * k];
        double im = scratch[2 * k + 1];
        out[k] = (re * re + im * im) * scale * 2.0;
      }
      if (m > 1) {
        out[m / 2] = scratch[1] * scratch[1] * scale;
      }
    } else {
      // odd M: a[2k], a[2k+1] for 0 < k < (M-1)/2; last bin Re = a[M-1], Im = a[1]
      int last = (m - 1) / 2;
      for (int k = 1; k < last; k++) {
        double re = scratch[2 * k];
        double im = scratch[2 * k + 1];
        out[k] = (re * re + im * im) * scale * 2.0;
      }
      if (last >= 1) {
        double re = scratch[m - 1];
        double im = scratch[1];
        out[last] = (re * re + im * im) * scale * 2.0;
      }
    }
  }
}
