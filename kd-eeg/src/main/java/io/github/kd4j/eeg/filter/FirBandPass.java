package io.github.kd4j.eeg.filter;

import java.util.Locale;

/**
 * Zero-phase FIR band-pass filter that reproduces MNE-Python 1.3's default {@code
 * mne.filter.filter_data(x, fs, lowCut, highCut)} ({@code raw.filter(l_freq, h_freq)}) to rounding
 * error (SPEC 3.2).
 *
 * <p><b>Design</b> (done once in {@link Builder#build()}), with {@code fs} the sampling rate:
 *
 * <ul>
 *   <li>transition bandwidths {@code lowTrans = min(max(0.25 lowCut, 2), lowCut)} and {@code
 *       highTrans = min(max(0.25 highCut, 2), fs/2 - highCut)} (MNE's {@code 'auto'});
 *   <li>the kernel is the difference of two Hamming-windowed sinc low-pass filters, each with unit
 *       DC gain: {@code h = lp(highCut + highTrans/2, Nh) - lp(lowCut - lowTrans/2, Nl)}, where a
 *       component's length is {@code rint(3.3 / t)} made odd, {@code t = transition / fs} (i.e.
 *       about {@code 3.3 fs / transition}); the shorter component is centred in the longer;
 *   <li>the total length is {@code ceil(3.3 / min(lowTrans, highTrans) * fs)} made odd (2817 taps
 *       at 256 Hz and 1761 at 160 Hz for 0.3-45 Hz, whose components have 75 and 47 taps at the
 *       high edge).
 * </ul>
 *
 * <p><b>Application</b> ({@link #apply(double[])}), per channel of {@code n} samples, with {@code
 * L} the kernel length: the signal is extended by {@code e = max(min(L, n) - 1, 0)} samples on each
 * side by odd reflection ({@code 2 x[0] - x[k]} for {@code k = e..1}, and {@code 2 x[n-1] -
 * x[n-1-k]} for {@code k = 1..e}: MNE's {@code reflect_limited}); the extended signal is convolved
 * once with {@code h} (FFT overlap-add) and the output is the centred part {@code y[i] = (x_ext *
 * h)[i + e + (L - 1)/2]}, {@code i = 0..n-1}. Being symmetric, the kernel has linear phase and the
 * centring makes the filter zero-phase.
 *
 * <p>Thread safety: instances are immutable (the kernel and its spectrum are computed in {@code
 * build()}); each call uses its own scratch, so one filter may be shared between threads.
 *
 * <pre>{@code
 * FirBandPass bp = FirBandPass.builder().samplingRate(256).lowCut(0.3).highCut(45).build();
 * double[][] filtered = bp.apply(eeg); // eeg[channel][sample]
 * }</pre>
 */
public final class FirBandPass {
  /** MNE's length factor for the Hamming window ({@code _length_factors['hamming']}). */
  private static final double HAMMING_LENGTH_FACTOR = 3.3;

  private final double samplingRate;
  private final double lowCut;
  private final double highCut;
  private final double lowTransition;
  private final double highTransition;
  private final double[] kernel;
  private final OverlapAdd convolver;

  private FirBandPass(Builder b) {
    samplingRate = b.samplingRate;
    lowCut = b.lowCut;
    highCut = b.highCut;
    double nyquist = samplingRate / 2.0;
    lowTransition = Math.min(Math.max(0.25 * lowCut, 2.0), lowCut);
    highTransition = Math.min(Math.max(0.25 * highCut, 2.0), nyquist - highCut);
    double lowStop = lowCut - lowTransition;
    double highStop = highCut + highTransition;
    // MNE: filter_length = '<3.3 / min(trans)>s' -> ceil(seconds * fs), made odd
    int length =
        (int)
            Math.ceil(
                HAMMING_LENGTH_FACTOR / Math.min(lowTransition, highTransition) * samplingRate);
    length += (length - 1) % 2;
    double[] h = new double[length];
    // MNE's _firwin_design walks the gain points from Nyquist down: first the high edge (+), then
    // the low edge (-); frequencies normalised by Nyquist
    addLowpass(h, highCut / nyquist, highStop / nyquist, +1.0, "highCut");
    addLowpass(h, lowStop / nyquist, lowCut / nyquist, -1.0, "lowCut");
    kernel = h;
    convolver = new OverlapAdd(h);
  }

