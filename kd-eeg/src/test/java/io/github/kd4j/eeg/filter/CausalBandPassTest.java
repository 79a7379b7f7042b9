package io.github.kd4j.eeg.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.testing.KdAssertions;
import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.eeg.io.Recording;
import io.github.kd4j.eeg.io.RecordingReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity of {@link CausalBandPass} with SciPy 1.10's {@code butter(..., btype='band',
 * output='sos')}, {@code group_delay} and {@code sosfilt} on real EEG (fixture from {@code
 * src/test/python/make_causal_fixtures.py}), block-split equivalence of the streaming state, and
 * argument checks.
 */
class CausalBandPassTest {
  /**
   * Normwise relative error allowed per section ({@code ||sos_s - ref_s|| / ||ref_s||}): same
   * formulas as SciPy; the differences are last-bit rounding of tan, sqrt, cos and the complex
   * operations (measured below 1e-14).
   */
  static final double SOS_TOL = 1e-10;

  /**
   * Group delay against a 40-digit mpmath evaluation of the same formula: double rounding in the
   * small denominators near the low edge (poles near z = 1), measured below 1e-12.
   */
  static final double GROUP_DELAY_TOL = 1e-10;

  /**
   * Output error relative to each channel's peak: identical recursion and operation order; the
   * error comes from the last bits of the coefficients, amplified by the poles near z = 1.
   */
  static final double FILTER_TOL = 1e-10;

  static final String[] CHANNELS = {"C3..", "Cz..", "C4..", "Oz.."};
  static final int START = 4800;
  static final int STOP = 8000;

  static TensorFile fixture;
  static double[][] designs;

  @BeforeAll
  static void load() {
    fixture = TensorFile.resource("/io/github/kd4j/eeg/filter/scipy_causal.txt");
    designs = rows(fixture.get("designs"));
  }

  static double[][] rows(TensorFile.Tensor t) {
    int r = t.shape()[0];
    int n = t.values().length / r;
    double[][] out = new double[r][];
    for (int i = 0; i < r; i++) {
      out[i] = Arrays.copyOfRange(t.values(), i * n, (i + 1) * n);
    }
    return out;
  }

  static CausalBandPass design(int d) {
    double[] row = designs[d];
    return CausalBandPass.butterworth((int) row[0], row[1], row[2], row[3]);
  }

  @Test
  void sectionsMatchScipyButter() {
    double worst = 0;
    for (int d = 0; d < designs.length; d++) {
      CausalBandPass bp = design(d);
      double[][] expected = rows(fixture.get("sos_" + d));
      double[][] actual = bp.sos();
      assertEquals(expected.length, actual.length, "sections of " + bp);
      assertEquals((int) designs[d][0], actual.length, "one section per order");
      for (int s = 0; s < expected.length; s++) {
        double err = KdAssertions.normwiseRelativeError(actual[s], expected[s]);
        worst = Math.max(worst, err);
        assertTrue(err < SOS_TOL, bp + " section " + s + ": error " + err);
      }
    }
    System.out.println(
        "CausalBandPass sos vs scipy butter ("
            + designs.length
            + " designs): max normwise relative error per section "
            + worst);
  }

  @Test
  void groupDelayMatchesHighPrecisionReference() {
    double[] freqs = fixture.get("gd_freqs").values();
    double worst = 0;
    for (int d = 0; d < designs.length; d++) {
      CausalBandPass bp = design(d);
      double[] expected = fixture.get("gd_" + d).values();
      for (int i = 0; i < freqs.length; i++) {
        double actual = bp.groupDelaySeconds(freqs[i]);
        double err = Math.abs(actual - expected[i]) / Math.abs(expected[i]);
        worst = Math.max(worst, err);
        assertTrue(err < GROUP_DELAY_TOL, bp + " at " + freqs[i] + " Hz: " + actual);
      }
    }
    CausalBandPass def = CausalBandPass.defaults(256);
    System.out.printf(
        "CausalBandPass group delay vs mpmath: max relative error %s; defaults(256) at 1/10/30 Hz:"
            + " %.1f / %.1f / %.1f ms%n",
        worst,
        1e3 * def.groupDelaySeconds(1),
        1e3 * def.groupDelaySeconds(10),
        1e3 * def.groupDelaySeconds(30));
  }

  @Test
  void sosfiltOnRealEegMatchesScipy() throws IOException {
    Path edf = Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf");
    Recording r = RecordingReader.builder().channels(CHANNELS).build().read(edf);
    assertEquals(160.0, r.samplingRate(0));
    double[][] all = r.dataVolts();
    double[][] x = new double[all.length][];
    for (int c = 0; c < all.length; c++) {
      x[c] = Arrays.copyOfRange(all[c], START, STOP);
    }
    int checked = 0;
    for (int d = 0; d < designs.length; d++) {
      if (!fixture.has("eeg_" + d)) {
        continue;
      }
      checked++;
      CausalBandPass bp = design(d);
      double[][] expected = rows(fixture.get("eeg_" + d));
      double[][] y = bp.apply(x);
      double worst = 0;
      for (int c = 0; c < expected.length; c++) {
        double peak = 0;
        double err = 0;
        for (int i = 0; i < expected[c].length; i++) {
          peak = Math.max(peak, Math.abs(expected[c][i]));
          err = Math.max(err, Math.abs(y[c][i] - expected[c][i]));
        }
        worst = Math.max(worst, err / peak);
      }
      System.out.println(
          "CausalBandPass vs scipy sosfilt on S001R03 (" + bp + "): max error / peak " + worst);
      assertTrue(worst < FILTER_TOL, bp + ": error " + worst);
    }
    assertEquals(2, checked, "EEG designs in the fixture");
  }

