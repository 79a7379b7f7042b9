package io.github.kd4j.eeg.bandpower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.testing.KdAssertions;
import io.github.kd4j.core.testing.TensorFile;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** QuickTheories properties of the band-power features (SPEC 3.4). */
class BandPowerPropertiesTest {
  static final BandPowerExtractor RELATIVE = BandPowerExtractor.builder().build();
  static final BandPowerExtractor ABSOLUTE = RELATIVE.toBuilder().relative(false).build();

  /**
   * Scaling and offset invariance: exact in real arithmetic; in double precision the detrended
   * samples carry relative rounding ~1e-16 times (offset / signal scale) (offsets up to 1e3 on unit
   * signals), squared into the power, and summed; 1e-9 relative leaves a wide margin.
   */
  static final double INVARIANCE_TOL = 1e-9;

  /** Absolute floor for bands whose power is at rounding level (e.g. a tone far from the band). */
  static final double POWER_FLOOR = 1e-12;

  static double[][] noisySignal(long seed, int channels, int n, double amplitude) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[channels][n];
    for (int c = 0; c < channels; c++) {
      double f = 1 + 40 * r.nextDouble();
      double phase = 2 * Math.PI * r.nextDouble();
      for (int i = 0; i < n; i++) {
        x[c][i] =
            amplitude * (r.nextGaussian() + 2 * Math.sin(2 * Math.PI * f * i / 256.0 + phase));
      }
    }
    return x;
  }

  @Test
  void sinusoidPutsMostRelativePowerInItsBand() {
    // f at least 1.5 Hz inside its band, so that the Hann main lobe (+-2 bins) stays mostly inside
    qt().forAll(integers().between(0, 5), doubles().between(0, 1), longs().all())
        .checkAssert(
            (band, u, seed) -> {
              FrequencyBand b = FrequencyBands.DEFAULT.get(band);
              double lo = band == 0 ? 1.5 : b.low() + 1.5;
              double hi = band == 0 ? 2.5 : b.high() - 1.5;
              double f = lo + u * (hi - lo);
              double phase = new SplittableRandom(seed).nextDouble() * 2 * Math.PI;
              double[] x = new double[600];
              for (int i = 0; i < x.length; i++) {
                x[i] = Math.sin(2 * Math.PI * f * i / 256.0 + phase);
              }
              double[] row = RELATIVE.extract(new double[][] {x}).row(0);
              for (int other = 0; other < 6; other++) {
                if (other != band) {
                  assertEquals(
                      true,
                      row[band] > 0.5 && row[band] > 5 * row[other],
                      "f = "
                          + f
                          + " Hz: band "
                          + band
                          + " "
                          + row[band]
                          + " vs "
                          + other
                          + " "
                          + row[other]);
                }
              }
            });
  }

  @Test
  void scalingScalesAbsolutePowerBySquareAndKeepsRelativePower() {
    qt().forAll(longs().all(), doubles().between(-1e3, 1e3), integers().between(513, 1400))
        .assuming((seed, a, n) -> Math.abs(a) > 1e-3)
        .checkAssert(
            (seed, a, n) -> {
              double[][] x = noisySignal(seed, 2, n, 1.0);
              double[][] ax = scale(x, a, 0.0);
              double[][] abs = ABSOLUTE.extract(x).values();
              double[][] absScaled = ABSOLUTE.extract(ax).values();
              for (int k = 0; k < abs.length; k++) {
                double[] expected = abs[k].clone();
                for (int i = 0; i < expected.length; i++) {
                  expected[i] *= a * a;
                }
                KdAssertions.assertClose(
                    "absolute power of a*x", expected, absScaled[k], INVARIANCE_TOL, 0);
              }
              assertRowsClose(RELATIVE.extract(x).values(), RELATIVE.extract(ax).values());
            });
  }

  @Test
  void addingAConstantChangesNothing() {
    qt().forAll(longs().all(), doubles().between(-1e3, 1e3))
        .checkAssert(
            (seed, c) -> {
              double[][] x = noisySignal(seed, 2, 700, 1.0);
              double[][] shifted = scale(x, 1.0, c);
              assertRowsClose(RELATIVE.extract(x).values(), RELATIVE.extract(shifted).values());
              assertRowsClose(ABSOLUTE.extract(x).values(), ABSOLUTE.extract(shifted).values());
            });
  }

  /**
   * Parseval: for white noise of variance s^2 the integral of the one-sided density over 0..fs/2 is
   * an estimate of s^2 (the Hann-weighted mean square of the detrended segments). With an 8 s
   * window (15 half-overlapping 1 s segments, about 15 * 256 * 0.5 = 1900 effectively independent
   * samples) its relative standard deviation is about sqrt(2 / 1900) = 3 %; the 20 % tolerance is
   * more than 6 standard deviations, and detrending biases it by only 1/256.
   */
  @Test
  void integratedPsdApproximatesVarianceOfWhiteNoise() {
    BandPowerExtractor whole =
        BandPowerExtractor.builder()
            .window(8)
            .relative(false)
            .bands(java.util.List.of(new FrequencyBand("all", 0, 128)))
            .build();
    qt().forAll(longs().all(), doubles().between(1e-3, 1e3))
        .checkAssert(
            (seed, sigma) -> {
              SplittableRandom r = new SplittableRandom(seed);
              double[] x = new double[2049];
              for (int i = 0; i < x.length; i++) {
                x[i] = 5 + sigma * r.nextGaussian();
              }
              BandPowerFeatures f = whole.extract(new double[][] {x});
              assertEquals(1, f.windows());
              double ratio = f.value(0, 0, 0) / (sigma * sigma);
              assertEquals(1.0, ratio, 0.2, "integrated PSD / variance");
            });
  }

  @Test
  void windowCountFollowsTheStrictRuleForAnyLength() {
    qt().forAll(integers().between(0, 3000), integers().between(1, 3))
        .checkAssert(
            (n, channels) -> {
              int expected = 0;
              while (expected * 64 + 512 < n) {
                expected++;
              }
              BandPowerFeatures f = RELATIVE.extract(noisySignal(n, channels, n, 1.0));
              assertEquals(expected, f.windows());
              assertEquals(expected, RELATIVE.windowCount(n));
              assertEquals(6 * channels, f.width());
            });
  }

  /**
   * Relative power is never negative (Simpson weights are positive, the PSD is non-negative). It is
   * at most 1 for theta, alpha, beta1 and beta2, whose odd bin counts starting on an even bin give
   * every bin a weight no larger than its weight in the 129-bin total. Delta (4 bins) and gamma
   * (16) use SciPy's even='avg' rule, which weights some bins more than the total does: a pure 2 Hz
   * tone has relative delta power 1.09375 in the reference too (see {@link
   * #toneOnAnEvenBinExceedsOne}).
   */
  @Test
  void relativePowerIsNonNegativeAndAtMostOneForOddSizedBands() {
    qt().forAll(longs().all(), integers().between(513, 1500), doubles().between(1e-6, 1e6))
        .checkAssert(
            (seed, n, amplitude) -> {
              double[][] rows = RELATIVE.extract(noisySignal(seed, 3, n, amplitude)).values();
              for (double[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                  int band = i / 3;
                  assertEquals(true, row[i] >= 0, "band " + band + ": " + row[i]);
                  if (band >= 1 && band <= 4) {
                    assertEquals(true, row[i] <= 1, "band " + band + ": " + row[i]);
                  }
                }
              }
            });
  }

  @Test
  void toneOnAnEvenBinExceedsOne() {
    TensorFile fx = TensorFile.resource("/io/github/kd4j/eeg/bandpower/scipy_bandpower.txt");
    for (int hz : new int[] {2, 32}) {
      double[] x = new double[600];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.sin(2 * Math.PI * hz * (i / 256.0));
      }
      double[][] rows = RELATIVE.extract(new double[][] {x}).values();
      double[] expected = fx.get("tone_" + hz + "hz_relative").values();
      for (int k = 0; k < rows.length; k++) {
        double[] e = java.util.Arrays.copyOfRange(expected, k * 6, k * 6 + 6);
        KdAssertions.assertClose("tone " + hz + " Hz", e, rows[k], 1e-9, POWER_FLOOR);
      }
      assertEquals(true, rows[0][hz == 2 ? 0 : 5] > 1.09, "relative power above 1");
    }
  }

  static double[][] scale(double[][] x, double a, double offset) {
    double[][] y = new double[x.length][];
    for (int c = 0; c < x.length; c++) {
      y[c] = new double[x[c].length];
      for (int i = 0; i < y[c].length; i++) {
        y[c][i] = a * x[c][i] + offset;
      }
    }
    return y;
  }

  static void assertRowsClose(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      KdAssertions.assertClose("window " + k, expected[k], actual[k], INVARIANCE_TOL, POWER_FLOOR);
    }
  }
}
