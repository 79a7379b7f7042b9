package io.github.kd4j.eeg.online;

import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.model.ValenceStream;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.bandpower.BandPowerStream;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.CausalBandPass;
import io.github.kd4j.eeg.student.TcnStudent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Real-time factor of {@link OnlineValenceEstimator} for 32 channels at 256 Hz with the paper-sized
 * student (192 -> [128, 128], kernel 3), one 64-sample hop per push, on the calling thread (one
 * core), plus the per-stage split (filter, reference + band power, TCN step). Not a test (Surefire
 * never runs it); results in docs/benchmarks.md ("Online valence"). Run:
 *
 * <pre>
 * java -cp kd-eeg/target/test-classes:kd-eeg/target/classes:$(cat kd-eeg/target/bench-classpath.txt) \
 *     io.github.kd4j.eeg.online.OnlineValenceBenchmark [seconds of signal, default 1200]
 * </pre>
 */
public final class OnlineValenceBenchmark {
  private OnlineValenceBenchmark() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 1200;
    int fs = 256;
    int hop = 64;
    int channels = 32;
    int hops = seconds * fs / hop;
    SplittableRandom r = new SplittableRandom(42);
    // one hop of EEG-like data per block, precomputed (2 different blocks cycled)
    float[][][] blocks = new float[16][channels][hop];
    for (int b = 0; b < blocks.length; b++) {
      for (int c = 0; c < channels; c++) {
        for (int i = 0; i < hop; i++) {
          int t = b * hop + i;
          blocks[b][c][i] =
              (float) (1e-5 * (r.nextGaussian() + Math.sin(2 * Math.PI * (4 + c) * t / fs)));
        }
      }
    }
    TcnConfig cfg = TcnConfig.builder().inputSize(192).channels(128, 128).kernelSize(3).build();
    TcnStudent student =
        TcnStudent.of(
            SequenceRegressor.trained(
                TcnStudent.ROLE,
                TemporalConvNet.initialize(cfg, 7),
                null,
                TrainerConfig.student().build(),
                Provenance.of(TcnStudent.ROLE, cfg.toString(), "-", 7, "0", 0, 0, Map.of()),
                null));
    OnlineValenceEstimator est =
        OnlineValenceEstimator.builder().student(student).samplingRate(fs).build();
    double[] perHop = new double[hops];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double cpuPerHop = 0;
    for (int pass = 0; pass < 2; pass++) { // pass 0 warms the JIT up
      long cpu0 = mx.getCurrentThreadCpuTime();
      for (int h = 0; h < hops; h++) {
        long t0 = System.nanoTime();
        est.push(blocks[h % blocks.length]);
        perHop[h] = (System.nanoTime() - t0) / 1e3;
        est.drain();
      }
      cpuPerHop = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / hops;
    }
    double[] sorted = perHop.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(perHop).average().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "estimator, 32 ch x 256 Hz, push of 64 samples: mean %.1f us, p50 %.1f us, p99 %.1f us,"
            + " max %.1f us per hop; real-time factor %.0fx (250 ms of signal per hop)%n",
        mean,
        sorted[hops / 2],
        sorted[(int) (0.99 * hops)],
        sorted[hops - 1],
        250_000 / mean);
    System.out.printf(
        Locale.ROOT,
        "thread CPU time per hop %.1f us (real-time factor %.0fx on a core of its own)%n",
        cpuPerHop,
        250_000 / cpuPerHop);
    System.out.println(est.latency());

    // stages alone, the same data
    CausalBandPass.State filter = CausalBandPass.defaults(fs).newState(channels);
    double[][] d = new double[channels][hop];
    BandPowerStream bp = BandPowerExtractor.builder().build().newStream(channels);
    ValenceStream tcn = student.newStream();
    float[] row = new float[192];
    Arrays.fill(row, 1f / 6);
    double tFilter = 0;
    double tBand = 0;
    double tTcn = 0;
    for (int pass = 0; pass < 2; pass++) {
      long cpu0 = mx.getCurrentThreadCpuTime();
      tFilter = 0;
      tBand = 0;
      tTcn = 0;
      for (int h = 0; h < hops; h++) {
        float[][] b = blocks[h % blocks.length];
        for (int c = 0; c < channels; c++) {
          for (int i = 0; i < hop; i++) {
            d[c][i] = b[c][i];
          }
        }
        long t0 = System.nanoTime();
        filter.process(d, d);
        long t1 = System.nanoTime();
        AverageReference.applyInPlace(d, channels);
        bp.push(d, 0, hop, (k, x, flat) -> {});
        long t2 = System.nanoTime();
        tcn.step(row);
        long t3 = System.nanoTime();
        tFilter += (t1 - t0) / 1e3;
        tBand += (t2 - t1) / 1e3;
        tTcn += (t3 - t2) / 1e3;
      }
      cpuPerHop = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / hops;
    }
    System.out.printf(
        Locale.ROOT,
        "stages per hop (mean): causal filter %.1f us, average reference + band power %.1f us,"
            + " TCN step %.1f us (wall); thread CPU %.1f us per hop for the three%n",
        tFilter / hops,
        tBand / hops,
        tTcn / hops,
        cpuPerHop);
  }
}