  /** Streams a random signal in random block sizes and compares with {@code apply}, bit for bit. */
  @Test
  void blockwiseStreamingEqualsOfflineExactly() {
    qt().withFixedSeed(20261130L)
        .withExamples(40)
        .forAll(integers().between(1, 6), integers().between(0, 30_000), longs().all())
        .checkAssert(
            (channels, n, seed) -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              int order = 1 + rnd.nextInt(8);
              double fs = new double[] {128, 160, 256, 512}[rnd.nextInt(4)];
              double low = 0.1 + rnd.nextDouble() * 10;
              double high = low + 1 + rnd.nextDouble() * (fs / 2 - low - 2);
              CausalBandPass bp = CausalBandPass.butterworth(order, low, high, fs);
              double[][] x = new double[channels][n];
              for (double[] row : x) {
                for (int i = 0; i < n; i++) {
                  row[i] = 1e-4 * (rnd.nextDouble() - 0.5) + (i == 0 ? 1e-3 : 0);
                }
              }
              double[][] offline = bp.apply(x);
              CausalBandPass.State st = bp.newState(channels);
              double[][] streamed = new double[channels][n];
              boolean inPlace = rnd.nextBoolean();
              int at = 0;
              while (at < n) {
                int len = Math.min(n - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 10 : 10_000));
                double[][] block = new double[channels][];
                for (int c = 0; c < channels; c++) {
                  block[c] = Arrays.copyOfRange(x[c], at, at + len);
                }
                double[][] out = inPlace ? block : new double[channels][len];
                st.process(block, out);
                for (int c = 0; c < channels; c++) {
                  System.arraycopy(out[c], 0, streamed[c], at, len);
                }
                at += len;
              }
              for (int c = 0; c < channels; c++) {
                assertArrayEquals(offline[c], streamed[c], bp + " channel " + c);
              }
            });
  }

  @Test
  void applyLeavesItsInputAloneAndResetRestartsTheStream() {
    CausalBandPass bp = CausalBandPass.defaults(256);
    double[][] x = new double[2][1000];
    SplittableRandom rnd = new SplittableRandom(7);
    for (double[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = rnd.nextGaussian();
      }
    }
    double[][] copy = {x[0].clone(), x[1].clone()};
    double[][] y = bp.apply(x);
    assertArrayEquals(copy[0], x[0]);
    assertArrayEquals(copy[1], x[1]);
    assertNotSame(x[0], y[0]);
    CausalBandPass.State st = bp.newState(2);
    double[][] out = new double[2][1000];
    st.process(x, out);
    st.reset();
    double[][] again = new double[2][1000];
    st.process(x, again);
    assertArrayEquals(y[0], again[0]);
    assertArrayEquals(y[1], again[1]);
    st.process(new double[2][0], new double[2][0]); // empty blocks are fine
    assertEquals(2, st.channels());
  }

  @Test
  void defaultsAreOrder4From03To45Hz() {
    CausalBandPass bp = CausalBandPass.defaults(256);
    assertEquals(4, bp.order());
    assertEquals(0.3, bp.lowCut());
    assertEquals(45.0, bp.highCut());
    assertEquals(256.0, bp.samplingRate());
    assertEquals(4, bp.sos().length);
    assertTrue(bp.toString().contains("order=4"), bp.toString());
    double[][] sos = bp.sos();
    sos[0][0] = 42;
    assertTrue(bp.sos()[0][0] != 42, "sos() returns a copy");
  }

  @Test
  void badArgumentsAreRejectedWithTheValue() {
    assertMessage(
        () -> CausalBandPass.butterworth(0, 1, 40, 256), "order must be in [1, 10], got 0");
    assertMessage(() -> CausalBandPass.butterworth(11, 1, 40, 256), "got 11");
    assertMessage(() -> CausalBandPass.butterworth(4, 0, 40, 256), "lowCut must be", "got 0.0");
    assertMessage(() -> CausalBandPass.butterworth(4, 40, 40, 256), "highCut must be", "got 40.0");
    assertMessage(() -> CausalBandPass.butterworth(4, 1, 128, 256), "Nyquist", "got 128.0");
    assertMessage(() -> CausalBandPass.butterworth(4, 1, 40, Double.NaN), "samplingRate", "NaN");
    assertMessage(() -> CausalBandPass.defaults(90), "Nyquist", "45.0");
    CausalBandPass bp = CausalBandPass.defaults(256);
    assertMessage(() -> bp.groupDelaySeconds(0), "frequencyHz must be in (0, ", "got 0.0");
    assertMessage(() -> bp.groupDelaySeconds(128), "got 128.0");
    assertMessage(() -> bp.newState(0), "channels must be >= 1, got 0");
    CausalBandPass.State st = bp.newState(3);
    assertMessage(
        () -> st.process(new double[2][5], new double[2][5]),
        "block must have 3 channels (the state's channel count), got 2");
    assertMessage(() -> st.process(new double[3][5], new double[3][4]), "out must have", "got 4");
    assertMessage(
        () -> st.process(new double[][] {{0, 0}, {0}, {0, 0}}, new double[3][2]), "same length");
    double[][] nan = new double[3][4];
    nan[1][2] = Double.NaN;
    assertMessage(
        () -> st.process(nan, nan), "block must be finite, got NaN at channel 1, sample 2");
    assertMessage(() -> bp.apply(null), "signal must not be null");
  }

  static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }
}
