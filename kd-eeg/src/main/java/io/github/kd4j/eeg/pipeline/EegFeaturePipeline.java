package io.github.kd4j.eeg.pipeline;

import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.bandpower.FrequencyBand;
import io.github.kd4j.eeg.bandpower.FrequencyBands;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.CausalBandPass;
import io.github.kd4j.eeg.filter.Crop;
import io.github.kd4j.eeg.filter.FirBandPass;
import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import io.github.kd4j.eeg.montage.Montage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything from a raw EEG file to the band-power features of SPEC section 3: one band-major row
 * per window, i.e. per 4 Hz label step ({@code 6 x 32 = 192} values with the defaults).
 *
 * <p>Stages, in order, for a recording whose selected channels are sampled at {@code fs} Hz:
 *
 * <ol>
 *   <li><b>read</b> the EDF/EDF+/BDF/BDF+ file with {@link RecordingReader}, only the {@link
 *       #channels()} (default: the 32 BioSemi EEG channels in SPEC 3 order, {@link
 *       Montage#biosemi32()}), matched as {@link Recording#indexOf(String)} does: the exact label,
 *       else ignoring case and trailing dots ({@code "FC5"} finds {@code "Fc5."});
 *   <li><b>volts</b>: physical values times {@code 1e-6} for µV, {@code 1e-3} for mV ({@link
 *       Recording#dataVolts()}, as MNE's {@code get_data()}); every selected channel must have the
 *       same rate;
 *   <li><b>crop</b> (SPEC 3.1): keep {@code [cropStart, (n - 1)/fs - cropEnd]} seconds, both ends
 *       included, samples {@code rint(t fs)} (MNE's {@code raw.crop(cropStart, raw.times[-1] -
 *       cropEnd)}); default {@code [29 s, (n - 1)/fs - 25 s]} (MAHNOB-HCI: 30 s of baseline on each
 *       side, minus half a window at the start, plus a 5 s buffer at the end); {@link
 *       Builder#noCrop()} keeps every sample;
 *   <li><b>band-pass</b> (SPEC 3.2): {@link FirBandPass} designed at {@code fs} (MNE's {@code
 *       raw.filter(0.3, 45)} defaults), run on the cropped signal; or, with {@link
 *       Builder#causal(boolean) causal(true)}, the causal {@link CausalBandPass} (see below);
 *   <li><b>average reference</b> (SPEC 3.3): subtract the mean over the selected channels at every
 *       sample ({@link AverageReference}); can be switched off. It is instantaneous (sample {@code
 *       t} uses only samples at {@code t}), hence causal in both modes ({@link
 *       #referenceIsCausal()});
 *   <li><b>band power</b> (SPEC 3.4-3.5): {@link BandPowerExtractor} at {@code fs}: window {@code 2
 *       s}, hop {@code 0.25 s}, Welch segment {@code 1 s}, the six {@link FrequencyBands#DEFAULT}
 *       bands, relative power; window {@code k} covers samples {@code [k hop, k hop + window)} of
 *       the cropped signal and exists while {@code k hop + window < n}.
 * </ol>
 *
 * <p><b>Causal mode</b> ({@link Builder#causal(boolean) causal(true)}, for students meant for
 * online use): the band-pass is {@link CausalBandPass#butterworth} of order {@link #causalOrder()}
 * (default 4) with the same edges ({@link #causalFilter(double)}), from a zero state, and it runs
 * on the <em>whole</em> signal of the kept channels <em>before</em> the crop; the crop then keeps
 * the same samples as in the default mode. Each kept sample is thus exactly what a filter started
 * at the beginning of the recording and fed block by block ({@link CausalBandPass.State}) would
 * give online, and the cropped-away baseline serves as the filter's warm-up (no start-up transient
 * in the kept part unless {@code noCrop()}). Online there is no crop: the stream is filtered,
 * referenced and windowed as it comes. Everything else (flat-channel checks on the cropped raw
 * signal, reference, band power) is unchanged. The output at a frequency {@code f} is delayed by
 * the filter's group delay ({@link CausalBandPass#groupDelaySeconds}; 139 ms at 1 Hz, 10 ms at 10
 * Hz, 12 ms at 30 Hz for the default at 256 Hz).
 *
 * <p>Degenerate input (docs/design.md, "Nothing silently wrong"): a flat channel ({@link
 * #FLAT_TOLERANCE}) is an error naming it, or is dropped with a WARN under {@link
 * Builder#onDegenerateChannel} {@code DROP}; so is a channel the average reference empties (always
 * an error). No NaN or infinite feature is returned.
 *
 * <p>Output: {@link BandPowerFeatures} with column {@code b C + c} = band {@code b}, channel {@code
 * c} of {@link #channels()} ({@code [delta Fp1..O2, theta Fp1..O2, ...]}). A signal that is too
 * short to give one window after cropping is an error (naming the file), not an empty result.
 *
 * <p>Verified end to end against MNE 1.3 + scipy 1.10 on a real 160 Hz EDF file (see {@code
 * make_pipeline_fixtures.py}): max relative error 9e-15 per value (4e-15 without the crop).
 *
 * <p>Thread safety: immutable; the filter and band-power plans of each sampling rate met are built
 * once and cached in a concurrent map, so one pipeline can serve many threads.
 *
 * <pre>{@code
 * EegFeaturePipeline p = EegFeaturePipeline.defaults();
 * BandPowerFeatures f = p.extract(Path.of("Part_1_S_Trial1_emotion.bdf")); // [windows][192]
 * EegFeaturePipeline raw = p.toBuilder().noCrop().relative(false).build();
 * }</pre>
 */
public final class EegFeaturePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(EegFeaturePipeline.class);

  private final List<String> channels;
  private final boolean crop;
  private final double cropStart;
  private final double cropEnd;
  private final double lowCut;
  private final double highCut;
  private final boolean causal;
  private final int causalOrder;
  private final boolean averageReference;
  private final double window;
  private final double hop;
  private final double segment;
  private final List<FrequencyBand> bands;
  private final boolean relative;
  private final DegenerateChannels onDegenerate;
  private final Map<Double, Stages> perRate = new ConcurrentHashMap<>();

  /**
   * The rate-dependent plans at one sampling rate: the band-pass of the active mode (the other is
   * null) and the band-power extractor.
   */
  private record Stages(FirBandPass fir, CausalBandPass iir, BandPowerExtractor bandPower) {}

  private EegFeaturePipeline(Builder b) {
    channels = b.channels;
    crop = b.crop;
    cropStart = b.cropStart;
    cropEnd = b.cropEnd;
    lowCut = b.lowCut;
    highCut = b.highCut;
    causal = b.causal;
    causalOrder = b.causalOrder;
    averageReference = b.averageReference;
    window = b.window;
    hop = b.hop;
    segment = b.segment;
    bands = b.bands;
    relative = b.relative;
    onDegenerate = b.onDegenerate;
  }

  /**
   * What {@link #extract} does with a degenerate channel: one whose signal is flat (see {@link
   * #FLAT_TOLERANCE}): all zero, constant (DC), or nearly so compared with the liveliest channel.
   * Such a channel has no band power to speak of: relative powers would be 0/0 (NaN) or ratios of
   * rounding residue.
   */
  public enum DegenerateChannels {
    /** Throw an {@link IllegalArgumentException} naming every degenerate channel (the default). */
    FAIL,
    /**
     * Leave the degenerate channels out, with a WARN log naming them. This changes the feature
     * layout: the result has {@code bands x kept} columns, the kept channels in {@link #channels()}
     * order, so rows of different recordings may no longer line up; use it for exploration, not to
     * build a training set of fixed width.
     */
    DROP
  }

  /**
   * A channel is flat when its peak-to-peak amplitude over the cropped signal is at most {@code
   * 1e-6} (120 dB) times the largest peak-to-peak among the selected channels; an exactly constant
   * channel is always flat, and so is every channel of an all-constant recording.
   */
  public static final double FLAT_TOLERANCE = 1e-6;

  /** A builder with the SPEC 3 defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The SPEC 3 pipeline with every default. */
  public static EegFeaturePipeline defaults() {
    return builder().build();
  }

  /** A builder holding this pipeline's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.channels = channels;
    b.crop = crop;
    b.cropStart = cropStart;
    b.cropEnd = cropEnd;
    b.lowCut = lowCut;
    b.highCut = highCut;
    b.causal = causal;
    b.causalOrder = causalOrder;
    b.averageReference = averageReference;
    b.window = window;
    b.hop = hop;
    b.segment = segment;
    b.bands = bands;
    b.relative = relative;
    b.onDegenerate = onDegenerate;
    return b;
  }

  /**
   * Reads {@code file} (EDF or BDF, detected from its first bytes) and computes its features.
   *
   * @throws IOException when the file cannot be read or is not a valid EDF/BDF file ({@link
   *     io.github.kd4j.eeg.io.RecordingFormatException})
   * @throws IllegalArgumentException when a channel is missing (the message names it and suggests
   *     close labels), the channels have different sampling rates (naming them), the recording is
   *     too short for the crop or for one window, a value is not finite, a channel is flat (see
   *     {@link DegenerateChannels}), or the average reference leaves a channel without signal
   * @throws IllegalStateException when a selected channel's unit is not a voltage
   */
  public BandPowerFeatures extract(Path file) throws IOException {
    Recording r = RecordingReader.builder().channels(channels).build().read(file);
    return extract(r);
  }

  /**
   * Computes the features of an already read recording: selects {@link #channels()} from it (as
   * {@link Recording#select(List)}), converts to volts and runs the remaining stages.
   *
   * @throws IllegalArgumentException as {@link #extract(Path)}
   * @throws IllegalStateException when a selected channel's unit is not a voltage
   */
  public BandPowerFeatures extract(Recording recording) {
    Recording r = recording.select(channels);
    double fs = commonRate(r);
    return run(r.dataVolts(), fs, r.fileName());
  }

  /**
   * Runs crop, band-pass, reference and band power on a signal already in memory.
   *
   * @param volts {@code [channel][sample]} in volts, one row per entry of {@link #channels()} in
   *     that order, rows of equal length, finite values
   * @param samplingRate sampling rate of every row, in Hz
   * @throws IllegalArgumentException for a wrong row count, ragged or non-finite data, a bad rate,
   *     or a signal too short for the crop or for one window
   */
  public BandPowerFeatures extract(double[][] volts, double samplingRate) {
    if (volts == null || volts.length != channels.size()) {
      throw new IllegalArgumentException(
          "volts must have one row per pipeline channel ("
              + channels.size()
              + ": "
              + String.join(" ", channels)
              + "), got "
              + (volts == null ? "null" : volts.length + " rows"));
    }
    if (!(samplingRate > 0) || Double.isInfinite(samplingRate)) {
      throw new IllegalArgumentException(
          "samplingRate must be a finite number > 0 Hz, got " + samplingRate);
    }
    return run(volts, samplingRate, "in-memory signal");
  }

  private BandPowerFeatures run(double[][] volts, double fs, String source) {
    int n = checkRectangular(volts, source);
    Stages st = stages(fs);
    double[][] x = volts;
    if (crop) {
      try {
        x = Crop.trimEnds(volts, fs, cropStart, cropEnd);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            source + ": " + e.getMessage() + "; use noCrop() or smaller crop offsets", e);
      }
    }
    int kept = x[0].length;
    int windowSamples = st.bandPower().windowSamples();
    if (kept <= windowSamples) {
      throw new IllegalArgumentException(
          source
              + ": the "
              + (crop ? "cropped " : "")
              + "signal must have more than "
              + windowSamples
              + " samples (one "
              + window
              + " s window at "
              + fs
              + " Hz) to give a band-power window, got "
              + kept
              + (crop
                  ? " of " + n + " (crop [" + cropStart + " s, t_max - " + cropEnd + " s])"
                  : "")
              + "; use a longer recording"
              + (crop ? " or smaller crop offsets" : ""));
    }
    List<String> names = channels;
    double[][] uncropped = volts;
    List<Integer> flat = flatChannels(x);
    if (!flat.isEmpty()) {
      String described = describe(x, flat);
      if (onDegenerate == DegenerateChannels.FAIL || flat.size() == x.length) {
        throw new IllegalArgumentException(
            source
                + ": every channel must carry a signal (peak-to-peak above "
                + FLAT_TOLERANCE
                + " of the largest channel's), got "
                + (flat.size() == x.length ? "only flat channels: " : "flat channels: ")
                + described
                + (flat.size() == x.length
                    ? ""
                    : "; leave them out with channels(...) or onDegenerateChannel(DROP)"));
      }
      List<String> kept2 = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      List<double[]> fullRows = new ArrayList<>();
      for (int c = 0; c < x.length; c++) {
        if (!flat.contains(c)) {
          kept2.add(channels.get(c));
          rows.add(x[c]);
          fullRows.add(volts[c]);
        }
      }
      if (averageReference && rows.size() < 2) {
        throw new IllegalArgumentException(
            source
                + ": the average reference needs at least 2 channels with a signal, got "
                + rows.size()
                + " ("
                + String.join(" ", kept2)
                + ") after dropping the flat channels "
                + described);
      }
      LOG.warn(
          "{}: dropped {} flat channel(s) {}; features have {} channels ({}), not {}",
          source,
          flat.size(),
          described,
          kept2.size(),
          String.join(" ", kept2),
          channels.size());
      names = kept2;
      x = rows.toArray(new double[0][]);
      uncropped = fullRows.toArray(new double[0][]);
    }
    double[][] filtered;
    try {
      if (causal) {
        // causal: filter the whole signal from a zero state, then keep the cropped samples
        filtered = st.iir().apply(uncropped);
        if (crop) {
          filtered = Crop.trimEnds(filtered, fs, cropStart, cropEnd);
        }
      } else {
        filtered = st.fir().apply(x);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    double[][] ref = filtered;
    if (averageReference) {
      ref = AverageReference.apply(filtered);
      List<Integer> emptied = flatChannels(ref, peakToPeakMax(filtered));
      if (!emptied.isEmpty()) {
        List<String> labels = new ArrayList<>();
        for (int c : emptied) {
          labels.add(names.get(c));
        }
        throw new IllegalArgumentException(
            source
                + ": the average reference must leave a signal in every channel, got none left in "
                + String.join(" ", labels)
                + " (channels identical up to a constant offset); use averageReference(false) or"
                + " other channels");
      }
    }
    BandPowerFeatures f;
    try {
      f = st.bandPower().extract(ref);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + ": " + e.getMessage() + " (channels: " + String.join(" ", names) + ")", e);
    }
    LOG.debug(
        "{}: {} channels at {} Hz, {} of {} samples kept, {} windows",
        source,
        names.size(),
        fs,
        kept,
        n,
        f.windows());
    return f;
  }

  /** Indices of the flat rows of {@code x}, relative to its own largest peak-to-peak. */
  private static List<Integer> flatChannels(double[][] x) {
    return flatChannels(x, peakToPeakMax(x));
  }

  /** Indices of the rows whose peak-to-peak is at most {@code FLAT_TOLERANCE * scale}. */
  private static List<Integer> flatChannels(double[][] x, double scale) {
    List<Integer> flat = new ArrayList<>();
    for (int c = 0; c < x.length; c++) {
      if (peakToPeak(x[c]) <= FLAT_TOLERANCE * scale) {
        flat.add(c);
      }
    }
    return flat;
  }

  private static double peakToPeakMax(double[][] x) {
    double m = 0;
    for (double[] row : x) {
      m = Math.max(m, peakToPeak(row));
    }
    return m;
  }

  private static double peakToPeak(double[] x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  }

  /** {@code "Cz (constant 1.0E-5 V), Pz (all zero)"} for the given rows. */
  private String describe(double[][] x, List<Integer> rows) {
    StringBuilder sb = new StringBuilder();
    for (int c : rows) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      double ptp = peakToPeak(x[c]);
      sb.append(channels.get(c)).append(" (");
      if (ptp == 0) {
        sb.append(x[c][0] == 0 ? "all zero" : "constant " + x[c][0] + " V");
      } else {
        sb.append("peak-to-peak ").append(ptp).append(" V");
      }
      sb.append(')');
    }
    return sb.toString();
  }

  private int checkRectangular(double[][] volts, String source) {
    int n = -1;
    for (int c = 0; c < volts.length; c++) {
      if (volts[c] == null) {
        throw new IllegalArgumentException(
            source + ": channel " + c + " (" + channels.get(c) + ") must not be null, got null");
      }
      if (n >= 0 && volts[c].length != n) {
        throw new IllegalArgumentException(
            source
                + ": every channel must have "
                + n
                + " samples like channel 0 ("
                + channels.get(0)
                + "), got "
                + volts[c].length
                + " for channel "
                + c
                + " ("
                + channels.get(c)
                + ")");
      }
      n = volts[c].length;
    }
    return n;
  }

  private Stages stages(double fs) {
    return perRate.computeIfAbsent(
        fs,
        rate -> {
          FirBandPass fir =
              causal
                  ? null
                  : FirBandPass.builder()
                      .samplingRate(rate)
                      .lowCut(lowCut)
                      .highCut(highCut)
                      .build();
          CausalBandPass iir = causal ? causalFilter(rate) : null;
          BandPowerExtractor bp =
              BandPowerExtractor.builder()
                  .samplingRate(rate)
                  .window(window)
                  .hop(hop)
                  .segment(segment)
                  .bands(bands)
                  .relative(relative)
                  .build();
          LOG.debug("planned {} and {}", causal ? iir : fir, bp);
          return new Stages(fir, iir, bp);
        });
  }

  /** The sampling rate shared by every channel of {@code r}, or an error listing the rates. */
  private static double commonRate(Recording r) {
    Map<Double, List<String>> byRate = new LinkedHashMap<>();
    for (int c = 0; c < r.channelCount(); c++) {
      byRate
          .computeIfAbsent(r.samplingRate(c), k -> new ArrayList<>())
          .add(r.channelLabels().get(c));
    }
    if (byRate.size() != 1) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<Double, List<String>> e : byRate.entrySet()) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append(e.getKey()).append(" Hz: ").append(String.join(" ", e.getValue()));
      }
      throw new IllegalArgumentException(
          r.fileName()
              + ": selected channels must share one sampling rate, got "
              + byRate.size()
              + " rates ("
              + sb
              + "); select channels of one rate with channels(...)");
    }
    return byRate.keySet().iterator().next();
  }

  /** The channel names selected from a recording, in output order. */
  public List<String> channels() {
    return channels;
  }

  /** Whether the crop stage runs. */
  public boolean crop() {
    return crop;
  }

  /** Seconds dropped at the start when cropping (default 29). */
  public double cropStart() {
    return cropStart;
  }

  /** Seconds dropped before the last sample's time when cropping (default 25). */
  public double cropEnd() {
    return cropEnd;
  }

  /** Band-pass lower edge in Hz (default 0.3). */
  public double lowCut() {
    return lowCut;
  }

  /** Band-pass upper edge in Hz (default 45). */
  public double highCut() {
    return highCut;
  }

  /**
   * Whether the band-pass is the causal {@link CausalBandPass} (true) or the zero-phase {@link
   * FirBandPass} (false, the default, SPEC 3.2).
   */
  public boolean causal() {
    return causal;
  }

  /**
   * Order of the causal Butterworth band-pass ({@code butter}'s {@code N}: {@code 2 N} poles);
   * default {@link CausalBandPass#DEFAULT_ORDER}. Used only when {@link #causal()}.
   */
  public int causalOrder() {
    return causalOrder;
  }

  /**
   * The causal band-pass this pipeline uses at {@code samplingRate} in causal mode: {@code
   * CausalBandPass.butterworth(causalOrder(), lowCut(), highCut(), samplingRate)}. A streaming
   * consumer builds its {@link CausalBandPass.State} from it so that online and offline features
   * agree; available in either mode.
   *
   * @throws IllegalArgumentException for a bad rate or {@code highCut >= samplingRate / 2}
   */
  public CausalBandPass causalFilter(double samplingRate) {
    return CausalBandPass.butterworth(causalOrder, lowCut, highCut, samplingRate);
  }

  /**
   * Always true: the average reference (SPEC 3.3) subtracts, at each sample, the mean over the
   * channels at that same sample, so it needs no future samples and adds no delay. In causal mode
   * the whole preprocessing (filter and reference) is therefore causal; online it can be applied
   * block by block with {@link AverageReference#applyInPlace}.
   */
  public boolean referenceIsCausal() {
    return true;
  }

  /** Whether the average reference stage runs (default true). */
  public boolean averageReference() {
    return averageReference;
  }

  /** Band-power window in s (default 2). */
  public double window() {
    return window;
  }

  /** Hop between windows in s (default 0.25, one window per 4 Hz label step). */
  public double hop() {
    return hop;
  }

  /** Welch segment in s (default 1, 1 Hz resolution). */
  public double segment() {
    return segment;
  }

  /** The bands, in column-block order (default {@link FrequencyBands#DEFAULT}). */
  public List<FrequencyBand> bands() {
    return bands;
  }

  /** Whether band power is relative (default true) or absolute (V^2). */
  public boolean relative() {
    return relative;
  }

  /** What happens to a flat channel (default {@link DegenerateChannels#FAIL}). */
  public DegenerateChannels onDegenerateChannel() {
    return onDegenerate;
  }

  @Override
  public String toString() {
    return "EegFeaturePipeline[channels="
        + channels.size()
        + " ("
        + String.join(" ", channels)
        + "), crop="
        + (crop ? "[" + cropStart + " s, t_max - " + cropEnd + " s]" : "none")
        + ", bandPass="
        + lowCut
        + "-"
        + highCut
        + " Hz "
        + (causal ? "causal butterworth order " + causalOrder : "zero-phase fir")
        + ", averageReference="
        + averageReference
        + ", window="
        + window
        + " s, hop="
        + hop
        + " s, segment="
        + segment
        + " s, bands="
        + bands
        + ", relative="
        + relative
        + ", onDegenerateChannel="
        + onDegenerate
        + "]";
  }

  /**
   * Builder of {@link EegFeaturePipeline}. Each setter rejects its own bad value; {@link #build()}
   * checks the rules that span fields ({@code lowCut < highCut}, hop and segment within the
   * window). Rules that depend on the sampling rate (whole numbers of samples, {@code highCut <
   * fs/2}, bands below Nyquist) are checked when a recording of that rate is first processed. The
   * builder stays reusable after {@code build()}.
   */
  public static final class Builder {
    /** Checks each band-power setting with the extractor's own rules (one source of truth). */
    private final BandPowerExtractor.Builder bandPowerRules = BandPowerExtractor.builder();

    private List<String> channels = Montage.biosemi32().channelNames();
    private boolean crop = true;
    private double cropStart = Crop.MAHNOB_START_OFFSET_S;
    private double cropEnd = Crop.MAHNOB_END_OFFSET_S;
    private double lowCut = 0.3;
    private double highCut = 45.0;
    private boolean causal = false;
    private int causalOrder = CausalBandPass.DEFAULT_ORDER;
    private boolean averageReference = true;
    private double window = 2.0;
    private double hop = 0.25;
    private double segment = 1.0;
    private List<FrequencyBand> bands = FrequencyBands.DEFAULT;
    private boolean relative = true;
    private DegenerateChannels onDegenerate = DegenerateChannels.FAIL;

    private Builder() {}

    /**
     * What to do with a flat channel ({@link DegenerateChannels}); default {@code FAIL}. {@code
     * DROP} changes the feature layout (fewer columns).
     */
    public Builder onDegenerateChannel(DegenerateChannels policy) {
      if (policy == null) {
        throw new IllegalArgumentException("onDegenerateChannel must not be null, got null");
      }
      onDegenerate = policy;
      return this;
    }

    /**
     * The channels to select, in output order, non-empty, distinct, non-blank; default the 32
     * BioSemi EEG channels of SPEC 3. All are average-referenced together.
     */
    public Builder channels(List<String> names) {
      if (names == null || names.isEmpty()) {
        throw new IllegalArgumentException("channels must hold at least 1 name, got " + names);
      }
      Set<String> seen = new HashSet<>();
      for (String n : names) {
        if (n == null || n.isBlank()) {
          throw new IllegalArgumentException("channels must not hold a blank name, got " + names);
        }
        if (!seen.add(n)) {
          throw new IllegalArgumentException(
              "channels must be distinct, got '" + n + "' twice in " + names);
        }
      }
      channels = List.copyOf(names);
      return this;
    }

    /** The channels to select, see {@link #channels(List)}. */
    public Builder channels(String... names) {
      return channels(names == null ? null : List.of(names));
    }

    /** Selects the montage's channels, in montage order. */
    public Builder montage(Montage montage) {
      if (montage == null) {
        throw new IllegalArgumentException("montage must not be null, got null");
      }
      return channels(montage.channelNames());
    }

    /**
     * Crops to {@code [startOffset, (n - 1)/fs - endOffset]} seconds, both ends included; both
     * finite and {@code >= 0}. Default {@code (29, 25)} (SPEC 3.1).
     */
    public Builder crop(double startOffset, double endOffset) {
      if (!(startOffset >= 0) || Double.isInfinite(startOffset)) {
        throw new IllegalArgumentException(
            "crop startOffset must be a finite number >= 0 s, got " + startOffset);
      }
      if (!(endOffset >= 0) || Double.isInfinite(endOffset)) {
        throw new IllegalArgumentException(
            "crop endOffset must be a finite number >= 0 s, got " + endOffset);
      }
      crop = true;
      cropStart = startOffset;
      cropEnd = endOffset;
      return this;
    }

    /** Keeps every sample (no crop stage); undone by {@link #crop(double, double)}. */
    public Builder noCrop() {
      crop = false;
      return this;
    }

    /** Band-pass edges in Hz, {@code 0 < low < high}; default 0.3-45 (SPEC 3.2). */
    public Builder bandPass(double low, double high) {
      if (!(low > 0) || Double.isInfinite(low)) {
        throw new IllegalArgumentException("lowCut must be a finite number > 0 Hz, got " + low);
      }
      if (!(high > 0) || Double.isInfinite(high)) {
        throw new IllegalArgumentException("highCut must be a finite number > 0 Hz, got " + high);
      }
      lowCut = low;
      highCut = high;
      return this;
    }

    /**
     * Whether the band-pass is causal (default false): true uses {@link CausalBandPass} of order
     * {@link #causalOrder(int)} with the {@link #bandPass} edges, run before the crop (see the
     * class javadoc), for features that an online system can reproduce; false uses SPEC 3.2's
     * zero-phase FIR.
     */
    public Builder causal(boolean on) {
      causal = on;
      return this;
    }

    /**
     * Order of the causal band-pass, 1 to {@link CausalBandPass#MAX_ORDER} (default {@link
     * CausalBandPass#DEFAULT_ORDER}); used only with {@code causal(true)}.
     */
    public Builder causalOrder(int order) {
      if (order < 1 || order > CausalBandPass.MAX_ORDER) {
        throw new IllegalArgumentException(
            "causalOrder must be in [1, " + CausalBandPass.MAX_ORDER + "], got " + order);
      }
      causalOrder = order;
      return this;
    }

    /** Whether to subtract the channel average (default true, SPEC 3.3). */
    public Builder averageReference(boolean on) {
      averageReference = on;
      return this;
    }

    /** Band-power window in s, {@code > 0}; default 2. */
    public Builder window(double seconds) {
      bandPowerRules.window(seconds);
      window = seconds;
      return this;
    }

    /** Hop between windows in s, {@code > 0}; default 0.25. */
    public Builder hop(double seconds) {
      bandPowerRules.hop(seconds);
      hop = seconds;
      return this;
    }

    /** Welch segment in s, {@code > 0}; default 1. */
    public Builder segment(double seconds) {
      bandPowerRules.segment(seconds);
      segment = seconds;
      return this;
    }

    /** The bands, non-empty with distinct names; default {@link FrequencyBands#DEFAULT}. */
    public Builder bands(List<FrequencyBand> bands) {
      bandPowerRules.bands(bands);
      this.bands = List.copyOf(bands);
      return this;
    }

    /** Relative (true, default) or absolute band power. */
    public Builder relative(boolean relative) {
      this.relative = relative;
      return this;
    }

    /**
     * Builds the pipeline.
     *
     * @throws IllegalArgumentException when {@code lowCut >= highCut}, the hop or the segment
     *     exceeds the window, or the average reference is on with fewer than 2 channels
     */
    public EegFeaturePipeline build() {
      if (!(lowCut < highCut)) {
        throw new IllegalArgumentException(
            "lowCut must be < highCut, got " + lowCut + " Hz >= " + highCut + " Hz");
      }
      if (averageReference && channels.size() < 2) {
        throw new IllegalArgumentException(
            "the average reference needs at least 2 channels (with 1 it is all zeros), got "
                + channels
                + "; add channels or use averageReference(false)");
      }
      if (hop > window) {
        throw new IllegalArgumentException(
            "hop (" + hop + " s) must not exceed window (" + window + " s)");
      }
      if (segment > window) {
        throw new IllegalArgumentException(
            "segment (" + segment + " s) must not exceed window (" + window + " s)");
      }
      return new EegFeaturePipeline(this);
    }
  }
}