  /**
   * Adds {@code sign *} a Hamming-windowed unit-DC-gain low-pass with its edge between the
   * normalised frequencies {@code below < above}, centred in {@code h}.
   */
  private void addLowpass(double[] h, double below, double above, double sign, String edge) {
    double transition = (above - below) / 2.0;
    int taps = (int) Math.rint(HAMMING_LENGTH_FACTOR / transition);
    taps += 1 - taps % 2;
    if (taps > h.length) {
      throw new IllegalArgumentException(
          "the "
              + edge
              + " transition band of "
              + transition * samplingRate / 2.0
              + " Hz needs "
              + taps
              + " taps, more than the filter length "
              + h.length);
    }
    double[] lp = hammingLowpass(taps, (above + below) / 2.0);
    int offset = (h.length - taps) / 2;
    for (int i = 0; i < taps; i++) {
      h[offset + i] += sign * lp[i];
    }
  }

  /**
   * scipy's {@code firwin(taps, cutoff, window='hamming', fs=2)}: {@code c sinc(c m) w(m)} with
   * {@code m = i - (taps - 1)/2}, the symmetric Hamming window {@code w = 0.54 + 0.46 cos(phi)},
   * {@code phi} from -pi to pi, scaled to unit sum (DC gain 1).
   */
  static double[] hammingLowpass(int taps, double cutoff) {
    double[] h = new double[taps];
    double alpha = 0.5 * (taps - 1);
    double step = taps > 1 ? 2.0 * Math.PI / (taps - 1) : 0.0;
    double sum = 0.0;
    for (int i = 0; i < taps; i++) {
      double m = i - alpha;
      double x = cutoff * m;
      double sinc = x == 0.0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
      double phi = i == taps - 1 && taps > 1 ? Math.PI : -Math.PI + i * step;
      double w = 0.54 + 0.46 * Math.cos(phi);
      h[i] = cutoff * sinc * w;
      sum += h[i];
    }
    for (int i = 0; i < taps; i++) {
      h[i] /= sum;
    }
    return h;
  }

  /** A builder with the SPEC 3.2 defaults (256 Hz, 0.3-45 Hz). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this filter's settings. */
  public Builder toBuilder() {
    return new Builder().samplingRate(samplingRate).lowCut(lowCut).highCut(highCut);
  }

  /**
   * Filters every channel; returns a new array of the same shape.
   *
   * @param data {@code [channel][sample]}, rectangular and finite
   * @throws IllegalArgumentException for ragged, empty or non-finite data (naming channel and
   *     sample)
   */
  public double[][] apply(double[][] data) {
    Signals.checkRectangular(data, "data");
    Signals.checkFinite(data, "data");
    double[][] out = new double[data.length][];
    for (int c = 0; c < data.length; c++) {
      out[c] = filter(data[c]);
    }
    return out;
  }

  /** Filters one channel; returns a new array. */
  public double[] apply(double[] x) {
    if (x == null) {
      throw new IllegalArgumentException("x must not be null");
    }
    Signals.checkFinite(new double[][] {x}, "x");
    return filter(x);
  }

