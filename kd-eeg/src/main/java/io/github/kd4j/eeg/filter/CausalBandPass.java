package io.github.kd4j.eeg.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Causal IIR Butterworth band-pass in second-order sections: the filter for online (streaming) use,
 * designed as SciPy 1.10's {@code butter(order, [lowCut, highCut], btype='band', fs=fs,
 * output='sos')} and run as {@code scipy.signal.sosfilt(sos, x)} (zero initial state).
 *
 * <p><b>Design</b> (in {@link #butterworth}), with {@code N = order}:
 *
 * <ol>
 *   <li>analog prototype: poles {@code -exp(i pi m / (2N))}, {@code m = -N+1, -N+3, ..., N-1}, no
 *       zeros, gain 1 (SciPy's {@code buttap});
 *   <li>prewarping: {@code w = 4 tan(pi f / fs)} for both edges, {@code bw = w_high - w_low},
 *       {@code wo = sqrt(w_low w_high)};
 *   <li>low-pass to band-pass ({@code lp2bp_zpk}): each pole {@code q = p bw / 2} becomes {@code q
 *       +- sqrt(q^2 - wo^2)}; {@code N} zeros at 0; gain {@code bw^N};
 *   <li>bilinear transform at {@code fs = 2} ({@code bilinear_zpk}): {@code z -> (4 + z)/(4 - z)},
 *       so {@code N} zeros at {@code +1} and {@code N} at {@code -1}, {@code 2N} poles inside the
 *       unit circle, gain {@code bw^N Re(4^N / prod(4 - p))};
 *   <li>pairing into {@code N} sections ({@code zpk2sos}, {@code pairing='nearest'}): poles are
 *       taken closest-to-the-unit-circle first and placed from the last section backwards, each
 *       with its conjugate (or the next real pole) and the nearest remaining zeros; the gain goes
 *       into the first section's numerator.
 * </ol>
 *
 * The result has {@code 2 order} poles: {@code order} sets the roll-off of each edge (as {@code
 * butter} does), and the band edges are the -3 dB points.
 *
 * <p><b>Application</b> ({@link #apply} and {@link State#process}), SciPy's {@code sosfilt}: per
 * channel and sample, with {@code x} the input of a section and {@code (z0, z1)} its state (direct
 * form II transposed, {@code a0 = 1}):
 *
 * <pre>
 * y  = b0 x + z0
 * z0 = b1 x - a1 y + z1
 * z1 = b2 x - a2 y
 * </pre>
 *
 * and {@code y} feeds the next section. The state starts at zero, so the output of a signal that
 * does not start near zero begins with a transient (a step through a band-pass); offline use may
 * crop it (see {@code EegFeaturePipeline}).
 *
 * <p><b>Delay</b>: being causal and minimum-phase-like, the filter delays each frequency by its
 * {@link #groupDelaySeconds group delay}; for {@link #defaults} this is largest near the low edge
 * (docs/design.md, "Causal preprocessing", lists it at 1, 10 and 30 Hz).
 *
 * <p>Thread safety: instances are immutable and may be shared; a {@link State} (one per stream) is
 * mutable and not thread-safe.
 *
 * <pre>{@code
 * CausalBandPass bp = CausalBandPass.defaults(256);     // order 4, 0.3-45 Hz
 * double[][] offline = bp.apply(eeg);                     // eeg[channel][sample]
 * CausalBandPass.State st = bp.newState(32);
 * st.process(block, block);                               // each new block, in place
 * }</pre>
 */
public final class CausalBandPass {
  /** Default order of {@link #defaults}: 8 poles, 4 sections, 24 dB/octave outside each edge. */
  public static final int DEFAULT_ORDER = 4;

  /** Default lower edge of {@link #defaults}, Hz (SPEC 3.2). */
  public static final double DEFAULT_LOW_CUT = 0.3;

  /** Default upper edge of {@link #defaults}, Hz (SPEC 3.2). */
  public static final double DEFAULT_HIGH_CUT = 45.0;

  /** Largest accepted order (20 poles). */
  public static final int MAX_ORDER = 10;

  private final int order;
  private final double lowCut;
  private final double highCut;
  private final double samplingRate;

  /** {@code [section][6]} = b0 b1 b2 a0 a1 a2. */
  private final double[][] sos;

  private CausalBandPass(int order, double lowCut, double highCut, double samplingRate) {
    this.order = order;
    this.lowCut = lowCut;
    this.highCut = highCut;
    this.samplingRate = samplingRate;
    this.sos = design(order, lowCut, highCut, samplingRate);
  }

  /**
   * Designs a Butterworth band-pass as SciPy's {@code butter(order, [lowHz, highHz], btype='band',
   * fs=samplingRate, output='sos')}.
   *
   * @param order roll-off order per edge, 1 to {@link #MAX_ORDER}; the filter has {@code 2 order}
   *     poles in {@code order} sections
   * @param lowHz lower -3 dB edge, {@code 0 < lowHz < highHz}
   * @param highHz upper -3 dB edge, {@code highHz < samplingRate / 2}
   * @param samplingRate in Hz, finite and {@code > 0}
   * @throws IllegalArgumentException naming the offending value
   */
  public static CausalBandPass butterworth(
      int order, double lowHz, double highHz, double samplingRate) {
    if (order < 1 || order > MAX_ORDER) {
      throw new IllegalArgumentException("order must be in [1, " + MAX_ORDER + "], got " + order);
    }
    Signals.checkRate(samplingRate);
    if (!(lowHz > 0) || Double.isInfinite(lowHz)) {
      throw new IllegalArgumentException("lowCut must be a finite number > 0 Hz, got " + lowHz);
    }
    if (!(highHz > lowHz) || Double.isInfinite(highHz)) {
      throw new IllegalArgumentException(
          "highCut must be a finite number > lowCut (" + lowHz + " Hz), got " + highHz + " Hz");
    }
    if (!(highHz < samplingRate / 2.0)) {
      throw new IllegalArgumentException(
          "highCut must be < the Nyquist frequency samplingRate / 2 = "
              + samplingRate / 2.0
              + " Hz, got "
              + highHz
              + " Hz at samplingRate "
              + samplingRate
              + " Hz");
    }
    return new CausalBandPass(order, lowHz, highHz, samplingRate);
  }

  /**
   * The default online filter: order {@value #DEFAULT_ORDER} (8 poles), 0.3-45 Hz, the SPEC 3.2
   * band edges of the offline FIR. Order 4 is the usual choice for EEG band-passes (MNE's IIR
   * default, {@code iir_params=dict(order=4, ftype='butter')}): 24 dB/octave per edge, while its
   * group delay in the alpha and beta bands stays in the tens of milliseconds. Unlike the FIR,
   * whose -6 dB points lie at 0.15 and 50.6 Hz, the Butterworth edges 0.3 and 45 Hz are -3 dB
   * points.
   *
   * @throws IllegalArgumentException when {@code samplingRate / 2 <= 45} Hz
   */
  public static CausalBandPass defaults(double samplingRate) {
    return butterworth(DEFAULT_ORDER, DEFAULT_LOW_CUT, DEFAULT_HIGH_CUT, samplingRate);
  }

  /** The sections, a copy: {@code [section][6]} = {@code b0 b1 b2 a0 a1 a2} with {@code a0 = 1}. */
  public double[][] sos() {
    double[][] out = new double[sos.length][];
    for (int s = 0; s < sos.length; s++) {
      out[s] = sos[s].clone();
    }
    return out;
  }

  /** Roll-off order per edge ({@code butter}'s {@code N}); the filter has {@code 2 order} poles. */
  public int order() {
    return order;
  }

  /** Lower -3 dB edge in Hz. */
  public double lowCut() {
    return lowCut;
  }

  /** Upper -3 dB edge in Hz. */
  public double highCut() {
    return highCut;
  }

  /** Sampling rate in Hz. */
  public double samplingRate() {
    return samplingRate;
  }

  /**
   * Group delay at {@code frequencyHz}, in seconds: {@code -d(phase)/d(omega)} of the whole
   * cascade, {@code sum_s Re(sum_k k b_k e^{-i w k} / sum_k b_k e^{-i w k}) - (same for a)} over
   * the sections, divided by the sampling rate ({@code w = 2 pi f / fs}). This is the delay of a
   * narrow-band component at that frequency, the filter's algorithmic latency there.
   *
   * @param frequencyHz {@code 0 < frequencyHz < samplingRate / 2} (the zeros at 0 Hz and Nyquist
   *     make the delay undefined there)
   * @throws IllegalArgumentException outside that range
   */
  public double groupDelaySeconds(double frequencyHz) {
    if (!(frequencyHz > 0 && frequencyHz < samplingRate / 2.0)) {
      throw new IllegalArgumentException(
          "frequencyHz must be in (0, samplingRate / 2 = "
              + samplingRate / 2.0
              + ") Hz, got "
              + frequencyHz);
    }
    double w = 2.0 * Math.PI * frequencyHz / samplingRate;
    double samples = 0.0;
    for (double[] s : sos) {
      samples += polynomialDelay(s[0], s[1], s[2], w) - polynomialDelay(s[3], s[4], s[5], w);
    }
    return samples / samplingRate;
  }

  /** {@code Re(sum k c_k e^{-i w k} / sum c_k e^{-i w k})} for {@code k = 0, 1, 2}. */
  private static double polynomialDelay(double c0, double c1, double c2, double w) {
    double cos1 = Math.cos(w);
    double sin1 = Math.sin(w);
    double cos2 = Math.cos(2 * w);
    double sin2 = Math.sin(2 * w);
    double numRe = c1 * cos1 + 2 * c2 * cos2;
    double numIm = -(c1 * sin1 + 2 * c2 * sin2);
    double denRe = c0 + c1 * cos1 + c2 * cos2;
    double denIm = -(c1 * sin1 + c2 * sin2);
    return (numRe * denRe + numIm * denIm) / (denRe * denRe + denIm * denIm);
  }

  /**
   * Filters every channel from a zero state, as {@code sosfilt(sos, signal, axis=-1)}; returns new
   * arrays. Equal, bit for bit, to running one {@link #newState} over the signal in blocks of any
   * sizes.
   *
   * @param signal {@code [channel][sample]}, rectangular (at least one channel), finite
   * @throws IllegalArgumentException for null, ragged or non-finite data (naming channel and
   *     sample)
   */
  public double[][] apply(double[][] signal) {
    Signals.checkRectangular(signal, "signal");
    double[][] out = new double[signal.length][];
    for (int c = 0; c < signal.length; c++) {
      out[c] = new double[signal[c].length];
    }
    newState(signal.length).process(signal, out);
    return out;
  }

  /**
   * A zeroed filter state for a stream of {@code channels} channels.
   *
   * @throws IllegalArgumentException when {@code channels < 1}
   */
  public State newState(int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, got " + channels);
    }
    return new State(channels);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "CausalBandPass[butterworth order=%d (%d poles, %d sections), band=%s-%s Hz (-3 dB),"
            + " samplingRate=%s Hz, form=sos direct-form-II-transposed, causal, zero initial"
            + " state]",
        order,
        2 * order,
        sos.length,
        lowCut,
        highCut,
        samplingRate);
  }

  /**
   * The running state of one stream: for each channel and section, the two delay values {@code (z0,
   * z1)} of the direct form II transposed. Feeding consecutive blocks gives the same samples, bit
   * for bit, as {@link CausalBandPass#apply} on their concatenation.
   *
   * <p>Mutable and <b>not thread-safe</b>: use one state per stream and one thread at a time.
   */
  public final class State {
    private final double[][] z;

    private State(int channels) {
      z = new double[channels][2 * sos.length];
    }

    /** The filter this state belongs to. */
    public CausalBandPass filter() {
      return CausalBandPass.this;
    }

    /** Number of channels of the stream. */
    public int channels() {
      return z.length;
    }

    /** Zeroes the state, as for a new stream (e.g. after a gap in the data). */
    public void reset() {
      for (double[] row : z) {
        Arrays.fill(row, 0.0);
      }
    }

    /**
     * Filters the next block of the stream and advances the state.
     *
     * @param block {@code [channel][n]}, {@code channels()} rows of one length {@code n >= 0},
     *     finite; not modified unless it is {@code out}
     * @param out {@code [channel][n]} receiving the filtered block, same shape; may be {@code
     *     block} itself (in place)
     * @throws IllegalArgumentException for a wrong channel count, ragged rows, a shape mismatch
     *     between {@code block} and {@code out}, or a non-finite sample (naming channel and
     *     sample); the state is left unchanged then
     */
    public void process(double[][] block, double[][] out) {
      int n = checkBlock(block, "block");
      int m = checkBlock(out, "out");
      if (m != n) {
        throw new IllegalArgumentException(
            "out must have the block's " + n + " samples per channel, got " + m);
      }
      Signals.checkFinite(block, "block");
      int sections = sos.length;
      for (int c = 0; c < z.length; c++) {
        double[] x = block[c];
        double[] y = out[c];
        double[] zc = z[c];
        for (int t = 0; t < n; t++) {
          double cur = x[t];
          for (int s = 0; s < sections; s++) {
            double[] k = sos[s];
            int j = 2 * s;
            double next = k[0] * cur + zc[j];
            zc[j] = k[1] * cur - k[4] * next + zc[j + 1];
            zc[j + 1] = k[2] * cur - k[5] * next;
            cur = next;
          }
          y[t] = cur;
        }
      }
    }

    private int checkBlock(double[][] b, String what) {
      if (b == null) {
        throw new IllegalArgumentException(what + " must not be null");
      }
      if (b.length != z.length) {
        throw new IllegalArgumentException(
            what
                + " must have "
                + z.length
                + " channels (the state's channel count), got "
                + b.length);
      }
      return Signals.checkRectangular(b, what);
    }

    @Override
    public String toString() {
      return "CausalBandPass.State[channels=" + z.length + ", filter=" + CausalBandPass.this + "]";
    }
  }

  // ---------------------------------------------------------------- design, as SciPy 1.10

  private static double[][] design(int order, double low, double high, double fs) {
    // iirfilter: Wn = 2 Wn / fs, then warped = 2 * 2.0 * tan(pi * Wn / 2.0)
    double wLow = 2.0 * 2.0 * Math.tan(Math.PI * (2.0 * low / fs) / 2.0);
    double wHigh = 2.0 * 2.0 * Math.tan(Math.PI * (2.0 * high / fs) / 2.0);
    double bw = wHigh - wLow;
    double wo = Math.sqrt(wLow * wHigh);
    // buttap: p = -exp(1j * pi * m / (2 N)), m = -N+1, -N+3, ..., N-1
    Cx[] proto = new Cx[order];
    for (int i = 0; i < order; i++) {
      int m = -order + 1 + 2 * i;
      double theta = Math.PI * m * (1.0 / (2 * order));
      proto[i] = new Cx(-Math.cos(theta), -Math.sin(theta));
    }
    // lp2bp_zpk: p_lp = p bw / 2; p_bp = [p_lp + sqrt(p_lp^2 - wo^2), p_lp - sqrt(...)]
    Cx[] poles = new Cx[2 * order];
    for (int i = 0; i < order; i++) {
      Cx q = proto[i].scale(bw).scale(0.5);
      Cx r = q.mul(q).minus(new Cx(wo * wo, 0.0)).sqrt();
      poles[i] = q.plus(r);
      poles[order + i] = q.minus(r);
    }
    double kBandPass = Math.pow(bw, order);
    // bilinear_zpk with fs = 2: fs2 = 4
    Cx four = new Cx(4.0, 0.0);
    Cx prod = new Cx(1.0, 0.0);
    for (int i = 0; i < poles.length; i++) {
      prod = prod.mul(four.minus(poles[i]));
      poles[i] = four.plus(poles[i]).div(four.minus(poles[i]));
    }
    double gain = kBandPass * new Cx(Math.pow(4.0, order), 0.0).div(prod).re;
    // zeros: N at (4 + 0)/(4 - 0) = 1 and N at -1 (the zeros at infinity)
    double[] zeros = new double[2 * order];
    for (int i = 0; i < order; i++) {
      zeros[i] = -1.0;
      zeros[order + i] = 1.0;
    }
    return zpk2sos(zeros, poles, gain);
  }

  /**
   * SciPy's {@code zpk2sos(z, p, k, pairing='nearest')} for real zeros (the Butterworth band-pass
   * has only zeros at +1 and -1) and {@code len(p) == len(z)}, even.
   */
  private static double[][] zpk2sos(double[] zerosIn, Cx[] polesIn, double k) {
    int sections = polesIn.length / 2;
    List<Cx> p = cplxreal(polesIn);
    List<Double> z = new ArrayList<>();
    double[] sortedZeros = zerosIn.clone();
    Arrays.sort(sortedZeros);
    for (double v : sortedZeros) {
      z.add(v);
    }
    double[][] sos = new double[sections][];
    for (int si = sections - 1; si >= 0; si--) {
      Cx p1 = p.remove(worst(p, allIndices(p.size())));
      Cx p2;
      if (p1.isReal()) {
        List<Integer> reals = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
          if (p.get(i).isReal()) {
            reals.add(i);
          }
        }
        if (reals.isEmpty()) {
          // SciPy's special case (1) cannot occur: real poles come in pairs here
          throw new IllegalStateException("unpaired real pole " + p1);
        }
        p2 = p.remove((int) reals.get(worst(p, reals)));
      } else {
        p2 = p1.conj();
      }
      double z1 = z.remove(nearest(z, p1));
      double z2 = z.remove(nearest(z, p1));
      // zpk2tf via numpy.poly: convolve [1] with [1, -r] for each root in turn
      double b1 = -z2 + -z1;
      double b2 = -z1 * -z2;
      double a1;
      double a2;
      if (p1.isReal()) {
        a1 = -p2.re + -p1.re;
        a2 = -p1.re * -p2.re;
      } else {
        a1 = -p1.re + -p1.re;
        a2 = -p1.re * -p1.re - -p1.im * p1.im;
      }
      sos[si] = new double[] {1.0, b1, b2, 1.0, a1, a2};
    }
    for (int j = 0; j < 3; j++) {
      sos[0][j] *= k;
    }
    return sos;
  }

  private static List<Integer> allIndices(int n) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  /** Position in {@code among} of the pole closest to the unit circle (first on ties). */
  private static int worst(List<Cx> p, List<Integer> among) {
    int best = 0;
    double bestDist = Double.POSITIVE_INFINITY;
    for (int i = 0; i < among.size(); i++) {
      double d = Math.abs(1.0 - p.get(among.get(i)).abs());
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    return best;
  }

  /** Index of the real zero nearest to {@code to} (first on ties, as a stable argsort). */
  private static int nearest(List<Double> zeros, Cx to) {
    int best = 0;
    double bestDist = Double.POSITIVE_INFINITY;
    for (int i = 0; i < zeros.size(); i++) {
      double d = Math.hypot(zeros.get(i) - to.re, -to.im);
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    }
    return best;
  }

  /**
   * SciPy's {@code _cplxreal}: one element (positive imaginary part) of each conjugate pair, sorted
   * by real part then |imag|, averaged with its partner; then the real values, sorted.
   */
  private static List<Cx> cplxreal(Cx[] values) {
    double tol = 100 * Math.ulp(1.0);
    List<Cx> sorted = new ArrayList<>(Arrays.asList(values));
    sorted.sort(Comparator.<Cx>comparingDouble(c -> c.re).thenComparingDouble(c -> Math.abs(c.im)));
    List<Cx> reals = new ArrayList<>();
    List<Cx> pos = new ArrayList<>();
    List<Cx> neg = new ArrayList<>();
    for (Cx c : sorted) {
      if (Math.abs(c.im) <= tol * c.abs()) {
        reals.add(new Cx(c.re, 0.0));
      } else if (c.im > 0) {
        pos.add(c);
      } else {
        neg.add(c);
      }
    }
    if (pos.size() != neg.size()) {
      throw new IllegalStateException("complex pole without its conjugate");
    }
    // runs of (nearly) equal real part are sorted by |imag|
    int start = 0;
    while (start < pos.size()) {
      int stop = start;
      while (stop + 1 < pos.size()
          && pos.get(stop + 1).re - pos.get(stop).re <= tol * pos.get(stop).abs()) {
        stop++;
      }
      Comparator<Cx> byImag = Comparator.comparingDouble(c -> Math.abs(c.im));
      pos.subList(start, stop + 1).sort(byImag);
      neg.subList(start, stop + 1).sort(byImag);
      start = stop + 1;
    }
    List<Cx> out = new ArrayList<>();
    for (int i = 0; i < pos.size(); i++) {
      Cx a = pos.get(i);
      Cx b = neg.get(i).conj();
      out.add(new Cx((a.re + b.re) * 0.5, (a.im + b.im) * 0.5));
    }
    out.addAll(reals);
    return out;
  }

  /** A complex number with NumPy's arithmetic (Smith division, glibc-style square root). */
  private record Cx(double re, double im) {
    Cx plus(Cx o) {
      return new Cx(re + o.re, im + o.im);
    }

    Cx minus(Cx o) {
      return new Cx(re - o.re, im - o.im);
    }

    Cx scale(double f) {
      return new Cx(re * f, im * f);
    }

    Cx mul(Cx o) {
      return new Cx(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Cx div(Cx o) {
      double ar = Math.abs(o.re);
      double ai = Math.abs(o.im);
      if (ar >= ai) {
        double rat = o.im / o.re;
        double scl = 1.0 / (o.re + o.im * rat);
        return new Cx((re + im * rat) * scl, (im - re * rat) * scl);
      }
      double rat = o.re / o.im;
      double scl = 1.0 / (o.im + o.re * rat);
      return new Cx((re * rat + im) * scl, (im * rat - re) * scl);
    }

    Cx conj() {
      return new Cx(re, -im);
    }

    double abs() {
      return Math.hypot(re, im);
    }

    boolean isReal() {
      return im == 0.0;
    }

    /** Principal square root. */
    Cx sqrt() {
      if (im == 0.0) {
        return re < 0
            ? new Cx(0.0, Math.copySign(Math.sqrt(-re), im))
            : new Cx(Math.sqrt(re), Math.copySign(0.0, im));
      }
      if (re == 0.0) {
        double r = Math.sqrt(0.5 * Math.abs(im));
        return new Cx(r, Math.copySign(r, im));
      }
      double d = Math.hypot(re, im);
      if (re > 0) {
        double r = Math.sqrt(0.5 * (d + re));
        double s = 0.5 * (im / r);
        return new Cx(r, s);
      }
      double s = Math.sqrt(0.5 * (d - re));
      double r = Math.abs(0.5 * (im / s));
      return new Cx(r, Math.copySign(s, im));
    }
  }
}
