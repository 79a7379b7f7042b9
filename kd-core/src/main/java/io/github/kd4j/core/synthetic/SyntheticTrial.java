package io.github.kd4j.core.synthetic;

import io.github.kd4j.core.data.Trial;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One synthetic trial of a {@link SyntheticDataset}: the latent valence, the labels and the
 * per-step visual and EEG features (stored), and the raw EEG and face frames (generated on demand,
 * the same on every call). The formulas are on {@link SyntheticDataset}.
 *
 * <p>Layouts: {@code latent[t]}, {@code labels[t]} (4 Hz steps {@code t < T}); {@code
 * visualFeatures[t][d]}; {@code eegFeatures[t][b C + c]} (band-major, SPEC 3.5: ln uV^2 band power,
 * bands in {@link SyntheticDataset#BANDS} order, channels in {@link SyntheticDataset#BIOSEMI_32}
 * order); {@code rawEeg[c][s]} in uV; a frame is {@code S * S * 3} bytes, row-major HWC ({@code
 * [y][x][rgb]}, unsigned 0-255).
 *
 * <p>Immutable (accessors return copies) and thread-safe. Not a record: the on-demand streams need
 * the generator's settings, which are not part of the value.
 */
public final class SyntheticTrial {
  private final SyntheticDataset data;
  private final SyntheticDataset.Subject subject;
  private final int trialIndex;
  private final String id;
  private final float[] latent;
  private final float[] labels;
  private final float[][] visual;
  private final float[][] eeg;
  private final long eegStateSeed;
  private final long rawSeed;
  private final long frameSeed;

  private SyntheticTrial(
      SyntheticDataset data,
      SyntheticDataset.Subject subject,
      int trialIndex,
      float[] latent,
      float[] labels,
      float[][] visual,
      float[][] eeg,
      long eegStateSeed,
      long rawSeed,
      long frameSeed) {
    this.data = data;
    this.subject = subject;
    this.trialIndex = trialIndex;
    this.id = String.format(Locale.ROOT, "%s-T%02d", subject.id, trialIndex + 1);
    this.latent = latent;
    this.labels = labels;
    this.visual = visual;
    this.eeg = eeg;
    this.eegStateSeed = eegStateSeed;
    this.rawSeed = rawSeed;
    this.frameSeed = frameSeed;
  }

  static SyntheticTrial generate(
      SyntheticDataset data, SyntheticDataset.Subject s, int k, SplittableRandom r) {
    SyntheticDataset.Builder b = data.settings();
    SplittableRandom latentRng = r.split();
    SplittableRandom labelRng = r.split();
    SplittableRandom visualRng = r.split();
    long eegStateSeed = r.split().nextLong();
    SplittableRandom eegNoiseRng = r.split();
    long rawSeed = r.split().nextLong();
    long frameSeed = r.split().nextLong();

    int steps = b.minSteps + latentRng.nextInt(b.maxSteps - b.minSteps + 1);
    double[] v = latent(latentRng, steps, b);

    float[] latent = new float[steps];
    float[] labels = new float[steps];
    double[] wobble = ar1(labelRng, steps, Math.exp(-1.0 / (4 * b.labelNoiseTimeConstant)));
    for (int t = 0; t < steps; t++) {
      latent[t] = (float) v[t];
      labels[t] = (float) (b.labelScale * (v[t] + s.bias + b.labelNoiseSd * wobble[t]));
    }

    int dv = b.visualFeatures;
    double[] w = data.visualLoading();
    double[][] q = data.nuisanceLoading();
    double[][] h = new double[SyntheticDataset.NUISANCES][];
    for (int n = 0; n < h.length; n++) {
      h[n] = ar1(visualRng, steps, SyntheticDataset.NUISANCE_AR);
    }
    float[][] visual = new float[steps][dv];
    for (int t = 0; t < steps; t++) {
      for (int d = 0; d < dv; d++) {
        double x = s.appearance[d] + w[d] * v[t] + b.visualNoiseSd * visualRng.nextGaussian();
        for (int n = 0; n < h.length; n++) {
          x += q[n][d] * h[n][t];
        }
        visual[t][d] = (float) x;
      }
    }

    SyntheticTrial trial =
        new SyntheticTrial(
            data, s, k, latent, labels, visual, null, eegStateSeed, rawSeed, frameSeed);
    double[][] clean = trial.cleanLogPower();
    float[][] eeg = new float[steps][clean[0].length];
    for (int t = 0; t < steps; t++) {
      for (int i = 0; i < clean[t].length; i++) {
        eeg[t][i] = (float) (clean[t][i] + b.eegNoiseSd * eegNoiseRng.nextGaussian());
      }
    }
    return new SyntheticTrial(
        data, s, k, latent, labels, visual, eeg, eegStateSeed, rawSeed, frameSeed);
  }

  /** {@code mu + sigma z}, z twice AR(1)-filtered and standardised within the trial. */
  private static double[] latent(SplittableRandom r, int steps, SyntheticDataset.Builder b) {
    double mu = b.latentMeanSd * r.nextGaussian();
    double a = Math.exp(-1.0 / (4 * b.latentTimeConstant));
    int burn = (int) Math.ceil(16 * b.latentTimeConstant);
    double u = 0;
    double z = 0;
    double[] out = new double[steps];
    for (int t = -burn; t < steps; t++) {
      u = a * u + r.nextGaussian();
      z = a * z + u;
      if (t >= 0) {
        out[t] = z;
      }
    }
    double mean = 0;
    for (double x : out) {
      mean += x;
    }
    mean /= steps;
    double var = 0;
    for (double x : out) {
      var += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(var / steps);
    for (int t = 0; t < steps; t++) {
      out[t] = mu + (sd > 0 ? b.latentSd * (out[t] - mean) / sd : 0);
    }
    return out;
  }

  /** Stationary unit-variance AR(1) with coefficient {@code a}. */
  static double[] ar1(SplittableRandom r, int steps, double a) {
    double[] out = new double[steps];
    double x = r.nextGaussian();
    double e = Math.sqrt(1 - a * a);
    for (int t = 0; t < steps; t++) {
      if (t > 0) {
        x = a * x + e * r.nextGaussian();
      }
      out[t] = x;
    }
    return out;
  }

  /** {@code L_t[b][c]} flattened band-major, regenerated from the EEG state seed. */
  double[][] cleanLogPower() {
    SyntheticDataset.Builder b = data.settings();
    int bands = SyntheticDataset.BANDS.size();
    int channels = b.eegChannels;
    int steps = latent.length;
    SplittableRandom r = new SplittableRandom(eegStateSeed);
    double[][] out = new double[steps][bands * channels];
    for (int band = 0; band < bands; band++) {
      double[] range = SyntheticDataset.CARRIER_RANGE[band];
      double base = Math.log(400 / (0.5 * (range[0] + range[1])));
      for (int c = 0; c < channels; c++) {
        double gain = data.modulated(band, c) ? b.eegValenceGain : 0;
        double offset = base + subject.eegOffset[band][c];
        double[] eta = ar1(r, steps, SyntheticDataset.EEG_STATE_AR);
        for (int t = 0; t < steps; t++) {
          out[t][band * channels + c] = offset + gain * latent[t] + b.eegStateSd * eta[t];
        }
      }
    }
    return out;
  }

  /** The trial id, {@code "S01-T03"} style (1-based). */
  public String id() {
    return id;
  }

  /** The subject id, {@code "S01"} style (1-based). */
  public String subject() {
    return subject.id;
  }

  /** The 0-based subject index. */
  public int subjectIndex() {
    return subject.index;
  }

  /** The 0-based index of this trial within its subject. */
  public int trialIndex() {
    return trialIndex;
  }

  /** Number of label steps {@code T}. */
  public int length() {
    return labels.length;
  }

  /** The latent valence {@code v_t} (what every stream follows), a copy. */
  public float[] latent() {
    return latent.clone();
  }

  /** The labels {@code y_t} (latent + subject bias + annotator noise), a copy. */
  public float[] labels() {
    return labels.clone();
  }

  /** The subject's label bias {@code b_s}. */
  public double subjectBias() {
    return subject.bias;
  }

  /** The visual features {@code [T][dv]}, a copy. */
  public float[][] visualFeatures() {
    return copy(visual);
  }

  /** The EEG features {@code [T][6 C]} (band-major ln band power), a copy. */
  public float[][] eegFeatures() {
    return copy(eeg);
  }

  /** This trial as a kd-core {@link Trial} on the visual features (teacher input). */
  public Trial visualTrial() {
    return Trial.of(id, subject.id, visual, labels);
  }

  /**
   * This trial as a multimodal trial for {@code CrossModalDistiller}: EEG features, labels and the
   * per-step visual features.
   */
  public io.github.kd4j.core.distill.PairedTrial pairedTrial() {
    return io.github.kd4j.core.distill.PairedTrial.of(
        eegTrial(), io.github.kd4j.core.distill.StepFeatures.of(visualFeatures()));
  }

  /** This trial as a kd-core {@link Trial} on the EEG features (student input). */
  public Trial eegTrial() {
    return Trial.of(id, subject.id, eeg, labels);
  }

  private static float[][] copy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int t = 0; t < a.length; t++) {
      out[t] = a[t].clone();
    }
    return out;
  }

  /**
   * Samples of the raw EEG, {@code (fs/4)(T - 1) + 2 fs + 1} ({@code 64 T + 449} at 256 Hz): the
   * SPEC 3.4 window rule gives exactly {@code T} windows.
   */
  public int rawEegSamples() {
    int fs = data.samplingRate();
    return (fs / 4) * (length() - 1) + 2 * fs + 1;
  }

  /**
   * Generates the raw EEG {@code [C][n]} in uV ({@code n = rawEegSamples()}): per channel and band
   * a unit-power carrier of four cosines scaled by {@code exp(L/2)}, plus a white floor. Band power
   * over the SPEC 3.4 window {@code k} follows {@code L_k} (the EEG features without their
   * estimation noise). Deterministic; about {@code 4 C n} bytes.
   */
  public float[][] rawEeg() {
    SyntheticDataset.Builder b = data.settings();
    int fs = b.samplingRate;
    int hop = fs / 4;
    int n = rawEegSamples();
    int channels = b.eegChannels;
    int bands = SyntheticDataset.BANDS.size();
    int steps = length();
    double[][] clean = cleanLogPower();
    SplittableRandom r = new SplittableRandom(rawSeed);
    float[][] out = new float[channels][n];
    double[] env = new double[n];
    double[] acc = new double[n];
    double scale = Math.sqrt(2.0 / SyntheticDataset.CARRIERS);
    for (int c = 0; c < channels; c++) {
      java.util.Arrays.fill(acc, 0);
      for (int band = 0; band < bands; band++) {
        int col = band * channels + c;
        for (int s = 0; s < n; s++) {
          double u = Math.min(Math.max((s - fs) / (double) hop, 0), steps - 1);
          int t0 = (int) Math.floor(u);
          int t1 = Math.min(t0 + 1, steps - 1);
          double f = u - t0;
          env[s] = Math.exp(0.5 * ((1 - f) * clean[t0][col] + f * clean[t1][col]));
        }
        double[] range = SyntheticDataset.CARRIER_RANGE[band];
        for (int k = 0; k < SyntheticDataset.CARRIERS; k++) {
          double freq = range[0] + (range[1] - range[0]) * r.nextDouble();
          double phase = 2 * Math.PI * r.nextDouble();
          double w = 2 * Math.PI * freq / fs;
          // cos(w s + phase) by rotation: (re, im) *= (cos w, sin w)
          double cw = Math.cos(w);
          double sw = Math.sin(w);
          double re = Math.cos(phase);
          double im = Math.sin(phase);
          for (int s = 0; s < n; s++) {
            acc[s] += scale * env[s] * re;
            double nr = re * cw - im * sw;
            im = re * sw + im * cw;
            re = nr;
          }
        }
      }
      float[] x = out[c];
      for (int s = 0; s < n; s++) {
        x[s] = (float) (acc[s] + SyntheticDataset.WHITE_FLOOR_UV * r.nextGaussian());
      }
    }
    return out;
  }

  /** Number of frames, {@code F T}. */
  public int frameCount() {
    return data.framesPerStep() * length();
  }

  /**
   * Renders frame {@code index} ({@code 0 <= index < frameCount()}): {@code S * S * 3} bytes, HWC.
   * Deterministic: the same bytes on every call, whatever else was rendered.
   */
  public byte[] frame(int index) {
    if (index < 0 || index >= frameCount()) {
      throw new IllegalArgumentException(
          "frame index must be in [0, " + frameCount() + "), got " + index + " (trial " + id + ")");
    }
    int size = data.frameSize();
    byte[] out = new byte[size * size * 3];
    Faces.render(this, index, out, 0);
    return out;
  }

  /**
   * Renders all frames, {@code frameCount() * S * S * 3} bytes ({@code [frame][y][x][rgb]}): 52 MB
   * for 469 steps at the defaults; prefer {@link #frame(int)} for long trials.
   */
  public byte[] frames() {
    int size = data.frameSize();
    int per = size * size * 3;
    long total = (long) per * frameCount();
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "frames of trial "
              + id
              + " need "
              + total
              + " bytes, more than one array holds; use frame(i)");
    }
    byte[] out = new byte[(int) total];
    for (int j = 0; j < frameCount(); j++) {
      Faces.render(this, j, out, j * per);
    }
    return out;
  }

  SyntheticDataset data() {
    return data;
  }

  SyntheticDataset.Subject subjectParams() {
    return subject;
  }

  long frameSeed() {
    return frameSeed;
  }

  /** Latent linearly interpolated at fractional step {@code u} (clamped). */
  double latentAt(double u) {
    double c = Math.min(Math.max(u, 0), latent.length - 1);
    int t0 = (int) Math.floor(c);
    int t1 = Math.min(t0 + 1, latent.length - 1);
    double f = c - t0;
    return (1 - f) * latent[t0] + f * latent[t1];
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "SyntheticTrial{id=%s, steps=%d (%.2f s), visual=%d, eeg=%d, rawEeg=%dx%d, frames=%d of %dx%dx3}",
        id,
        length(),
        length() / 4.0,
        visual[0].length,
        eeg[0].length,
        data.eegChannels(),
        rawEegSamples(),
        frameCount(),
        data.frameSize(),
        data.frameSize());
  }
}