  private double[] filter(double[] x) {
    int n = x.length;
    int len = kernel.length;
    if (n == 0) {
      return new double[0];
    }
    int edge = Math.max(Math.min(len, n) - 1, 0);
    double[] ext = new double[n + 2 * edge];
    double first = x[0];
    double last = x[n - 1];
    for (int k = 1; k <= edge; k++) {
      ext[edge - k] = 2.0 * first - x[k];
      ext[edge + n - 1 + k] = 2.0 * last - x[n - 1 - k];
    }
    System.arraycopy(x, 0, ext, edge, n);
    double[] y = new double[n];
    convolver.convolveRange(ext, edge + (len - 1) / 2, y);
    return y;
  }

  /** The impulse response {@code h} (odd length, symmetric), a copy. */
  public double[] kernel() {
    return kernel.clone();
  }

  /** Number of taps {@code L} of the kernel. */
  public int length() {
    return kernel.length;
  }

  /** Sampling rate in Hz. */
  public double samplingRate() {
    return samplingRate;
  }

  /** Lower pass-band edge in Hz (-6 dB at {@code lowCut - lowTransition/2}). */
  public double lowCut() {
    return lowCut;
  }

  /** Upper pass-band edge in Hz (-6 dB at {@code highCut + highTransition/2}). */
  public double highCut() {
    return highCut;
  }

  /** Lower transition bandwidth in Hz: {@code min(max(0.25 lowCut, 2), lowCut)}. */
  public double lowTransition() {
    return lowTransition;
  }

  /** Upper transition bandwidth in Hz: {@code min(max(0.25 highCut, 2), fs/2 - highCut)}. */
  public double highTransition() {
    return highTransition;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "FirBandPass[samplingRate=%s Hz, lowCut=%s Hz, highCut=%s Hz, lowTransition=%s Hz,"
            + " highTransition=%s Hz, taps=%d, window=hamming, phase=zero, pad=reflect_limited,"
            + " fft=%d]",
        samplingRate,
        lowCut,
        highCut,
        lowTransition,
        highTransition,
        kernel.length,
        convolver.fftSize());
  }

  /**
   * Builds a {@link FirBandPass}. Setters check their own argument; {@link #build()} checks {@code
   * 0 < lowCut < highCut < samplingRate / 2}. The builder stays reusable after {@code build()}.
   */
  public static final class Builder {
    private double samplingRate = 256.0;
    private double lowCut = 0.3;
    private double highCut = 45.0;

    private Builder() {}

    /** Sampling rate in Hz, finite and {@code > 0}; default 256. */
    public Builder samplingRate(double hz) {
      Signals.checkRate(hz);
      samplingRate = hz;
      return this;
    }

    /** Lower pass-band edge in Hz, finite and {@code > 0}; default 0.3. */
    public Builder lowCut(double hz) {
      if (!(hz > 0) || Double.isInfinite(hz)) {
        throw new IllegalArgumentException("lowCut must be a finite number > 0 Hz, got " + hz);
      }
      lowCut = hz;
      return this;
    }

    /** Upper pass-band edge in Hz, finite and {@code > 0}; default 45. */
    public Builder highCut(double hz) {
      if (!(hz > 0) || Double.isInfinite(hz)) {
        throw new IllegalArgumentException("highCut must be a finite number > 0 Hz, got " + hz);
      }
      highCut = hz;
      return this;
    }

    /**
     * Designs the filter.
     *
     * @throws IllegalArgumentException when {@code lowCut >= highCut} or {@code highCut >=
     *     samplingRate / 2}
     */
    public FirBandPass build() {
      if (!(lowCut < highCut)) {
        throw new IllegalArgumentException(
            "lowCut ("
                + lowCut
                + " Hz) must be < highCut ("
                + highCut
                + " Hz); a band-stop filter is not supported");
      }
      if (!(highCut < samplingRate / 2.0)) {
        throw new IllegalArgumentException(
            "highCut must be < the Nyquist frequency samplingRate / 2 = "
                + samplingRate / 2.0
                + " Hz, got "
                + highCut
                + " Hz at samplingRate "
                + samplingRate
                + " Hz");
      }
      return new FirBandPass(this);
    }
  }
}
