package io.github.kd4j.eeg.online;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.eeg.bandpower.BandPowerExtractor;
import io.github.kd4j.eeg.filter.CausalBandPass;
import io.github.kd4j.eeg.online.OnlineValence.Flag;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import io.github.kd4j.eeg.student.TcnStudent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OnlineValenceEstimator}: parity with the offline causal path, faults, latency. */
class OnlineValenceEstimatorTest {
  static final int C = 4;
  static final double FS = 256;
  static final EegFeaturePipeline PIPELINE =
      EegFeaturePipeline.builder().channels("a", "b", "c", "d").build();
  static final BandPowerExtractor BP = BandPowerExtractor.builder().build();
  static final CausalBandPass FILTER = CausalBandPass.defaults(FS);

  /**
   * The stream against the offline causal path in exact arithmetic ({@link
   * OnlineFixtures.Reference#exact}): within 1e-6 of {@code max(1, |value|)}. The band powers agree
   * to ~1e-15 and the stream's TCN accumulates in double; the offline forward in float is itself up
   * to ~1.5e-6 off the exact values when standardised inputs reach 1.6 (see {@link
   * #standardisedInputsScaleTheFloatRounding}), so it is reported, not used as the yardstick.
   */
  static final double TOL = 1e-6;

  /** Largest normalised |streamed - exact|, |offline - exact|, |streamed - offline| seen. */
  static final double[] WORST = new double[3];

  static OnlineValenceEstimator.Builder estimator(TcnStudent s) {
    return OnlineValenceEstimator.builder().student(s).pipeline(PIPELINE).samplingRate(FS);
  }

  /** Pushes {@code x} in random blocks of 1..maxBlock samples; returns the values in order. */
  static List<OnlineValence> run(OnlineValenceEstimator est, float[][] x, int maxBlock, long seed) {
    List<OnlineValence> out = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(seed);
    int n = x[0].length;
    for (int at = 0; at < n; ) {
      int len = Math.min(n - at, 1 + r.nextInt(maxBlock));
      est.push(OnlineFixtures.slice(x, at, at + len));
      out.addAll(est.drain());
      at += len;
    }
    return out;
  }

