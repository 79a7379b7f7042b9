package io.github.kd4j.eeg.online;

import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerStream;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.CausalBandPass;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import io.github.kd4j.eeg.student.TcnStudent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Online valence from a live EEG stream (issue 16): blocks of samples in, one valence value per hop
 * (4 Hz with the defaults) out, as soon as its window is complete.
 *
 * <p><b>Per sample</b>, in order: scale to volts ({@link Builder#voltsPerUnit}); fault check (see
 * below); the causal band-pass ({@link CausalBandPass}, running state; {@link Builder#noFilter()}
 * skips it); the average reference over all channels at that sample (instantaneous, as {@code
 * AverageReference}); then incremental band power ({@link BandPowerStream}: each Welch segment
 * once, shared by its windows); each completed window's band-major row goes through the model one
 * step at a time (a {@code TcnStudent}'s {@code ValenceStream}: per-layer ring buffers, one step of
 * computation per value; or an exported ONNX student run on the ring-buffered last {@code
 * receptiveField} rows, which gives the same value because the network is causal). There is no crop
 * stage: a live stream starts at its first sample.
 *
 * <p><b>Timing</b>: window {@code k} of a run (a run starts at the stream start and after each
 * restart) covers run samples {@code [k H, k H + W)}; its value is emitted during the {@code push}
 * that delivers sample {@code k H + W - 1}, to every listener and to the queue read by {@link
 * #poll()} / {@link #drain()}. {@link OnlineValence#time()} is {@code startTime + (sample + 1) /
 * fs}.
 *
 * <p><b>Parity</b>: on a fault-free stream, for any split into blocks, the values equal the offline
 * causal path on the same recording: {@code CausalBandPass.apply}, {@code AverageReference.apply},
 * {@code BandPowerExtractor.extract}, then the model's whole-sequence {@code predict} (one window,
 * zero left padding), to float rounding of the model: measured up to 1.1e-6 relative with random
 * unit-scale students, about the reference forward's own float error (the features agree to
 * rounding, being the same operations in the same order). Offline windows need one sample past
 * their end, so the stream may give one value more at the end of a recording. It is not the
 * stitched 96-step {@code predict} of SPEC 9 (see {@code TcnStream}).
 *
 * <p><b>Faults</b>:
 *
 * <ul>
 *   <li><i>wrong channel count</i> (or ragged rows): {@link IllegalArgumentException} naming the
 *       expected and the received count; nothing is consumed;
 *   <li><i>gap in sample indices</i>: {@link #push(long, float[][])} with a first sample index past
 *       the next expected one, or {@link #gap(long)}, restarts: filter, band power and model state
 *       are reset, the new run begins at the first sample after the gap (its first value comes a
 *       full window later, flagged {@link OnlineValence.Flag#RESTARTED}, and its first {@link
 *       #warmUpSteps()} values {@link OnlineValence.Flag#WARMUP}); a first sample index before the
 *       next expected one (overlap, reordering) is an {@link IllegalArgumentException};
 *   <li><i>non-finite or saturated samples</i> ({@code |x| >= saturation} in input units, {@link
 *       Builder#saturation}): the sample is replaced by the channel's last good value (0 at the
 *       start of a run), so no NaN enters the filter; every value whose window overlaps {@code [bad
 *       - settle, bad]} (window start up to {@code settle} seconds after a bad sample: the filter's
 *       ringing), and the next {@code receptiveField - 1} values (the model still sees that
 *       window), is flagged {@link OnlineValence.Flag#ARTIFACT}. With the defaults (2 s window, 2 s
 *       settle, receptive field 13 steps) a single bad sample flags the values of about {@code (2 +
 *       2) * 4 + 12 = 28} hops, 7 s;
 *   <li><i>flat channel in a window</i> (relative band power 0/0, e.g. a disconnected electrode
 *       after the reference): the model is fed the last good feature row (zeros if none), and the
 *       value and the next {@code receptiveField - 1} values are flagged {@link
 *       OnlineValence.Flag#FLAT}.
 * </ul>
 *
 * No value computed from a replaced sample or a substituted row leaves without a flag.
 *
 * <p><b>Latency</b> ({@link #latency()}): a value describes its window, whose centre lies {@code
 * W/2} (1 s) before the value is available, plus the filter's group delay (at {@link
 * Builder#filterDelayAt}, default 10 Hz); compute time per hop is measured on every {@code push}.
 *
 * <p>Not thread-safe: push from one thread (listeners run on it). {@link #close()} releases an ONNX
 * session.
 *
 * <pre>{@code
 * OnlineValenceEstimator est = OnlineValenceEstimator.builder()
 *     .student(TcnStudent.load(Path.of("student.kd4j"))).samplingRate(256)
 *     .listener(v -> ui.show(v.valence())).build();
 * amplifier.onBlock(block -> est.push(block));   // block[32][n], volts
 * }</pre>
 */
public final class OnlineValenceEstimator implements AutoCloseable {

  /**
   * Latency of the estimator.
   *
   * @param windowMs band-power window length
   * @param halfWindowMs from the window centre to its end, when the value is emitted
   * @param filterDelayMs the causal filter's group delay at {@code filterDelayAtHz} (0 without a
   *     filter)
   * @param filterDelayAtHz frequency of that group delay
   * @param algorithmicMs {@code halfWindowMs + filterDelayMs}: how far the value lags the moment it
   *     describes, with infinitely fast computation
   * @param hopMs time between values
   * @param hopsMeasured hops' worth of samples pushed so far
   * @param meanComputeMicros mean compute time per hop: total push time times {@code H / samples}
   * @param p99ComputeMicros 99th percentile over the last 4096 pushes of each push's time per hop
   *     ({@code time H / samples})
   */
  public record Latency(
      double windowMs,
      double halfWindowMs,
      double filterDelayMs,
      double filterDelayAtHz,
      double algorithmicMs,
      double hopMs,
      long hopsMeasured,
      double meanComputeMicros,
      double p99ComputeMicros) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "Latency[algorithmic %.1f ms = half window %.1f ms + filter delay %.1f ms at %s Hz;"
              + " window %.0f ms, hop %.0f ms; compute per hop mean %.1f us, p99 %.1f us over %d"
              + " hops]",
          algorithmicMs,
          halfWindowMs,
          filterDelayMs,
          filterDelayAtHz,
          windowMs,
          hopMs,
          meanComputeMicros,
          p99ComputeMicros,
          hopsMeasured);
    }
  }

  private static final int TIMING_RING = 4096;

  private final double fs;
  private final List<String> channels;
  private final int c;
  private final double voltsPerUnit;
  private final double saturation;
  private final int settleSamples;
  private final CausalBandPass filter;
  private final CausalBandPass.State filterState;
  private final boolean averageReference;
  private final BandPowerExtractor bandPower;
  private final BandPowerStream bpStream;
  private final StepModel model;
  private final int receptiveField;
  private final int warmUpSteps;
  private final List<Consumer<OnlineValence>> listeners;
  private final ArrayDeque<OnlineValence> queue;
  private final int capacity;
  private final double startTime;
  private final double filterDelayAt;
  private final double[] lastGood;
  private final double[] timing = new double[TIMING_RING];

  private long nextSample;
  private long runStart;
  private long step;
  private boolean restarted;
  private long lastBad = Long.MIN_VALUE;
  private long lastArtifactWindow = Long.MIN_VALUE / 2;
  private long lastFlatWindow = Long.MIN_VALUE / 2;
  private float[] lastGoodRow;
  private long dropped;
  private long totalNanos;
  private long totalSamples;
  private long pushes;

  // per-push context for the window sink
  private long blockFirst;
  private long[] badUpTo;
  private long badBeforeBlock;

  private OnlineValenceEstimator(Builder b, StepModel model, BandPowerExtractor bp) {
    fs = b.samplingRate;
    channels = b.channels();
    c = channels.size();
    voltsPerUnit = b.voltsPerUnit;
    saturation = b.saturation;
    settleSamples = (int) Math.round(b.settle * fs);
    filter =
        b.noFilter
            ? null
            : b.filter != null
                ? b.filter
                : CausalBandPass.butterworth(
                    CausalBandPass.DEFAULT_ORDER, b.pipeline.lowCut(), b.pipeline.highCut(), fs);
    filterState = filter == null ? null : filter.newState(c);
    averageReference = b.pipeline.averageReference();
    bandPower = bp;
    bpStream = bp.newStream(c);
    this.model = model;
    receptiveField = model.warmUpSteps() + 1;
    int settleHops = (settleSamples + bp.hopSamples() - 1) / bp.hopSamples();
    warmUpSteps = settleHops + model.warmUpSteps();
    listeners = List.copyOf(b.listeners);
    capacity = b.queueCapacity;
    queue = new ArrayDeque<>();
    startTime = b.startTime;
    filterDelayAt = b.filterDelayAt;
    lastGood = new double[c];
  }

  /** A builder; the model and the sampling rate are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The channel names, in block row order. */
  public List<String> channels() {
    return channels;
  }

  /** Sampling rate in Hz. */
  public double samplingRate() {
    return fs;
  }

  /** The band-power plan (window, hop, segment, bands). */
  public BandPowerExtractor bandPower() {
    return bandPower;
  }

  /** The causal filter, or null when off. */
  public CausalBandPass filter() {
    return filter;
  }

  /**
   * Values flagged {@link OnlineValence.Flag#WARMUP} at the start of each run: {@code ceil(settle /
   * hop)} (filter transient) plus {@code receptiveField - 1} (model zero padding).
   */
  public int warmUpSteps() {
    return warmUpSteps;
  }

  /** The index the next pushed sample gets. */
  public long nextSample() {
    return nextSample;
  }

  /** Values emitted so far. */
  public long steps() {
    return step;
  }

  /** Values dropped from the full queue (oldest first) because nobody polled. */
  public long dropped() {
    return dropped;
  }

  /** Pushes the next block, continuing at {@link #nextSample()}. */
  public void push(float[][] block) {
    push(nextSample, block);
  }

  /**
   * Pushes a block whose first sample has absolute index {@code firstSample}.
   *
   * @param block {@code [channel][n]} in input units, one row per channel of {@link #channels()} in
   *     that order, all rows of one length {@code n >= 0}
   * @throws IllegalArgumentException for a wrong channel count or ragged rows (naming expected and
   *     got), or {@code firstSample < nextSample()}; the estimator is unchanged then
   */
  public void push(long firstSample, float[][] block) {
    int n = check(block);
    if (firstSample < nextSample) {
      throw new IllegalArgumentException(
          "firstSample must be >= the next expected sample "
              + nextSample
              + " (blocks in order, without overlap), got "
              + firstSample);
    }
    if (firstSample > nextSample) {
      gap(firstSample - nextSample);
    }
    if (n == 0) {
      return;
    }
    long t0 = System.nanoTime();
    double[][] buf = new double[c][n];
    badBeforeBlock = lastBad;
    badUpTo = null;
    for (int i = 0; i < n; i++) {
      boolean bad = false;
      for (int ch = 0; ch < c; ch++) {
        double v = block[ch][i] * voltsPerUnit;
        if (!Double.isFinite(v) || Math.abs(block[ch][i]) >= saturation) {
          bad = true;
          v = lastGood[ch];
        } else {
          lastGood[ch] = v;
        }
        buf[ch][i] = v;
      }
      if (bad) {
        if (badUpTo == null) {
          badUpTo = new long[n];
          Arrays.fill(badUpTo, 0, i, badBeforeBlock);
        }
        lastBad = firstSample + i;
      }
      if (badUpTo != null) {
        badUpTo[i] = lastBad;
      }
    }
    if (filterState != null) {
      filterState.process(buf, buf);
    }
    if (averageReference) {
      AverageReference.applyInPlace(buf, c);
    }
    blockFirst = firstSample;
    bpStream.push(buf, 0, n, this::window);
    nextSample = firstSample + n;
    long nanos = System.nanoTime() - t0;
    totalNanos += nanos;
    totalSamples += n;
    timing[(int) (pushes++ % TIMING_RING)] = nanos / 1e3 * bandPower.hopSamples() / n;
  }

  /**
   * Declares {@code missing} samples lost: the next pushed sample has index {@code nextSample() +
   * missing}, and the estimator restarts (see the class documentation).
   *
   * @throws IllegalArgumentException when {@code missing < 1}
   */
  public void gap(long missing) {
    if (missing < 1) {
      throw new IllegalArgumentException("missing must be >= 1 sample, got " + missing);
    }
    nextSample += missing;
    restart();
  }

  /** Restarts at {@link #nextSample()} without a gap: all state is reset (values are RESTARTED). */
  public void restart() {
    if (filterState != null) {
      filterState.reset();
    }
    bpStream.reset();
    model.reset();
    runStart = nextSample;
    restarted = true;
    Arrays.fill(lastGood, 0.0);
    lastBad = Long.MIN_VALUE;
    lastArtifactWindow = Long.MIN_VALUE / 2;
    lastFlatWindow = Long.MIN_VALUE / 2;
    lastGoodRow = null;
  }

  private void window(long k, double[] row, boolean flat) {
    long end = runStart + k * bandPower.hopSamples() + bandPower.windowSamples() - 1;
    long start = end - bandPower.windowSamples() + 1;
    long latestBad = badUpTo == null ? lastBad : badUpTo[(int) (end - blockFirst)];
    if (latestBad >= runStart && latestBad >= start - settleSamples) {
      lastArtifactWindow = k;
    }
    float[] x = new float[row.length];
    boolean finite = true;
    for (int i = 0; i < row.length; i++) {
      x[i] = (float) row[i];
      finite &= Float.isFinite(x[i]);
    }
    if (flat || !finite) {
      lastFlatWindow = k;
      x = lastGoodRow != null ? lastGoodRow : new float[row.length];
    } else {
      lastGoodRow = x;
    }
    float valence = model.step(x);
    EnumSet<OnlineValence.Flag> flags = EnumSet.noneOf(OnlineValence.Flag.class);
    if (k < warmUpSteps) {
      flags.add(OnlineValence.Flag.WARMUP);
    }
    if (k == 0 && restarted) {
      flags.add(OnlineValence.Flag.RESTARTED);
    }
    if (k - lastArtifactWindow < receptiveField) {
      flags.add(OnlineValence.Flag.ARTIFACT);
    }
    if (k - lastFlatWindow < receptiveField) {
      flags.add(OnlineValence.Flag.FLAT);
    }
    OnlineValence v = new OnlineValence(step++, k, end, startTime + (end + 1) / fs, valence, flags);
    if (queue.size() >= capacity) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(v);
    for (Consumer<OnlineValence> l : listeners) {
      l.accept(v);
    }
  }

  /** The oldest value not yet taken, or null. */
  public OnlineValence poll() {
    return queue.pollFirst();
  }

  /** Every value not yet taken, oldest first; empties the queue. */
  public List<OnlineValence> drain() {
    List<OnlineValence> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  /** Algorithmic latency and measured compute time per hop (see {@link Latency}). */
  public Latency latency() {
    double window = bandPower.windowSamples() * 1e3 / fs;
    double delay = filter == null ? 0.0 : filter.groupDelaySeconds(filterDelayAt) * 1e3;
    int m = (int) Math.min(pushes, TIMING_RING);
    double p99 = 0;
    if (m > 0) {
      double[] t = Arrays.copyOf(timing, m);
      Arrays.sort(t);
      p99 = t[Math.min(m - 1, (int) Math.ceil(0.99 * m) - 1)];
    }
    long hops = totalSamples / bandPower.hopSamples();
    double mean = totalSamples == 0 ? 0 : totalNanos / 1e3 * bandPower.hopSamples() / totalSamples;
    return new Latency(
        window,
        window / 2,
        delay,
        filterDelayAt,
        window / 2 + delay,
        bandPower.hopSamples() * 1e3 / fs,
        hops,
        mean,
        p99);
  }

  private int check(float[][] block) {
    if (block == null || block.length != c) {
      throw new IllegalArgumentException(
          "block must have "
              + c
              + " channels (expected "
              + c
              + ": "
              + String.join(" ", channels)
              + "), got "
              + (block == null ? "null" : block.length));
    }
    int n = -1;
    for (int ch = 0; ch < c; ch++) {
      if (block[ch] == null) {
        throw new IllegalArgumentException("block row " + ch + " must not be null");
      }
      if (n >= 0 && block[ch].length != n) {
        throw new IllegalArgumentException(
            "block rows must all have "
                + n
                + " samples (expected, as row 0), got "
                + block[ch].length
                + " in row "
                + ch
                + " ("
                + channels.get(ch)
                + ")");
      }
      n = block[ch].length;
    }
    return n;
  }

  /** Releases the model (an ONNX session). */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "OnlineValenceEstimator[channels="
        + c
        + ", fs="
        + fs
        + " Hz, filter="
        + filter
        + ", averageReference="
        + averageReference
        + ", "
        + bandPower
        + ", model="
        + model
        + ", nextSample="
        + nextSample
        + ", steps="
        + step
        + "]";
  }

  /**
   * Builder of {@link OnlineValenceEstimator}. Setters check their own argument; {@link #build()}
   * checks that one model and the sampling rate are set and that the model's input width is {@code
   * bands x channels}. A model (its stream state) serves one estimator: {@code build()} consumes
   * it, so set a model again before building another estimator.
   */
  public static final class Builder {
    private StepModel model;
    private String modelName;
    private EegFeaturePipeline pipeline = EegFeaturePipeline.defaults();
    private List<String> channelNames;
    private double samplingRate = Double.NaN;
    private CausalBandPass filter;
    private boolean noFilter;
    private double voltsPerUnit = 1.0;
    private double saturation = Double.POSITIVE_INFINITY;
    private double settle = 2.0;
    private double filterDelayAt = 10.0;
    private final List<Consumer<OnlineValence>> listeners = new ArrayList<>();
    private double startTime = 0.0;
    private int queueCapacity = 4096;

    private Builder() {}

    private void setModel(StepModel m, String name) {
      if (model != null) {
        throw new IllegalStateException(
            "model already set (" + modelName + "), got a second one: " + name);
      }
      model = m;
      modelName = name;
    }

    /** A trained student (stepped through its {@code ValenceStream}). */
    public Builder student(TcnStudent student) {
      Objects.requireNonNull(student, "student");
      setModel(StepModel.of(student.newStream()), student.toString());
      return this;
    }

    /** A trained regressor (stepped through its {@code ValenceStream}). */
    public Builder model(SequenceRegressor regressor) {
      Objects.requireNonNull(regressor, "regressor");
      setModel(StepModel.of(regressor.newStream()), regressor.toString());
      return this;
    }

    /**
     * An exported student (kd4j ONNX export with {@code kd4j.config} metadata), run on the
     * ring-buffered last receptive-field rows per value; the estimator closes it.
     *
     * @throws IllegalArgumentException when the metadata lacks the receptive field
     */
    public Builder onnx(OnnxModel onnx) {
      Objects.requireNonNull(onnx, "onnx");
      setModel(StepModel.onnx(onnx), onnx.toString());
      return this;
    }

    /**
     * Band-pass edges, average reference, channel names and band-power settings; crop and the
     * degenerate-channel policy do not apply online. Default {@link EegFeaturePipeline#defaults()}.
     */
    public Builder pipeline(EegFeaturePipeline p) {
      if (p == null) {
        throw new IllegalArgumentException("pipeline must not be null, got null");
      }
      pipeline = p;
      return this;
    }

    /** Channel names in block row order; default the pipeline's channels. */
    public Builder channels(List<String> names) {
      EegFeaturePipeline.builder().channels(names); // same rules
      channelNames = List.copyOf(names);
      return this;
    }

    /** {@code count} channels named {@code ch0, ch1, ...}. */
    public Builder channelCount(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("channelCount must be >= 1, got " + count);
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add("ch" + i);
      }
      return channels(names);
    }

    /** Sampling rate in Hz, finite and {@code > 0}; required. */
    public Builder samplingRate(double hz) {
      if (!(hz > 0) || Double.isInfinite(hz)) {
        throw new IllegalArgumentException(
            "samplingRate must be a finite number > 0 Hz, got " + hz);
      }
      samplingRate = hz;
      return this;
    }

    /**
     * The causal filter; default order-4 Butterworth at the pipeline's band-pass edges. Its
     * sampling rate must be the stream's.
     */
    public Builder filter(CausalBandPass f) {
      filter = Objects.requireNonNull(f, "filter");
      noFilter = false;
      return this;
    }

    /** No band-pass (an identity filter); undone by {@link #filter}. */
    public Builder noFilter() {
      filter = null;
      noFilter = true;
      return this;
    }

    /** Volts per input unit, finite and {@code > 0}: 1 (default) for volts, 1e-6 for µV. */
    public Builder voltsPerUnit(double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("voltsPerUnit must be a finite number > 0, got " + v);
      }
      voltsPerUnit = v;
      return this;
    }

    /**
     * Samples with {@code |x| >= level} (input units) are saturated, {@code > 0}; default infinity
     * (only non-finite samples are faults).
     */
    public Builder saturation(double level) {
      if (!(level > 0)) {
        throw new IllegalArgumentException("saturation must be > 0, got " + level);
      }
      saturation = level;
      return this;
    }

    /**
     * Filter settling span in s, finite and {@code >= 0}, default 2: how long after a bad sample or
     * a (re)start window starts stay flagged.
     */
    public Builder settle(double seconds) {
      if (!(seconds >= 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException("settle must be a finite number >= 0 s, got " + seconds);
      }
      settle = seconds;
      return this;
    }

    /** Frequency at which {@link #latency()} reports the filter delay, Hz, {@code > 0}. */
    public Builder filterDelayAt(double hz) {
      if (!(hz > 0) || Double.isInfinite(hz)) {
        throw new IllegalArgumentException(
            "filterDelayAt must be a finite number > 0 Hz, got " + hz);
      }
      filterDelayAt = hz;
      return this;
    }

    /** Adds a listener called with each value, on the pushing thread. */
    public Builder listener(Consumer<OnlineValence> l) {
      listeners.add(Objects.requireNonNull(l, "listener"));
      return this;
    }

    /** Time of sample 0 on the caller's clock, s (default 0: seconds since stream start). */
    public Builder startTime(double seconds) {
      if (!Double.isFinite(seconds)) {
        throw new IllegalArgumentException("startTime must be finite, got " + seconds);
      }
      startTime = seconds;
      return this;
    }

    /**
     * Values kept for {@link #poll()} before the oldest are dropped, {@code >= 1}; default 4096.
     */
    public Builder queueCapacity(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("queueCapacity must be >= 1, got " + n);
      }
      queueCapacity = n;
      return this;
    }

    private List<String> channels() {
      return channelNames != null ? channelNames : pipeline.channels();
    }

    /**
     * Builds the estimator.
     *
     * @throws IllegalStateException when no model or no sampling rate is set
     * @throws IllegalArgumentException when the band-power settings do not fit the rate, the
     *     filter's rate differs, the average reference has fewer than 2 channels, or the model's
     *     input width is not {@code bands x channels}
     */
    public OnlineValenceEstimator build() {
      if (model == null) {
        throw new IllegalStateException(
            "a model must be set (student, model or onnx) before build()");
      }
      if (Double.isNaN(samplingRate)) {
        throw new IllegalStateException("samplingRate must be set before build()");
      }
      List<String> names = channels();
      if (pipeline.averageReference() && names.size() < 2) {
        throw new IllegalArgumentException(
            "the average reference needs at least 2 channels, got " + names);
      }
      if (filter != null && filter.samplingRate() != samplingRate) {
        throw new IllegalArgumentException(
            "filter samplingRate must equal the stream's "
                + samplingRate
                + " Hz, got "
                + filter.samplingRate()
                + " Hz");
      }
      BandPowerExtractor bp =
          BandPowerExtractor.builder()
              .samplingRate(samplingRate)
              .window(pipeline.window())
              .hop(pipeline.hop())
              .segment(pipeline.segment())
              .bands(pipeline.bands())
              .relative(pipeline.relative())
              .build();
      int width = bp.bands().size() * names.size();
      if (model.inputSize() != width) {
        throw new IllegalArgumentException(
            "model input width must be bands x channels = "
                + bp.bands().size()
                + " x "
                + names.size()
                + " = "
                + width
                + ", got "
                + model.inputSize()
                + " ("
                + modelName
                + ")");
      }
      OnlineValenceEstimator est = new OnlineValenceEstimator(this, model, bp);
      model = null; // a model's stream state belongs to one estimator
      modelName = null;
      return est;
    }
  }
}
