package io.github.kd4j.eeg.bandpower;

import io.github.kd4j.eeg.filter.FirBandPass;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of SPEC 3.4 band power and the SPEC 3.2 filter on 32 channels x 100 s at 256 Hz
 * (392 windows). Not a test: Surefire never runs it. How to run it and the figures are in
 * docs/benchmarks.md ("EEG band power"); the scipy/MNE side is {@code
 * src/test/python/bench_bandpower.py} on the same synthetic input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BandPowerBenchmark {
  /** 32 channels x 100 s at 256 Hz, the same recipe as bench_bandpower.py (not the same RNG). */
  double[][] eeg;

  BandPowerExtractor extractor;
  FirBandPass filter;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(42);
    eeg = new double[32][25600];
    for (int c = 0; c < 32; c++) {
      for (int i = 0; i < 25600; i++) {
        eeg[c][i] = 1e-5 * (r.nextGaussian() + Math.sin(2 * Math.PI * 10 * i / 256.0 + c));
      }
    }
    extractor = BandPowerExtractor.builder().build();
    filter = FirBandPass.builder().samplingRate(256).build();
  }

  /** Fast path (shared segment spectra, SPEC 3.6): 392 windows per call. */
  @Benchmark
  public BandPowerFeatures bandPowerFast() {
    return extractor.extract(eeg);
  }

  /** Per-window Welch, as the reference: 392 windows per call. */
  @Benchmark
  public BandPowerFeatures bandPowerNaive() {
    return extractor.extractNaive(eeg);
  }

  /** MNE-equivalent 0.3-45 Hz FIR band-pass (2817 taps) of all 32 channels. */
  @Benchmark
  public double[][] filter() {
    return filter.apply(eeg);
  }
}