  static void assertParity(
      OnlineFixtures.Reference ref, List<OnlineValence> streamed, int n, long offset) {
    int expected = n >= 512 ? (n - 512) / 64 + 1 : 0;
    assertEquals(expected, streamed.size(), "values");
    float[] offline = ref.offline();
    double[] exact = ref.exact();
    assertTrue(offline.length == expected || offline.length == expected - 1);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < offline.length; k++) {
      lo = Math.min(lo, exact[k]);
      hi = Math.max(hi, exact[k]);
      OnlineValence v = streamed.get(k);
      assertEquals(k, v.window());
      assertEquals(offset + 64L * k + 511, v.sample());
      assertEquals((v.sample() + 1) / FS, v.time(), 1e-12);
      double norm = Math.max(1, Math.abs(exact[k]));
      WORST[0] = Math.max(WORST[0], Math.abs(v.valence() - exact[k]) / norm);
      WORST[1] = Math.max(WORST[1], Math.abs(offline[k] - exact[k]) / norm);
      WORST[2] = Math.max(WORST[2], Math.abs(v.valence() - offline[k]) / norm);
      assertEquals(exact[k], v.valence(), TOL * norm, "window " + k);
    }
    if (offline.length > 20) {
      // a trace that moves, so that parity means something
      assertTrue(hi - lo > 1e-3, "trace range " + lo + " .. " + hi);
    }
  }

  @Test
  void anyBlockSplitEqualsTheOfflineCausalPath() {
    qt().withExamples(25)
        .forAll(
            integers().between(400, 4000),
            integers().between(1, 10_000),
            booleans().all(),
            longs().all())
        .checkAssert(
            (n, maxBlock, standardize, seed) -> {
              TcnStudent s = OnlineFixtures.student(6 * C, seed, standardize);
              float[][] x = OnlineFixtures.signal(seed, C, n);
              OnlineValenceEstimator est = estimator(s).build();
              List<OnlineValence> streamed = run(est, x, maxBlock, seed + 1);
              assertParity(OnlineFixtures.reference(x, FILTER, BP, s), streamed, n, 0);
              for (OnlineValence v : streamed) {
                assertEquals(
                    v.window() < est.warmUpSteps() ? Set.of(Flag.WARMUP) : Set.of(), v.flags());
              }
              assertEquals((long) n, est.nextSample());
            });
    System.out.printf(
        java.util.Locale.ROOT,
        "OnlineValenceEstimator parity, largest |difference| / max(1, |value|): stream-exact"
            + " %.3g, offline float forward-exact %.3g, stream-offline %.3g%n",
        WORST[0],
        WORST[1],
        WORST[2]);
  }

  /**
   * A case the property once found: with a standardised student (inputs up to 1.6 in magnitude)
   * stream and BLAS forward differ by 1.07e-6 at 0.73 (9 float ulps). Both are within 1e-6 of the
   * exact value; which of the two is the closer depends on the BLAS kernel (with OpenBLAS's Haswell
   * kernels the stream, with its SkylakeX ones the forward: 3.6e-7 against 3.0e-7). Without the
   * standardisation all three agree to ~5e-8.
   */
  @Test
  void standardisedInputsScaleTheFloatRounding() {
    long seed = 6733931259953L;
    float[][] x = OnlineFixtures.signal(seed, C, 748);
    for (boolean standardize : new boolean[] {true, false}) {
      TcnStudent s = OnlineFixtures.student(6 * C, seed, standardize);
      List<OnlineValence> streamed = run(estimator(s).build(), x, 1, seed + 1);
      OnlineFixtures.Reference ref = OnlineFixtures.reference(x, FILTER, BP, s);
      assertParity(ref, streamed, 748, 0);
      double streamErr = 0;
      double offlineErr = 0;
      for (int k = 0; k < ref.exact().length; k++) {
        streamErr = Math.max(streamErr, Math.abs(streamed.get(k).valence() - ref.exact()[k]));
        offlineErr = Math.max(offlineErr, Math.abs(ref.offline()[k] - ref.exact()[k]));
      }
      assertTrue(streamErr <= TOL, "stream " + streamErr + ", offline " + offlineErr);
    }
  }

  @Test
  void identityFilterParityAndListenerSeesEveryValue() {
    TcnStudent s = OnlineFixtures.student(6 * C, 5, false);
    float[][] x = OnlineFixtures.signal(6, C, 3000);
    List<OnlineValence> heard = new ArrayList<>();
    OnlineValenceEstimator est = estimator(s).noFilter().listener(heard::add).build();
    List<OnlineValence> polled = run(est, x, 300, 7);
    assertParity(OnlineFixtures.reference(x, null, BP, s), polled, 3000, 0);
    assertEquals(polled, heard);
    assertNull(est.poll());
  }

  @Test
  void onnxStudentOnTheRingBufferedWindowMatchesToo(@TempDir Path dir) throws Exception {
    TcnStudent s = OnlineFixtures.student(6 * C, 9, true);
    Path file = dir.resolve("student.onnx");
    s.exportOnnx(file, "test");
    float[][] x = OnlineFixtures.signal(10, C, 6016); // 6016 - 512 = 87 * 64: one value more
    List<OnlineValence> streamed;
    try (OnlineValenceEstimator est =
        OnlineValenceEstimator.builder()
            .onnx(OnnxModel.load(file))
            .pipeline(PIPELINE)
            .samplingRate(FS)
            .build()) {
      streamed = run(est, x, 1000, 11);
    }
    float[] offline = OnlineFixtures.offline(x, FILTER, BP, s);
    assertEquals(offline.length + 1, streamed.size());
    for (int k = 0; k < offline.length; k++) {
      // ONNX Runtime's kernels round differently from the Java engine
      assertEquals(offline[k], streamed.get(k).valence(), 1e-5, "window " + k);
    }
  }

  @Test
  void wrongChannelCountIsAnErrorNamingExpectedAndGot() {
    OnlineValenceEstimator est = estimator(OnlineFixtures.student(6 * C, 1, false)).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> est.push(new float[3][10]));
    assertTrue(e.getMessage().contains("expected 4: a b c d"), e.getMessage());
    assertTrue(e.getMessage().contains("got 3"), e.getMessage());
    float[][] ragged = {new float[5], new float[5], new float[4], new float[5]};
    e = assertThrows(IllegalArgumentException.class, () -> est.push(ragged));
    assertTrue(e.getMessage().contains("got 4 in row 2 (c)"), e.getMessage());
    assertEquals(0, est.nextSample());
  }

  @Test
  void gapRestartsAndTheNewRunEqualsItsOwnOfflinePath() {
    TcnStudent s = OnlineFixtures.student(6 * C, 2, false);
    float[][] x = OnlineFixtures.signal(3, C, 5000);
    OnlineValenceEstimator est = estimator(s).build();
    est.push(0, OnlineFixtures.slice(x, 0, 1500));
    List<OnlineValence> before = est.drain();
    // samples 1500..1999 are lost; the amplifier resumes at 2000
    est.push(2000, OnlineFixtures.slice(x, 2000, 3000));
    est.push(OnlineFixtures.slice(x, 3000, 5000));
    List<OnlineValence> after = est.drain();
    assertParity(
        OnlineFixtures.reference(OnlineFixtures.slice(x, 0, 1500), FILTER, BP, s), before, 1500, 0);
    assertParity(
        OnlineFixtures.reference(OnlineFixtures.slice(x, 2000, 5000), FILTER, BP, s),
        after,
        3000,
        2000);
    assertEquals(Set.of(Flag.WARMUP, Flag.RESTARTED), after.get(0).flags());
    assertEquals(Set.of(Flag.WARMUP), after.get(1).flags());
    assertEquals(before.size(), after.get(0).step());
    // overlap is refused; gap(n) is the same as a jump
    assertThrows(IllegalArgumentException.class, () -> est.push(4990, new float[C][1]));
    est.gap(100);
    assertEquals(5100, est.nextSample());
    assertThrows(IllegalArgumentException.class, () -> est.gap(0));
  }

  /**
   * A burst of NaN (or saturated) samples: no NaN leaves, values before the burst are untouched,
   * and exactly the documented span is flagged ARTIFACT: windows starting up to {@code settle}
   * after a bad sample and ending at or after it, plus {@code receptiveField - 1} more.
   */
  @Test
  void nanAndSaturatedBurstsAreSkippedAndFlaggedForTheDocumentedSpan() {
    TcnStudent s = OnlineFixtures.student(6 * C, 4, false);
    int n = 8000;
    float[][] x = OnlineFixtures.signal(5, C, n);
    List<OnlineValence> clean = run(estimator(s).build(), x, 500, 1);
    int first = 3000;
    int last = 3019;
    for (boolean nan : new boolean[] {true, false}) {
      float[][] bad = OnlineFixtures.slice(x, 0, n);
      for (int i = first; i <= last; i++) {
        bad[1][i] = nan ? Float.NaN : 0.5f;
      }
      OnlineValenceEstimator est = estimator(s).saturation(0.1).settle(2.0).build();
      List<OnlineValence> got = run(est, bad, 500, 1);
      assertEquals(clean.size(), got.size());
      int settle = 512;
      int field = 13; // receptive field of [8, 8], kernel 3
      long lastFlaggedWindow = -1;
      for (int k = 0; k < got.size(); k++) {
        OnlineValence v = got.get(k);
        assertTrue(Float.isFinite(v.valence()));
        long start = 64L * k;
        long end = start + 511;
        boolean touches = end >= first && start - settle <= last;
        if (touches) {
          lastFlaggedWindow = k;
        }
        boolean expected = lastFlaggedWindow >= 0 && k - lastFlaggedWindow < field;
        assertEquals(expected, v.flags().contains(Flag.ARTIFACT), "window " + k + " " + v);
        if (end < first) {
          assertEquals(clean.get(k).valence(), v.valence(), 0.0, "before the burst");
        }
      }
      // first flagged: the first window holding sample 3000; last: windows starting <= 3019 + 512
      assertEquals((3000 - 511 + 63) / 64, firstFlagged(got));
      assertEquals((3019 + 512) / 64 + field - 1, lastFlagged(got));
    }
  }

  static int firstFlagged(List<OnlineValence> v) {
    for (int k = 0; k < v.size(); k++) {
      if (v.get(k).flags().contains(Flag.ARTIFACT)) {
        return k;
      }
    }
    return -1;
  }

  static int lastFlagged(List<OnlineValence> v) {
    for (int k = v.size() - 1; k >= 0; k--) {
      if (v.get(k).flags().contains(Flag.ARTIFACT)) {
        return k;
      }
    }
    return -1;
  }

  @Test
  void flatChannelFeedsTheLastGoodRowAndFlags() {
    TcnStudent s = OnlineFixtures.student(6 * C, 8, false);
    float[][] x = OnlineFixtures.signal(9, C, 6000);
    java.util.Arrays.fill(x[2], 2000, 4000, 1e-4f); // electrode stuck
    OnlineValenceEstimator est =
        OnlineValenceEstimator.builder()
            .student(s)
            .pipeline(PIPELINE.toBuilder().averageReference(false).build())
            .samplingRate(FS)
            .noFilter()
            .build();
    List<OnlineValence> got = run(est, x, 700, 3);
    for (int k = 0; k < got.size(); k++) {
      long start = 64L * k;
      boolean flatWindow = start >= 2000 && start + 512 <= 4000;
      OnlineValence v = got.get(k);
      assertTrue(Float.isFinite(v.valence()));
      if (flatWindow) {
        assertTrue(v.flags().contains(Flag.FLAT), v.toString());
      }
      long firstFlat = (2000 + 63) / 64;
      long lastFlat = (4000 - 512) / 64;
      boolean expected = k >= firstFlat && k <= lastFlat + 12;
      assertEquals(expected, v.flags().contains(Flag.FLAT), v.toString());
    }
  }

  @Test
  void latencyReportsWindowFilterDelayAndComputeTime() {
    OnlineValenceEstimator est = estimator(OnlineFixtures.student(6 * C, 1, false)).build();
    run(est, OnlineFixtures.signal(1, C, 4096), 64, 1);
    OnlineValenceEstimator.Latency l = est.latency();
    assertEquals(2000.0, l.windowMs());
    assertEquals(1000.0, l.halfWindowMs());
    assertEquals(FILTER.groupDelaySeconds(10) * 1e3, l.filterDelayMs(), 1e-12);
    assertEquals(l.halfWindowMs() + l.filterDelayMs(), l.algorithmicMs(), 1e-12);
    assertEquals(250.0, l.hopMs());
    assertEquals(64, l.hopsMeasured());
    assertTrue(l.meanComputeMicros() > 0 && l.p99ComputeMicros() > 0, l.toString());
    assertFalse(l.toString().isEmpty());
  }

  @Test
  void builderChecks() {
    TcnStudent s = OnlineFixtures.student(6 * C, 1, false);
    assertThrows(
        IllegalStateException.class,
        () -> OnlineValenceEstimator.builder().pipeline(PIPELINE).samplingRate(FS).build());
    assertThrows(
        IllegalStateException.class,
        () -> OnlineValenceEstimator.builder().student(s).pipeline(PIPELINE).build());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnlineValenceEstimator.builder().student(s).samplingRate(FS).build());
    assertTrue(e.getMessage().contains("6 x 32 = 192, got 24"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> OnlineValenceEstimator.builder().samplingRate(-1));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> estimator(s).filter(CausalBandPass.defaults(512)).build());
    assertTrue(e.getMessage().contains("got 512.0 Hz"), e.getMessage());
    OnlineValenceEstimator.Builder b = estimator(s);
    b.build();
    assertThrows(IllegalStateException.class, b::build); // the model's stream went to the first
    assertThrows(IllegalStateException.class, () -> estimator(s).student(s));
  }
}
