package io.github.kd4j.eeg.bandpower;

import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental band power of a live multichannel signal: the rows of {@link
 * BandPowerExtractor#extract} computed as the samples arrive, each Welch segment's periodogram
 * once, when its last sample arrives, and shared by every window that uses it (SPEC 3.6; with the
 * defaults one 256-point FFT per channel per 64-sample hop).
 *
 * <p>Conventions (those of {@link BandPowerExtractor}): sample indices count from the stream start
 * (or the last {@link #reset}); window {@code k} covers samples {@code [k H, k H + W)}; its row is
 * band-major {@code [band0 ch0..ch(C-1), band1 ...]}. Window {@code k} is emitted as soon as its
 * last sample {@code k H + W - 1} has been pushed. The offline extractor also asks for one sample
 * past the window ({@code k H + W < n}), so on a recording of {@code n} samples the stream gives
 * the offline rows, equal to them to rounding (bitwise in practice, the same operations in the same
 * order), plus at most one more at the end.
 *
 * <p>Memory: per channel a ring of the last {@code M} samples, the few segment spectra that windows
 * still need, and per-block minima and maxima for the flat-window test; nothing grows with the
 * stream's length.
 *
 * <p>Flat windows: in relative mode a channel that is flat in a window ({@link
 * BandPowerExtractor#FLAT_TOLERANCE}) has no meaningful relative power (0/0); where the offline
 * extractor throws, the stream reports the window through {@code flat = true} (the row's values for
 * that channel are then NaN or rounding ratios) and carries on.
 *
 * <p>Not thread-safe: one stream per live signal.
 *
 * <pre>{@code
 * BandPowerStream bp = BandPowerExtractor.builder().build().newStream(32);
 * bp.push(block, 0, block[0].length, (k, row, flat) -> use(row)); // block[channel][sample]
 * }</pre>
 */
public final class BandPowerStream {

  /** Receives each completed window. */
  @FunctionalInterface
  public interface WindowSink {
    /**
     * Window {@code index} is complete.
     *
     * @param index window index {@code k} since the stream start
     * @param row band-major values; the array is reused: copy it to keep it
     * @param flat true when some channel is flat in this window (relative mode only)
     */
    void window(long index, double[] row, boolean flat);
  }

  private final BandPowerExtractor x;
  private final WelchPsd welch;
  private final int channels;
  private final int m;
  private final int w;
  private final int h;
  private final int s;
  private final int j;
  private final int g;
  private final int ringSlots;
  private final int flatBlock;
  private final int flatBlocks;
  private final double[][] samples; // [channel][m] ring of the last m samples
  private final double[][][] spectra; // [channel][slot ring][bins]
  private final long[] tag; // segment start held in each spectra slot, -1 when none
  private final double[][] blockMin; // [channel][flatBlocks] ring
  private final double[][] blockMax;
  private final double[] segment;
  private final double[] scratch;
  private final double[] psd;
  private final double[] row;
  private long n;
  private long nextWindow;

  BandPowerStream(BandPowerExtractor extractor, int channels) {
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, got " + channels);
    }
    this.x = extractor;
    this.welch = extractor.welch();
    this.channels = channels;
    this.m = extractor.segmentSamples();
    this.w = extractor.windowSamples();
    this.h = extractor.hopSamples();
    this.s = extractor.segmentStep();
    this.j = extractor.segmentsPerWindow();
    this.g = BandPowerExtractor.gcd(h, s);
    // spectra from the oldest start a pending window needs (k H) to the newest computed (n - M)
    this.ringSlots = (w - m) / g + 1 + h / g + 1;
    this.flatBlock = BandPowerExtractor.gcd(h, w);
    this.flatBlocks = w / flatBlock + 1;
    samples = new double[channels][m];
    spectra = new double[channels][ringSlots][welch.bins()];
    tag = new long[ringSlots];
    blockMin = new double[channels][flatBlocks];
    blockMax = new double[channels][flatBlocks];
    segment = new double[m];
    scratch = new double[m];
    psd = new double[welch.bins()];
    row = new double[extractor.bands().size() * channels];
    reset();
  }

  /** Channels per sample. */
  public int channels() {
    return channels;
  }

  /** Samples pushed since the start or the last {@link #reset}. */
  public long samples() {
    return n;
  }

  /** Windows emitted since the start or the last {@link #reset}. */
  public long windows() {
    return nextWindow;
  }

  /** The extractor whose rows this stream reproduces. */
  public BandPowerExtractor extractor() {
    return x;
  }

  /** Forgets every sample: the next sample is sample 0 of a new stream. */
  public void reset() {
    n = 0;
    nextWindow = 0;
    Arrays.fill(tag, -1L);
    for (int c = 0; c < channels; c++) {
      Arrays.fill(blockMin[c], Double.POSITIVE_INFINITY);
      Arrays.fill(blockMax[c], Double.NEGATIVE_INFINITY);
    }
  }

  /**
   * Appends samples {@code [from, from + count)} of every channel and reports each window they
   * complete, in order.
   *
   * @param block {@code [channel][sample]}, {@link #channels()} rows
   * @throws IllegalArgumentException for a wrong channel count, a short row, a bad range or a
   *     non-finite value (checked before any state changes)
   */
  public void push(double[][] block, int from, int count, WindowSink sink) {
    Objects.requireNonNull(sink, "sink");
    check(block, from, count);
    for (int i = from; i < from + count; i++) {
      int pos = (int) (n % m);
      int fb = (int) ((n / flatBlock) % flatBlocks);
      boolean newBlock = n % flatBlock == 0;
      for (int c = 0; c < channels; c++) {
        double v = block[c][i];
        samples[c][pos] = v;
        if (newBlock) {
          blockMin[c][fb] = v;
          blockMax[c][fb] = v;
        } else {
          blockMin[c][fb] = Math.min(blockMin[c][fb], v);
          blockMax[c][fb] = Math.max(blockMax[c][fb], v);
        }
      }
      n++;
      long start = n - m; // the segment that ends with this sample
      if (start >= 0 && start % g == 0 && used(start)) {
        spectrum(start);
      }
      long k = nextWindow;
      if (k * h + w <= n) {
        emit(k, sink);
        nextWindow++;
      }
    }
  }

  /** Whether some window uses the segment starting at {@code start}. */
  private boolean used(long start) {
    for (int q = 0; q < j; q++) {
      long ws = start - (long) q * s;
      if (ws >= 0 && ws % h == 0) {
        return true;
      }
    }
    return false;
  }

  private void spectrum(long start) {
    int slot = (int) ((start / g) % ringSlots);
    int first = (int) (start % m); // ring position of the segment's first sample
    for (int c = 0; c < channels; c++) {
      double[] ring = samples[c];
      int tail = m - first;
      System.arraycopy(ring, first, segment, 0, tail);
      System.arraycopy(ring, 0, segment, tail, first);
      welch.periodogram(segment, 0, spectra[c][slot], scratch);
    }
    tag[slot] = start;
  }

  private void emit(long k, WindowSink sink) {
    boolean flat = false;
    int bins = psd.length;
    for (int c = 0; c < channels; c++) {
      Arrays.fill(psd, 0.0);
      for (int q = 0; q < j; q++) {
        long start = k * h + (long) q * s;
        int slot = (int) ((start / g) % ringSlots);
        if (tag[slot] != start) {
          throw new IllegalStateException(
              "segment spectrum at sample " + start + " was overwritten (ring too small)");
        }
        double[] p = spectra[c][slot];
        for (int f = 0; f < bins; f++) {
          psd[f] += p[f];
        }
      }
      x.integrate(psd, row, c, channels);
      if (x.relative() && isFlat(c, k)) {
        flat = true;
      }
    }
    sink.window(k, row, flat);
  }

  private boolean isFlat(int c, long k) {
    long firstBlock = k * h / flatBlock;
    int per = w / flatBlock;
    double mn = Double.POSITIVE_INFINITY;
    double mx = Double.NEGATIVE_INFINITY;
    for (long b = firstBlock; b < firstBlock + per; b++) {
      int pos = (int) (b % flatBlocks);
      mn = Math.min(mn, blockMin[c][pos]);
      mx = Math.max(mx, blockMax[c][pos]);
    }
    double level = Math.max(Math.abs(mn), Math.abs(mx));
    return mx - mn <= BandPowerExtractor.FLAT_TOLERANCE * level;
  }

  private void check(double[][] block, int from, int count) {
    if (block == null || block.length != channels) {
      throw new IllegalArgumentException(
          "block must have "
              + channels
              + " channels, got "
              + (block == null ? "null" : block.length));
    }
    if (from < 0 || count < 0) {
      throw new IllegalArgumentException(
          "from and count must be >= 0, got " + from + " and " + count);
    }
    for (int c = 0; c < channels; c++) {
      double[] r = block[c];
      if (r == null || r.length < from + count) {
        throw new IllegalArgumentException(
            "block channel "
                + c
                + " must hold samples ["
                + from
                + ", "
                + (from + count)
                + "), got "
                + (r == null ? "null" : r.length + " samples"));
      }
      for (int i = from; i < from + count; i++) {
        if (!Double.isFinite(r[i])) {
          throw new IllegalArgumentException(
              "block must be finite, got "
                  + r[i]
                  + " at channel "
                  + c
                  + ", sample "
                  + (n + i - from)
                  + " of the stream");
        }
      }
    }
  }

  @Override
  public String toString() {
    return "BandPowerStream[channels="
        + channels
        + ", samples="
        + n
        + ", windows="
        + nextWindow
        + ", "
        + x
        + "]";
  }
}
