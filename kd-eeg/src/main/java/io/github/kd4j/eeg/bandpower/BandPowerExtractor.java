package io.github.kd4j.eeg.bandpower;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sliding-window band power of multichannel EEG, equal to the reference algorithm of SPEC 3.4 (one
 * {@code scipy.signal.welch} plus {@code scipy.integrate.simpson} per window, channel and band) to
 * rounding error.
 *
 * <p>With sampling rate {@code fs}, window {@code W}, hop {@code H} and Welch segment {@code M}
 * samples (defaults 256 Hz, 512, 64, 256), for a signal of {@code n} samples:
 *
 * <ul>
 *   <li>window {@code k} covers samples {@code [k H, k H + W)} and exists while {@code k H + W < n}
 *       (strict), so there are {@code n > W ? (n - W - 1) / H + 1 : 0} windows ({@link
 *       #windowCount}); 100 s at 256 Hz gives 392;
 *   <li>a window's PSD is the mean of the periodograms of its segments {@code [k H + j S, k H + j S
 *       + M)}, {@code S = M - floor(M/2)}, {@code j = 0 .. (W - floor(M/2)) / S - 1} (3 for the
 *       defaults); each segment is mean-detrended, multiplied by the periodic Hann window and
 *       scaled as a one-sided density: {@code P[k] = c_k |X[k]|^2 / (fs sum w^2)}, {@code c_k = 2}
 *       for {@code 0 < k < M/2}, else 1; bin {@code k} is at {@code k fs / M} Hz;
 *   <li>band power {@code = sum_i w_i P[i]} over the bins {@code low <= f_i <= high} with SciPy
 *       1.10's Simpson weights ({@code even='avg'}, {@code dx = fs / M}); relative power divides it
 *       by the same integral over all {@code floor(M/2) + 1} bins;
 *   <li>the output row of window {@code k} is band-major: {@code [band0 ch0..ch(C-1), band1 ...]}.
 * </ul>
 *
 * <p>Inputs that produce no window ({@code n <= W}, e.g. n = 512 at the defaults) give an empty
 * result (zero rows), not an error: the window count formula is 0 there, and callers that need at
 * least one window check {@link BandPowerFeatures#windows()}.
 *
 * <p>Speed (SPEC 3.6): consecutive windows share Welch segments (with the defaults every segment
 * starting at a multiple of 64 samples serves up to 3 windows). {@link #extract} computes each
 * distinct segment's periodogram once per channel, keeping the few that later windows still need in
 * a small ring, and averages them per window; it gives bitwise the same numbers as the
 * straightforward per-window computation (package-private {@code extractNaive}), which does three
 * times the FFT work.
 *
 * <p>Thread safety: an extractor is immutable (Hann window, FFT plan, band bin ranges and Simpson
 * weights are computed in {@link Builder#build()}); {@code extract} allocates its own scratch, so
 * one extractor can serve many threads.
 *
 * <pre>{@code
 * BandPowerExtractor bp = BandPowerExtractor.builder().samplingRate(256).build();
 * BandPowerFeatures f = bp.extract(eeg);   // eeg[channel][sample], filtered and re-referenced
 * double alphaCz = f.value(0, 2, 23);      // window 0, band 2 (alpha), channel 23
 * }</pre>
 */
public final class BandPowerExtractor {
  /**
   * Relative tolerance of the flat-window check of relative band power: a channel is flat in a
   * window when its peak-to-peak there is at most {@code 1e-10} times its largest magnitude there
   * (so an exactly constant window, zero or not, is flat). Quantised recordings sit far above it (a
   * 24-bit step is {@code 6e-8} of full scale); a constant that a filter turned into rounding noise
   * sits below it.
   */
  public static final double FLAT_TOLERANCE = 1e-10;

  private final double samplingRate;
  private final int windowSamples;
  private final int hopSamples;
  private final int segmentSamples;
  private final int segmentStep;
  private final int segmentsPerWindow;
  private final List<FrequencyBand> bands;
  private final boolean relative;
  private final WelchPsd welch;
  private final int[] bandFirstBin;
  private final double[][] bandWeights;
  private final double[] totalWeights;

  private BandPowerExtractor(Builder b, int window, int hop, int segment) {
    samplingRate = b.samplingRate;
    windowSamples = window;
    hopSamples = hop;
    segmentSamples = segment;
    int overlap = segment / 2;
    segmentStep = segment - overlap;
    segmentsPerWindow = (window - overlap) / segmentStep;
    bands = b.bands;
    relative = b.relative;
    welch = new WelchPsd(segment, samplingRate);
    bandFirstBin = new int[bands.size()];
    bandWeights = new double[bands.size()][];
    for (int i = 0; i < bands.size(); i++) {
      FrequencyBand band = bands.get(i);
      int first = -1;
      int count = 0;
      for (int k = 0; k < welch.bins(); k++) {
        if (band.contains(welch.frequency(k))) {
          if (first < 0) {
            first = k;
          }
          count++;
        }
      }
      if (count == 0) {
        throw new IllegalArgumentException(
            "band '"
                + band.name()
                + "' ("
                + FrequencyBands.format(band.low())
                + "-"
                + FrequencyBands.format(band.high())
                + " Hz) must contain at least one PSD bin; bins are "
                + welch.resolution()
                + " Hz apart (samplingRate / segment samples = "
                + samplingRate
                + " / "
                + segment
                + "): widen the band or lengthen the segment");
      }
      bandFirstBin[i] = first;
      bandWeights[i] = SimpsonRule.weights(count, welch.resolution());
    }
    totalWeights = SimpsonRule.weights(welch.bins(), welch.resolution());
  }

  /** A builder with the SPEC 3.4 defaults (256 Hz, 2 s windows, 0.25 s hop, 1 s segments). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this extractor's settings. */
  public Builder toBuilder() {
    return new Builder()
        .samplingRate(samplingRate)
        .window(windowSamples / samplingRate)
        .hop(hopSamples / samplingRate)
        .segment(segmentSamples / samplingRate)
        .bands(bands)
        .relative(relative);
  }

  /**
   * Number of windows for a signal of {@code n} samples: {@code n > W ? (n - W - 1) / H + 1 : 0}
   * (windows while {@code k H + W < n}).
   */
  public int windowCount(int n) {
    return n > windowSamples ? (n - windowSamples - 1) / hopSamples + 1 : 0;
  }

  /**
   * Band power of every window (fast path, SPEC 3.6).
   *
   * @param data {@code [channel][sample]}: at least one channel, all of the same length, finite
   * @return {@code windowCount(n)} band-major rows; empty when {@code n <= window samples}
   * @throws IllegalArgumentException for null, ragged or non-finite data (naming channel and
   *     sample); in relative mode, for a channel that is flat in a window ({@link #FLAT_TOLERANCE},
   *     naming channel, window and samples); for a band power that is not finite (data so large
   *     that its square overflows), naming channel, band and window. No NaN or infinite value is
   *     ever returned.
   */
  public BandPowerFeatures extract(double[][] data) {
    int n = check(data);
    int channels = data.length;
    int windows = windowCount(n);
    double[][] out = new double[windows][bands.size() * channels];
    if (windows == 0) {
      return new BandPowerFeatures(out, bands, channels, relative);
    }
    int bins = welch.bins();
    // segment starts lie on a grid of g = gcd(H, S) samples; slot = start / g. A window's segments
    // span `span` consecutive slots; a ring of span + H/g slots (tagged with the slot it holds)
    // keeps every spectrum a later window still needs.
    int g = gcd(hopSamples, segmentStep);
    int slotsPerStep = segmentStep / g;
    int slotsPerHop = hopSamples / g;
    int ring = (segmentsPerWindow - 1) * slotsPerStep + 1 + slotsPerHop;
    double[][] spectra = new double[ring][bins];
    long[] tag = new long[ring];
    double[] scratch = new double[segmentSamples];
    double[] psd = new double[bins];
    for (int c = 0; c < channels; c++) {
      double[] x = data[c];
      if (relative) {
        checkNotFlat(x, c, windows);
      }
      java.util.Arrays.fill(tag, -1L);
      for (int k = 0; k < windows; k++) {
        java.util.Arrays.fill(psd, 0.0);
        for (int j = 0; j < segmentsPerWindow; j++) {
          long slot = (long) k * slotsPerHop + (long) j * slotsPerStep;
          int pos = (int) (slot % ring);
          if (tag[pos] != slot) {
            welch.periodogram(x, (int) (slot * g), spectra[pos], scratch);
            tag[pos] = slot;
          }
          double[] p = spectra[pos];
          for (int f = 0; f < bins; f++) {
            psd[f] += p[f];
          }
        }
        integrate(psd, out[k], c, channels);
      }
    }
    checkFinite(out, channels);
    return new BandPowerFeatures(out, bands, channels, relative);
  }

  /**
   * The straightforward path: every window's Welch PSD from scratch, as the reference does. Same
   * numbers as {@link #extract} (bitwise), three times the FFT work; kept as a test oracle and
   * benchmark baseline.
   */
  BandPowerFeatures extractNaive(double[][] data) {
    int n = check(data);
    int channels = data.length;
    int windows = windowCount(n);
    int bins = welch.bins();
    double[][] out = new double[windows][bands.size() * channels];
    double[] scratch = new double[segmentSamples];
    double[] segment = new double[bins];
    double[] psd = new double[bins];
    if (relative) {
      for (int c = 0; c < channels; c++) {
        checkNotFlat(data[c], c, windows);
      }
    }
    for (int k = 0; k < windows; k++) {
      for (int c = 0; c < channels; c++) {
        java.util.Arrays.fill(psd, 0.0);
        for (int j = 0; j < segmentsPerWindow; j++) {
          welch.periodogram(data[c], k * hopSamples + j * segmentStep, segment, scratch);
          for (int f = 0; f < bins; f++) {
            psd[f] += segment[f];
          }
        }
        integrate(psd, out[k], c, channels);
      }
    }
    checkFinite(out, channels);
    return new BandPowerFeatures(out, bands, channels, relative);
  }

  /**
   * Refuses a channel that is flat in some window ({@link #FLAT_TOLERANCE}): its relative band
   * power would be 0/0 (NaN) or a ratio of rounding residues. Peak-to-peak per window comes from
   * the minima and maxima of blocks of {@code gcd(H, W)} samples, so the check costs one pass over
   * the signal plus {@code W / gcd(H, W)} comparisons per window.
   */
  private void checkNotFlat(double[] x, int c, int windows) {
    int block = gcd(hopSamples, windowSamples);
    int perWindow = windowSamples / block;
    int perHop = hopSamples / block;
    int blocks = (windows - 1) * perHop + perWindow;
    double[] lo = new double[blocks];
    double[] hi = new double[blocks];
    for (int b = 0; b < blocks; b++) {
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      for (int i = b * block, end = i + block; i < end; i++) {
        mn = Math.min(mn, x[i]);
        mx = Math.max(mx, x[i]);
      }
      lo[b] = mn;
      hi[b] = mx;
    }
    for (int k = 0; k < windows; k++) {
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      for (int b = k * perHop, end = b + perWindow; b < end; b++) {
        mn = Math.min(mn, lo[b]);
        mx = Math.max(mx, hi[b]);
      }
      double level = Math.max(Math.abs(mn), Math.abs(mx));
      if (mx - mn <= FLAT_TOLERANCE * level) {
        int from = k * hopSamples;
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "channel %d must vary within every window for relative band power, got a flat"
                    + " window %d (samples %d..%d: peak-to-peak %s at level %s, not above %s of"
                    + " it): its total power is 0 or rounding residue; drop the channel or use"
                    + " relative(false)",
                c,
                k,
                from,
                from + windowSamples - 1,
                mx - mn,
                level,
                FLAT_TOLERANCE));
      }
    }
  }

  /** The last guard: no NaN or infinite feature leaves the extractor. */
  private void checkFinite(double[][] out, int channels) {
    for (int k = 0; k < out.length; k++) {
      for (int i = 0; i < out[k].length; i++) {
        if (!Double.isFinite(out[k][i])) {
          int b = i / channels;
          int c = i % channels;
          int from = k * hopSamples;
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "band power must be finite, got %s for channel %d, band '%s', window %d"
                      + " (samples %d..%d): the signal's scale overflows double arithmetic"
                      + " (power is amplitude squared); rescale the data",
                  out[k][i],
                  c,
                  bands.get(b).name(),
                  k,
                  from,
                  from + windowSamples - 1));
        }
      }
    }
  }

  /** Turns the summed segment spectra into the mean PSD and writes channel c's band powers. */
  void integrate(double[] psd, double[] row, int c, int channels) {
    for (int f = 0; f < psd.length; f++) {
      psd[f] /= segmentsPerWindow;
    }
    double total = relative ? SimpsonRule.integrate(totalWeights, psd, 0) : 1.0;
    for (int b = 0; b < bandWeights.length; b++) {
      double power = SimpsonRule.integrate(bandWeights[b], psd, bandFirstBin[b]);
      row[b * channels + c] = relative ? power / total : power;
    }
  }

  private static int check(double[][] data) {
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    if (data.length == 0) {
      throw new IllegalArgumentException("data must have at least 1 channel, got 0");
    }
    for (int c = 0; c < data.length; c++) {
      if (data[c] == null) {
        throw new IllegalArgumentException("data channel " + c + " must not be null");
      }
      if (data[c].length != data[0].length) {
        throw new IllegalArgumentException(
            "data channels must all have the same length, got "
                + data[0].length
                + " samples in channel 0 and "
                + data[c].length
                + " in channel "
                + c);
      }
      double[] x = data[c];
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i])) {
          throw new IllegalArgumentException(
              "data must be finite, got " + x[i] + " at channel " + c + ", sample " + i);
        }
      }
    }
    return data[0].length;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /**
   * An incremental extractor for a live signal of {@code channels} channels ({@link
   * BandPowerStream}): the same rows as {@link #extract}, computed as samples arrive.
   */
  public BandPowerStream newStream(int channels) {
    return new BandPowerStream(this, channels);
  }

  /** The Welch plan (for {@link BandPowerStream}). */
  WelchPsd welch() {
    return welch;
  }

  /** Segment step {@code S = M - floor(M/2)} in samples. */
  int segmentStep() {
    return segmentStep;
  }

  /** Number of PSD bins in band {@code b} (the Simpson rule's N). */
  int bandBinCount(int b) {
    return bandWeights[b].length;
  }

  /** Index of the first PSD bin of band {@code b}. */
  int bandFirstBin(int b) {
    return bandFirstBin[b];
  }

  /** Sampling rate in Hz. */
  public double samplingRate() {
    return samplingRate;
  }

  /** Window length {@code W} in samples. */
  public int windowSamples() {
    return windowSamples;
  }

  /** Window length in seconds, {@code W / fs}. */
  public double windowSeconds() {
    return windowSamples / samplingRate;
  }

  /** Hop {@code H} in samples. */
  public int hopSamples() {
    return hopSamples;
  }

  /** Hop in seconds, {@code H / fs}. */
  public double hopSeconds() {
    return hopSamples / samplingRate;
  }

  /** Welch segment length {@code M} in samples ({@code nperseg}). */
  public int segmentSamples() {
    return segmentSamples;
  }

  /** Welch segment length in seconds, {@code M / fs}. */
  public double segmentSeconds() {
    return segmentSamples / samplingRate;
  }

  /** Welch segments per window, {@code (W - floor(M/2)) / (M - floor(M/2))}. */
  public int segmentsPerWindow() {
    return segmentsPerWindow;
  }

  /** PSD bin spacing {@code fs / M} in Hz. */
  public double frequencyResolution() {
    return welch.resolution();
  }

  /** The bands, in output order. */
  public List<FrequencyBand> bands() {
    return bands;
  }

  /** Whether {@link #extract} returns relative (true) or absolute power. */
  public boolean relative() {
    return relative;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "BandPowerExtractor[samplingRate=%s Hz, window=%s s (%d samples), hop=%s s (%d samples),"
            + " segment=%s s (%d samples, overlap %d, %d per window, hann, detrend=constant,"
            + " density), resolution=%s Hz, %s, bands=%s]",
        samplingRate,
        windowSeconds(),
        windowSamples,
        hopSeconds(),
        hopSamples,
        segmentSeconds(),
        segmentSamples,
        segmentSamples / 2,
        segmentsPerWindow,
        welch.resolution(),
        relative ? "relative" : "absolute",
        bands);
  }

  /**
   * Builds a {@link BandPowerExtractor}. Each setter rejects its own bad value; {@link #build()}
   * checks the rules that span fields (whole numbers of samples, hop and segment within the window,
   * bands below Nyquist with at least one bin each) and names every value involved. The builder
   * stays reusable after {@code build()}.
   */
  public static final class Builder {
    private double samplingRate = 256.0;
    private double window = 2.0;
    private double hop = 0.25;
    private double segment = 1.0;
    private List<FrequencyBand> bands = FrequencyBands.DEFAULT;
    private boolean relative = true;

    private Builder() {}

    /** Sampling rate in Hz, finite and {@code > 0}; default 256. */
    public Builder samplingRate(double hz) {
      if (!(hz > 0) || Double.isInfinite(hz)) {
        throw new IllegalArgumentException(
            "samplingRate must be a finite number > 0 Hz, got " + hz);
      }
      samplingRate = hz;
      return this;
    }

    /** Window length in s, {@code > 0}; default 2. */
    public Builder window(double seconds) {
      window = positive("window", seconds);
      return this;
    }

    /** Hop between window starts in s, {@code > 0}; default 0.25 (4 windows per second). */
    public Builder hop(double seconds) {
      hop = positive("hop", seconds);
      return this;
    }

    /** Welch segment length ({@code nperseg}) in s, {@code > 0}; default 1 (1 Hz resolution). */
    public Builder segment(double seconds) {
      segment = positive("segment", seconds);
      return this;
    }

    /** The bands, non-empty with distinct names; default {@link FrequencyBands#DEFAULT}. */
    public Builder bands(List<FrequencyBand> bands) {
      if (bands == null || bands.isEmpty()) {
        throw new IllegalArgumentException("bands must hold at least 1 band, got " + bands);
      }
      Set<String> names = new HashSet<>();
      for (FrequencyBand b : bands) {
        if (b == null) {
          throw new IllegalArgumentException("bands must not contain null, got " + bands);
        }
        if (!names.add(b.name())) {
          throw new IllegalArgumentException(
              "bands must have distinct names, got '" + b.name() + "' twice in " + bands);
        }
      }
      this.bands = List.copyOf(bands);
      return this;
    }

    /** Relative power (true, the default: band / total) or absolute power (false). */
    public Builder relative(boolean relative) {
      this.relative = relative;
      return this;
    }

    private static double positive(String name, double seconds) {
      if (!(seconds > 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException(name + " must be a finite number > 0 s, got " + seconds);
      }
      return seconds;
    }

    private int samples(String name, double seconds) {
      double exact = seconds * samplingRate;
      long rounded = Math.round(exact);
      if (Math.abs(exact - rounded) > 1e-9 * Math.max(1.0, Math.abs(exact))
          || rounded > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name
                + " * samplingRate must be a whole number of samples, got "
                + seconds
                + " s * "
                + samplingRate
                + " Hz = "
                + exact);
      }
      return (int) rounded;
    }

    /**
     * Plans the extractor.
     *
     * @throws IllegalArgumentException when a length is not a whole number of samples, the hop or
     *     the segment exceeds the window, the segment has fewer than 2 samples, or a band reaches
     *     past Nyquist or holds no PSD bin
     */
    public BandPowerExtractor build() {
      int w = samples("window", window);
      int h = samples("hop", hop);
      int m = samples("segment", segment);
      if (h < 1) {
        throw new IllegalArgumentException(
            "hop * samplingRate must be >= 1 sample, got " + hop + " s * " + samplingRate + " Hz");
      }
      if (m < 2) {
        throw new IllegalArgumentException(
            "segment * samplingRate must be >= 2 samples, got "
                + segment
                + " s * "
                + samplingRate
                + " Hz = "
                + m);
      }
      if (h > w) {
        throw new IllegalArgumentException(
            "hop (" + hop + " s) must not exceed window (" + window + " s)");
      }
      if (m > w) {
        throw new IllegalArgumentException(
            "segment (" + segment + " s) must not exceed window (" + window + " s)");
      }
      double nyquist = samplingRate / 2.0;
      for (FrequencyBand b : bands) {
        if (b.high() > nyquist) {
          throw new IllegalArgumentException(
              "band '"
                  + b.name()
                  + "' high edge must be <= the Nyquist frequency samplingRate / 2 = "
                  + nyquist
                  + " Hz, got "
                  + b.high()
                  + " Hz");
        }
      }
      return new BandPowerExtractor(this, w, h, m);
    }
  }
}
