package io.github.kd4j.eeg.online;

import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.model.Standardizer;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.testing.NaiveTcn;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.CausalBandPass;
import io.github.kd4j.eeg.student.TcnStudent;
import java.util.Map;
import java.util.SplittableRandom;

/** Test signals, students with fixed (seeded) weights and the offline causal reference path. */
final class OnlineFixtures {
  private OnlineFixtures() {}

  /**
   * A student with the seeded SPEC 5 initial weights (no training needed for parity), optionally
   * with a random input standardisation.
   */
  static TcnStudent student(int inputSize, long seed, boolean standardize) {
    TcnConfig cfg = TcnConfig.builder().inputSize(inputSize).channels(8, 8).kernelSize(3).build();
    TemporalConvNet init = TemporalConvNet.initialize(cfg, seed);
    // the SPEC 5 init has filters of norm ~0.01 * sqrt(fan-in): the trace would barely move.
    // Magnitudes g of order 1 make the outputs vary with the input, as a trained student's do.
    Map<String, float[]> w = new java.util.HashMap<>();
    SplittableRandom rg = new SplittableRandom(seed + 3);
    for (String name : init.weights().names()) {
      float[] t = init.weights().get(name).clone();
      if (name.endsWith(".g")) {
        for (int i = 0; i < t.length; i++) {
          t[i] = (float) (0.5 + rg.nextDouble());
        }
      } else if (name.endsWith("down.w") || name.equals("regressor.w")) {
        for (int i = 0; i < t.length; i++) {
          t[i] = (float) (rg.nextGaussian() / Math.sqrt(8));
        }
      }
      w.put(name, t);
    }
    TemporalConvNet net = TemporalConvNet.fromWeights(TcnWeights.of(cfg, w));
    Standardizer s = null;
    if (standardize) {
      SplittableRandom r = new SplittableRandom(seed + 7);
      float[] mean = new float[inputSize];
      float[] std = new float[inputSize];
      for (int i = 0; i < inputSize; i++) {
        // relative band powers average 1/6 per band; spreads of 0.1-0.3 keep inputs O(1)
        mean[i] = (float) (1.0 / 6 + 0.05 * r.nextGaussian());
        std[i] = (float) (0.1 + 0.2 * r.nextDouble());
      }
      s = new Standardizer(mean, std);
    }
    SequenceRegressor m =
        SequenceRegressor.trained(
            TcnStudent.ROLE,
            net,
            s,
            TrainerConfig.student().build(),
            Provenance.of(TcnStudent.ROLE, cfg.toString(), "-", seed, "0", 0, 0, Map.of()),
            null);
    return TcnStudent.of(m);
  }

  /** EEG-like volts {@code [channels][n]}: DC offsets, tones, noise, a shared common-mode term. */
  static float[][] signal(long seed, int channels, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[channels][n];
    double[] common = new double[n];
    for (int i = 0; i < n; i++) {
      common[i] = 2e-5 * Math.sin(2 * Math.PI * 50 * i / 256.0) + 5e-6 * r.nextGaussian();
    }
    for (int c = 0; c < channels; c++) {
      double dc = 1e-3 * (r.nextDouble() - 0.5);
      double f = 2 + 30 * r.nextDouble();
      double a = 1e-5 * (0.5 + r.nextDouble());
      for (int i = 0; i < n; i++) {
        x[c][i] =
            (float)
                (dc
                    + a * Math.sin(2 * Math.PI * f * i / 256.0)
                    + 1e-5 * r.nextGaussian()
                    + common[i]);
      }
    }
    return x;
  }

  /**
   * The offline causal path: volts (float to double), {@code filter.apply} (or none), average
   * reference, {@code extract}, rows to float, whole-sequence {@code predict}. Empty when there is
   * no window.
   */
  static float[] offline(
      float[][] x, CausalBandPass filter, BandPowerExtractor bp, TcnStudent student) {
    float[][] rows = offlineRows(x, filter, bp);
    return rows.length == 0 ? new float[0] : student.predict(rows);
  }

  /**
   * The offline causal path twice: as the library runs it ({@code offline}: float rows, the BLAS
   * forward in float) and in exact arithmetic ({@code exact}: the same float rows, standardised as
   * the student does, through the double-precision oracle {@link NaiveTcn}).
   */
  record Reference(float[] offline, double[] exact) {}

  static Reference reference(
      float[][] x, CausalBandPass filter, BandPowerExtractor bp, TcnStudent student) {
    float[][] rows = offlineRows(x, filter, bp);
    if (rows.length == 0) {
      return new Reference(new float[0], new double[0]);
    }
    Standardizer s = student.model().standardizer();
    float[][] in = s == null ? rows : s.apply(rows);
    double[] exact = NaiveTcn.valence(student.model().weights(), in);
    return new Reference(student.predict(rows), exact);
  }

  /** The offline causal feature rows (float), see {@link #offline}. */
  static float[][] offlineRows(float[][] x, CausalBandPass filter, BandPowerExtractor bp) {
    double[][] v = new double[x.length][x[0].length];
    for (int c = 0; c < x.length; c++) {
      for (int i = 0; i < x[c].length; i++) {
        v[c][i] = x[c][i];
      }
    }
    double[][] f = filter == null ? v : filter.apply(v);
    BandPowerFeatures feats = bp.extract(AverageReference.apply(f));
    float[][] rows = new float[feats.windows()][];
    for (int k = 0; k < rows.length; k++) {
      double[] row = feats.row(k);
      rows[k] = new float[row.length];
      for (int i = 0; i < row.length; i++) {
        rows[k][i] = (float) row[i];
      }
    }
    return rows;
  }

  /** Columns {@code [from, to)} of {@code x}. */
  static float[][] slice(float[][] x, int from, int to) {
    float[][] out = new float[x.length][];
    for (int c = 0; c < x.length; c++) {
      out[c] = java.util.Arrays.copyOfRange(x[c], from, to);
    }
    return out;
  }
}
