package io.github.kd4j.core.synthetic;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.internal.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded generator of paired trials that behaves like the real problem (MAHNOB-HCI valence, SPEC
 * 2-4): one latent valence trace per trial, labels that carry a subject bias and annotator noise,
 * per-step visual features and face frames that follow the latent clearly, and EEG whose band
 * powers follow it weakly under strong subject offsets and noise.
 *
 * <p>Axes and rates: label steps {@code t = 0..T-1} at 4 Hz; frames at {@code 4 F} fps ({@code F =
 * framesPerStep}, default 16, so 64 fps), frame {@code j} belongs to step {@code floor(j / F)}; raw
 * EEG at {@code fs} Hz (default 256), sample {@code s}. Trial lengths {@code T} are uniform in
 * {@code [minSteps, maxSteps]} (default 140-469 steps = 35-117 s).
 *
 * <p>The model, for subject {@code s}, trial {@code i}, step {@code t} ({@code N(0,1)} draws are
 * independent unless named):
 *
 * <pre>
 * latent      v_t     = mu_i + sigma_v z_t,  mu_i ~ N(0, latentMeanSd^2), sigma_v = latentSd,
 *                       z = twice AR(1)-filtered white noise, a = exp(-1 / (4 tau)) per step
 *                       (tau = latentTimeConstant s), then standardised within the trial
 *                       (mean 0, population variance 1): a smooth trace, most power below 0.1 Hz
 * labels      y_t     = lambda (v_t + b_s + sigma_a n_t),  lambda = labelScale,
 *                       b_s ~ N(0, subjectBiasSd^2) (one per subject),
 *                       n = unit-variance AR(1) with coefficient exp(-1 / (4 tau_a)), a slow
 *                       annotator drift (tau_a = labelNoiseTimeConstant s), sigma_a = labelNoiseSd
 * visual      x_t[d]  = a_s[d] + w[d] v_t + sum_k Q[k][d] h_k(t) + sigma_x e_t[d],  d &lt; dv,
 *                       a_s[d] ~ N(0, visualSubjectSd^2) (subject appearance), w[d] ~ N(0,1) and Q[k][d] ~
 *                       N(0, visualNuisanceSd^2) shared by all subjects, h_1, h_2 unit-variance AR(1) nuisances
 *                       (head pose, lighting; coefficient exp(-1/12)), sigma_x = visualNoiseSd
 * EEG (clean) L_t[b][c] = beta_b + o_s[b][c] + gamma m[b][c] v_t + sigma_eta eta_t[b][c],
 *                       log band power in ln(uV^2): beta_b = ln(400 / f_b) with f_b the band's
 *                       carrier centre (1/f spectrum), o_s[b][c] ~ N(0, eegSubjectSd^2) per subject,
 *                       m[b][c] = 1 for the bands beta2 and gamma at the frontal and temporal sites
 *                       Fp1 AF3 F3 F7 T7 Fp2 AF4 F4 F8 T8 (else 0), gamma = eegValenceGain,
 *                       eta = unit-variance AR(1) with coefficient 0.9 (background fluctuation),
 *                       sigma_eta = eegStateSd
 * EEG features e_t[b C + c] = L_t[b][c] + sigma_eps eps_t[b][c]  (band-major like SPEC 3.5,
 *                       sigma_eps = eegNoiseSd: the estimation noise of a 2 s window)
 * raw EEG     x_c(s)  = sum_b exp(L_u[b][c] / 2) g_bc(s) + 0.5 uV white noise,
 *                       u = (s - fs) / (fs / 4) clamped to [0, T-1], L linearly interpolated,
 *                       g_bc = sqrt(2/4) sum of 4 cosines, frequencies uniform in the band's
 *                       carrier range, random phases (unit power)
 * frames      a face (skin ellipse, eyes, brows, mouth) whose mouth curvature is 0.06 S v and
 *             brow height 0.05 S v pixels (S = frameSize; corners up and brows raised for v &gt; 0,
 *             inner brow ends lowered for v &lt; 0), v interpolated at step j / F; plus head jitter
 *             (three slow sinusoids per axis, about 0.03 S px), brightness 1 + 0.08 sin(slow) and
 *             pixel noise N(0, frameNoiseSd^2) per channel, clamped to 0-255
 * </pre>
 *
 * So the teacher's inputs are a near-linear view of {@code v}; the student's EEG carries {@code v}
 * in 20 of its 192 features, each with a weak gain against a per-subject offset of larger spread;
 * the labels add what no input can predict ({@code b_s}, {@code n_t}). A teacher that learned
 * {@code v} hands the student a denoised target (SPEC 4.3); whether that helps the student is an
 * empirical question: with the defaults it does not reliably (docs/design.md, "Synthetic data").
 *
 * <p>Measured with the defaults (kd-core test {@code SyntheticCalibration}: 6 subjects x 4 trials
 * of 140-240 steps, per subject 2 trials train, 1 validates, 1 tests; TCN [32, 32], learning rate
 * 1e-3, 15 epochs; test CCC, mean of seeds 1-8): teacher on visual features 0.916 (0.895-0.939),
 * student on EEG features 0.308 (-0.14 to 0.53), distilled student (KD weight 1) 0.307. With the
 * README's fluent call and every default ({@link #split()}, SPEC 7 training, the SPEC grid;
 * kd-examples test main {@code SyntheticTargets}, seeds 11-18): teacher 0.909, student 0.399,
 * distilled student 0.398 (no gain, one-tailed paired p = 0.956).
 *
 * <p>Raw EEG is long enough that the SPEC 3.4 window rule (window {@code 2 fs}, hop {@code fs/4},
 * windows while {@code k hop + window < n}) yields exactly {@code T} windows: {@code n = (fs/4)(T -
 * 1) + 2 fs + 1} ({@code 64 T + 449} at 256 Hz); window {@code k} is centred on sample {@code 64 k
 * + 256}, where the envelope equals {@code L_k}.
 *
 * <p>Seeds: everything derives from {@code seed} through {@link SplittableRandom#split()} in this
 * order: {@code root = new SplittableRandom(seed)}; {@code shared = root.split()} (draws {@code w},
 * then {@code Q}); {@code subjects = root.split()}; subject {@code j} is the {@code j}-th split of
 * {@code subjects}, from which {@code params = subject.split()} (draws {@code b_s}, {@code a_s},
 * {@code o_s}, face shape and skin tone) and {@code trials = subject.split()}; trial {@code k} of
 * subject {@code j} is the {@code k}-th split of that {@code trials}, from which, in order: length
 * and latent, labels, visual features, EEG state (a seed), EEG feature noise, raw EEG (a seed),
 * frames (a seed). So trial {@code (j, k)} depends only on the seed, the settings and {@code (j,
 * k)}, never on how many subjects or trials follow it.
 *
 * <p>Memory: the per-step arrays are small ({@code T (dv + 6 C + 2)} floats); raw EEG ({@code C n}
 * floats, 3.9 MB for a 117 s trial) and frames ({@code 4 F T} frames of {@code S S 3} bytes, 52 MB
 * for 469 steps at the defaults) are generated on demand by {@link SyntheticTrial#rawEeg()} and
 * {@link SyntheticTrial#frames()} (or one frame with {@link SyntheticTrial#frame(int)}), never
 * stored. Immutable and thread-safe.
 *
 * <pre>{@code
 * SyntheticDataset data = SyntheticDataset.builder().subjects(6).trialsPerSubject(4).seed(7).build();
 * for (SyntheticTrial t : data.trials()) {
 *   Trial visual = t.visualTrial();   // teacher input, labels
 *   Trial eeg = t.eegTrial();         // student input, labels
 * }
 * }</pre>
 */
public final class SyntheticDataset {
  /**
   * The BioSemi 32 channel order of MAHNOB-HCI (SPEC 3); the first {@code eegChannels} are used.
   */
  public static final List<String> BIOSEMI_32 =
      List.of(
          "Fp1", "AF3", "F3", "F7", "FC5", "FC1", "C3", "T7", "CP5", "CP1", "P3", "P7", "PO3", "O1",
          "Oz", "Pz", "Fp2", "AF4", "Fz", "F4", "F8", "FC6", "FC2", "Cz", "C4", "T8", "CP6", "CP2",
          "P4", "P8", "PO4", "O2");

  /** The band names of SPEC 3.4, in feature order. */
  public static final List<String> BANDS =
      List.of("delta", "theta", "alpha", "beta1", "beta2", "gamma");

  /** Channels whose beta2 and gamma power follow valence. */
  public static final List<String> MODULATED_CHANNELS =
      List.of("Fp1", "AF3", "F3", "F7", "T7", "Fp2", "AF4", "F4", "F8", "T8");

  /** Indices in {@link #BANDS} of the bands that follow valence (beta2, gamma). */
  static final int[] MODULATED_BANDS = {4, 5};

  /** Carrier frequency ranges (Hz) of the raw EEG per band, inside the SPEC 3.4 band edges. */
  static final double[][] CARRIER_RANGE = {{1, 3}, {5, 7}, {9, 11}, {13, 17}, {19, 29}, {31, 44}};

  static final double NUISANCE_AR = Math.exp(-1.0 / 12);
  static final double EEG_STATE_AR = 0.9;
  static final int NUISANCES = 2;
  static final int CARRIERS = 4;
  static final double WHITE_FLOOR_UV = 0.5;

  private final Builder settings;
  private final double[] visualLoading;
  private final double[][] nuisanceLoading;
  private final boolean[][] modulated;
  private final List<Subject> subjects;
  private final List<SyntheticTrial> trials;

  private SyntheticDataset(Builder b) {
    this.settings = b.copy();
    SplittableRandom root = new SplittableRandom(b.seed);
    SplittableRandom shared = root.split();
    SplittableRandom subjectRoot = root.split();
    visualLoading = new double[b.visualFeatures];
    for (int d = 0; d < b.visualFeatures; d++) {
      visualLoading[d] = shared.nextGaussian();
    }
    nuisanceLoading = new double[NUISANCES][b.visualFeatures];
    for (int k = 0; k < NUISANCES; k++) {
      for (int d = 0; d < b.visualFeatures; d++) {
        nuisanceLoading[k][d] = b.visualNuisanceSd * shared.nextGaussian();
      }
    }
    modulated = new boolean[BANDS.size()][b.eegChannels];
    for (int band : MODULATED_BANDS) {
      for (int c = 0; c < b.eegChannels; c++) {
        modulated[band][c] = MODULATED_CHANNELS.contains(BIOSEMI_32.get(c));
      }
    }
    List<Subject> subs = new ArrayList<>();
    List<SyntheticTrial> all = new ArrayList<>();
    for (int j = 0; j < b.subjects; j++) {
      SplittableRandom subject = subjectRoot.split();
      Subject s = Subject.draw(j, subject.split(), b);
      subs.add(s);
      SplittableRandom trialRoot = subject.split();
      for (int k = 0; k < b.trialsPerSubject; k++) {
        all.add(SyntheticTrial.generate(this, s, k, trialRoot.split()));
      }
    }
    subjects = Collections.unmodifiableList(subs);
    trials = Collections.unmodifiableList(all);
  }

  /** A builder with the defaults documented on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with these settings. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** All trials, subject-major ({@code S01-T01, S01-T02, ..., S02-T01, ...}). */
  public List<SyntheticTrial> trials() {
    return trials;
  }

  /** The trials as kd-core {@link Trial}s on the visual features (teacher input). */
  public List<Trial> visualTrials() {
    List<Trial> out = new ArrayList<>(trials.size());
    for (SyntheticTrial t : trials) {
      out.add(t.visualTrial());
    }
    return out;
  }

  /** The trials as kd-core {@link Trial}s on the EEG features (student input). */
  public List<Trial> eegTrials() {
    List<Trial> out = new ArrayList<>(trials.size());
    for (SyntheticTrial t : trials) {
      out.add(t.eegTrial());
    }
    return out;
  }

  /**
   * The default split by trial: per subject the last trial tests, the one before validates and the
   * rest train (so every subject is in every partition, like the demo's trial-level split). With
   * fewer than 3 trials per subject the training partition would be empty.
   *
   * @throws IllegalStateException if {@code trialsPerSubject < 3}
   */
  public Split split() {
    int n = settings.trialsPerSubject;
    if (n < 3) {
      throw new IllegalStateException(
          "trialsPerSubject must be >= 3 for split() (train, validation, test), got " + n);
    }
    List<SyntheticTrial> train = new ArrayList<>();
    List<SyntheticTrial> validation = new ArrayList<>();
    List<SyntheticTrial> test = new ArrayList<>();
    for (SyntheticTrial t : trials) {
      int k = t.trialIndex();
      (k == n - 1 ? test : k == n - 2 ? validation : train).add(t);
    }
    return new Split(List.copyOf(train), List.copyOf(validation), List.copyOf(test));
  }

  /**
   * A split of the trials into training, validation and test partitions (unmodifiable,
   * subject-major).
   *
   * @param train training trials
   * @param validation validation trials (early stopping, the KD weight)
   * @param test test trials
   */
  public record Split(
      List<SyntheticTrial> train, List<SyntheticTrial> validation, List<SyntheticTrial> test) {
    @Override
    public String toString() {
      return "Split[train="
          + train.size()
          + ", validation="
          + validation.size()
          + ", test="
          + test.size()
          + " trials]";
    }
  }

  /** The EEG channel names, {@code eegChannels} of {@link #BIOSEMI_32}. */
  public List<String> channelNames() {
    return BIOSEMI_32.subList(0, settings.eegChannels);
  }

  /** The name of EEG feature column {@code i} (band-major), e.g. {@code "gamma Fz"}. */
  public String eegFeatureName(int i) {
    int c = settings.eegChannels;
    if (i < 0 || i >= BANDS.size() * c) {
      throw new IllegalArgumentException(
          "feature index must be in [0, " + BANDS.size() * c + "), got " + i);
    }
    return BANDS.get(i / c) + " " + BIOSEMI_32.get(i % c);
  }

  /** Whether EEG feature column {@code i} (band-major) follows valence ({@code m[b][c] = 1}). */
  public boolean isModulated(int i) {
    eegFeatureName(i);
    int c = settings.eegChannels;
    return modulated[i / c][i % c];
  }

  /** Number of subjects. */
  public int subjects() {
    return settings.subjects;
  }

  /** Trials per subject. */
  public int trialsPerSubject() {
    return settings.trialsPerSubject;
  }

  /** The seed everything derives from. */
  public long seed() {
    return settings.seed;
  }

  /** Width of the visual features {@code dv}. */
  public int visualFeatures() {
    return settings.visualFeatures;
  }

  /** Width of the EEG features, {@code 6 eegChannels}. */
  public int eegFeatures() {
    return BANDS.size() * settings.eegChannels;
  }

  /** Number of EEG channels {@code C}. */
  public int eegChannels() {
    return settings.eegChannels;
  }

  /** EEG sampling rate {@code fs} in Hz. */
  public int samplingRate() {
    return settings.samplingRate;
  }

  /** Raw EEG samples per label step, {@code fs / 4} (the SPEC 3.4 hop). */
  public int samplesPerStep() {
    return settings.samplingRate / 4;
  }

  /** Raw EEG samples per band-power window, {@code 2 fs} (the SPEC 3.4 window). */
  public int windowSamples() {
    return 2 * settings.samplingRate;
  }

  /** Frames per label step {@code F}. */
  public int framesPerStep() {
    return settings.framesPerStep;
  }

  /** Frame rate, {@code 4 F} fps. */
  public int frameRate() {
    return 4 * settings.framesPerStep;
  }

  /** Frame side {@code S} in pixels. */
  public int frameSize() {
    return settings.frameSize;
  }

  Builder settings() {
    return settings;
  }

  double[] visualLoading() {
    return visualLoading;
  }

  double[][] nuisanceLoading() {
    return nuisanceLoading;
  }

  boolean modulated(int band, int channel) {
    return modulated[band][channel];
  }

  @Override
  public String toString() {
    return "SyntheticDataset" + settings.describe();
  }

  /** Per-subject parameters (package-private). */
  static final class Subject {
    final int index;
    final String id;
    final double bias;
    final double[] appearance;
    final double[][] eegOffset;
    final double faceWidth;
    final double faceHeight;
    final double eyeSpacing;
    final double[] skin;

    private Subject(
        int index,
        double bias,
        double[] appearance,
        double[][] eegOffset,
        double faceWidth,
        double faceHeight,
        double eyeSpacing,
        double[] skin) {
      this.index = index;
      this.id = String.format(Locale.ROOT, "S%02d", index + 1);
      this.bias = bias;
      this.appearance = appearance;
      this.eegOffset = eegOffset;
      this.faceWidth = faceWidth;
      this.faceHeight = faceHeight;
      this.eyeSpacing = eyeSpacing;
      this.skin = skin;
    }

    static Subject draw(int index, SplittableRandom r, Builder b) {
      double bias = b.subjectBiasSd * r.nextGaussian();
      double[] appearance = new double[b.visualFeatures];
      for (int d = 0; d < appearance.length; d++) {
        appearance[d] = b.visualSubjectSd * r.nextGaussian();
      }
      double[][] offset = new double[BANDS.size()][b.eegChannels];
      for (int band = 0; band < offset.length; band++) {
        for (int c = 0; c < b.eegChannels; c++) {
          offset[band][c] = b.eegSubjectSd * r.nextGaussian();
        }
      }
      double w = 0.9 + 0.2 * r.nextDouble();
      double h = 0.9 + 0.2 * r.nextDouble();
      double eyes = 0.9 + 0.2 * r.nextDouble();
      double tone = r.nextDouble();
      double[] skin = {
        235 - 110 * tone + 10 * r.nextGaussian(),
        200 - 110 * tone + 10 * r.nextGaussian(),
        170 - 100 * tone + 10 * r.nextGaussian()
      };
      return new Subject(index, bias, appearance, offset, w, h, eyes, skin);
    }
  }

  /**
   * Builder of {@link SyntheticDataset}: setters check their own argument, {@link #build()} the
   * rules that span settings; {@code build()} leaves the builder reusable.
   */
  public static final class Builder {
    int subjects = 8;
    int trialsPerSubject = 4;
    int minSteps = 140;
    int maxSteps = 469;
    long seed = 0;
    double latentMeanSd = 0.2;
    double latentSd = 0.35;
    double latentTimeConstant = 4;
    double subjectBiasSd = 0.1;
    double labelNoiseSd = 0.15;
    double labelNoiseTimeConstant = 5;
    double labelScale = 1;
    int visualFeatures = 16;
    double visualNoiseSd = 0.2;
    double visualSubjectSd = 0.1;
    double visualNuisanceSd = 0.2;
    int eegChannels = 32;
    double eegValenceGain = 0.3;
    double eegSubjectSd = 1.0;
    double eegStateSd = 0.5;
    double eegNoiseSd = 1.0;
    int samplingRate = 256;
    int framesPerStep = 16;
    int frameSize = 48;
    double frameNoiseSd = 4;

    private Builder() {}

    Builder copy() {
      Builder b = new Builder();
      b.subjects = subjects;
      b.trialsPerSubject = trialsPerSubject;
      b.minSteps = minSteps;
      b.maxSteps = maxSteps;
      b.seed = seed;
      b.latentMeanSd = latentMeanSd;
      b.latentSd = latentSd;
      b.latentTimeConstant = latentTimeConstant;
      b.subjectBiasSd = subjectBiasSd;
      b.labelNoiseSd = labelNoiseSd;
      b.labelNoiseTimeConstant = labelNoiseTimeConstant;
      b.labelScale = labelScale;
      b.visualFeatures = visualFeatures;
      b.visualNoiseSd = visualNoiseSd;
      b.visualSubjectSd = visualSubjectSd;
      b.visualNuisanceSd = visualNuisanceSd;
      b.eegChannels = eegChannels;
      b.eegValenceGain = eegValenceGain;
      b.eegSubjectSd = eegSubjectSd;
      b.eegStateSd = eegStateSd;
      b.eegNoiseSd = eegNoiseSd;
      b.samplingRate = samplingRate;
      b.framesPerStep = framesPerStep;
      b.frameSize = frameSize;
      b.frameNoiseSd = frameNoiseSd;
      return b;
    }

    /** Number of subjects {@code S01..}, {@code >= 1} and at most 99; default 8. */
    public Builder subjects(int v) {
      if (v < 1 || v > 99) {
        throw new IllegalArgumentException("subjects must be in [1, 99], got " + v);
      }
      subjects = v;
      return this;
    }

    /** Trials per subject ({@code T01..}), {@code >= 1} and at most 99; default 4. */
    public Builder trialsPerSubject(int v) {
      if (v < 1 || v > 99) {
        throw new IllegalArgumentException("trialsPerSubject must be in [1, 99], got " + v);
      }
      trialsPerSubject = v;
      return this;
    }

    /**
     * Trial length range in label steps (4 Hz), both inclusive, {@code 1 <= min <= max}; default
     * 140-469 (35-117 s, MAHNOB's range).
     */
    public Builder steps(int min, int max) {
      Checks.positive("minSteps", min);
      Checks.positive("maxSteps", max);
      minSteps = min;
      maxSteps = max;
      return this;
    }

    /** The seed of everything; default 0. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Spread of the trial mean {@code mu_i} of the latent, {@code >= 0}; default 0.2. */
    public Builder latentMeanSd(double v) {
      latentMeanSd = Checks.nonNegative("latentMeanSd", v);
      return this;
    }

    /** Within-trial std {@code sigma_v} of the latent, {@code >= 0}; default 0.35. */
    public Builder latentSd(double v) {
      latentSd = Checks.nonNegative("latentSd", v);
      return this;
    }

    /** Time constant {@code tau} of the latent's smoothing in seconds, {@code > 0}; default 4. */
    public Builder latentTimeConstant(double v) {
      latentTimeConstant = Checks.positive("latentTimeConstant", v);
      return this;
    }

    /** Spread of the per-subject label bias {@code b_s}, {@code >= 0}; default 0.1. */
    public Builder subjectBiasSd(double v) {
      subjectBiasSd = Checks.nonNegative("subjectBiasSd", v);
      return this;
    }

    /** Std {@code sigma_a} of the annotator noise on the labels, {@code >= 0}; default 0.15. */
    public Builder labelNoiseSd(double v) {
      labelNoiseSd = Checks.nonNegative("labelNoiseSd", v);
      return this;
    }

    /**
     * Time constant {@code tau_a} of the annotator noise in seconds (AR(1) coefficient {@code
     * exp(-1 / (4 tau_a))} per step), {@code > 0}; default 5: annotators drift slowly.
     */
    public Builder labelNoiseTimeConstant(double v) {
      labelNoiseTimeConstant = Checks.positive("labelNoiseTimeConstant", v);
      return this;
    }

    /**
     * Scale {@code lambda} of the labels, {@code > 0}; default 1. The inputs do not change with it:
     * only the numbers the annotators write down. The real MAHNOB labels on the reference scale
     * (target / 2) move with a within-trial std of about 0.03, ten times less than {@code lambda =
     * 1} gives.
     */
    public Builder labelScale(double v) {
      labelScale = Checks.positive("labelScale", v);
      return this;
    }

    /** Width {@code dv} of the per-step visual features, {@code >= 1}; default 16. */
    public Builder visualFeatures(int v) {
      visualFeatures = Checks.positive("visualFeatures", v);
      return this;
    }

    /** Std {@code sigma_x} of the visual feature noise, {@code >= 0}; default 0.2. */
    public Builder visualNoiseSd(double v) {
      visualNoiseSd = Checks.nonNegative("visualNoiseSd", v);
      return this;
    }

    /** Spread of the per-subject visual offsets {@code a_s} (appearance), {@code >= 0}; 0.1. */
    public Builder visualSubjectSd(double v) {
      visualSubjectSd = Checks.nonNegative("visualSubjectSd", v);
      return this;
    }

    /** Spread of the nuisance loadings {@code Q}, {@code >= 0}; default 0.2. */
    public Builder visualNuisanceSd(double v) {
      visualNuisanceSd = Checks.nonNegative("visualNuisanceSd", v);
      return this;
    }

    /** Number of EEG channels {@code C}, the first of {@link #BIOSEMI_32}, in [1, 32]; 32. */
    public Builder eegChannels(int v) {
      if (v < 1 || v > BIOSEMI_32.size()) {
        throw new IllegalArgumentException("eegChannels must be in [1, 32], got " + v);
      }
      eegChannels = v;
      return this;
    }

    /**
     * Gain {@code gamma} of the latent on the modulated EEG log band powers (ln uV^2 per unit of
     * valence), {@code >= 0}; default 0.3.
     */
    public Builder eegValenceGain(double v) {
      eegValenceGain = Checks.nonNegative("eegValenceGain", v);
      return this;
    }

    /** Spread of the per-subject EEG log-power offsets {@code o_s}, {@code >= 0}; default 1.0. */
    public Builder eegSubjectSd(double v) {
      eegSubjectSd = Checks.nonNegative("eegSubjectSd", v);
      return this;
    }

    /** Std {@code sigma_eta} of the EEG background fluctuation, {@code >= 0}; default 0.5. */
    public Builder eegStateSd(double v) {
      eegStateSd = Checks.nonNegative("eegStateSd", v);
      return this;
    }

    /** Std {@code sigma_eps} of the EEG feature estimation noise, {@code >= 0}; default 1.0. */
    public Builder eegNoiseSd(double v) {
      eegNoiseSd = Checks.nonNegative("eegNoiseSd", v);
      return this;
    }

    /**
     * EEG sampling rate {@code fs} in Hz: a multiple of 4 (whole samples per step) and at least 96
     * (gamma's 45 Hz below Nyquist); default 256.
     */
    public Builder samplingRate(int v) {
      if (v < 96 || v % 4 != 0) {
        throw new IllegalArgumentException(
            "samplingRate must be a multiple of 4 and >= 96 Hz, got " + v);
      }
      samplingRate = v;
      return this;
    }

    /** Frames per label step {@code F}, {@code >= 1}; default 16 (64 fps). */
    public Builder framesPerStep(int v) {
      framesPerStep = Checks.positive("framesPerStep", v);
      return this;
    }

    /** Frame side {@code S} in pixels, in [16, 512]; default 48. */
    public Builder frameSize(int v) {
      if (v < 16 || v > 512) {
        throw new IllegalArgumentException("frameSize must be in [16, 512] px, got " + v);
      }
      frameSize = v;
      return this;
    }

    /** Std of the per-pixel noise in grey levels, {@code >= 0}; default 4. */
    public Builder frameNoiseSd(double v) {
      frameNoiseSd = Checks.nonNegative("frameNoiseSd", v);
      return this;
    }

    /**
     * Generates the data set (per-step arrays of every trial; raw EEG and frames stay on demand).
     *
     * @throws IllegalArgumentException if {@code minSteps > maxSteps}
     */
    public SyntheticDataset build() {
      if (minSteps > maxSteps) {
        throw new IllegalArgumentException(
            "minSteps ("
                + minSteps
                + ") must not exceed maxSteps ("
                + maxSteps
                + "); use steps(min, max) with min <= max");
      }
      return new SyntheticDataset(this);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "{subjects=%d, trialsPerSubject=%d, steps=[%d, %d], seed=%d, latentMeanSd=%s,"
              + " latentSd=%s, latentTimeConstant=%s s, subjectBiasSd=%s, labelNoiseSd=%s,"
              + " labelNoiseTimeConstant=%s s, labelScale=%s, visualFeatures=%d, visualNoiseSd=%s, visualSubjectSd=%s, visualNuisanceSd=%s,"
              + " eegChannels=%d, eegValenceGain=%s,"
              + " eegSubjectSd=%s, eegStateSd=%s, eegNoiseSd=%s, samplingRate=%d Hz,"
              + " framesPerStep=%d, frameSize=%d, frameNoiseSd=%s}",
          subjects,
          trialsPerSubject,
          minSteps,
          maxSteps,
          seed,
          latentMeanSd,
          latentSd,
          latentTimeConstant,
          subjectBiasSd,
          labelNoiseSd,
          labelNoiseTimeConstant,
          labelScale,
          visualFeatures,
          visualNoiseSd,
          visualSubjectSd,
          visualNuisanceSd,
          eegChannels,
          eegValenceGain,
          eegSubjectSd,
          eegStateSd,
          eegNoiseSd,
          samplingRate,
          framesPerStep,
          frameSize,
          frameNoiseSd);
    }

    @Override
    public String toString() {
      return "SyntheticDataset.Builder" + describe();
    }
  }
}
