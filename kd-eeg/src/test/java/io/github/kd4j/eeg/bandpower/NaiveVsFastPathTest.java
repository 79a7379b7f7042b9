package io.github.kd4j.eeg.bandpower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two paths, one number (SPEC 3.6): the segment-sharing fast path equals the per-window path, and
 * the FFT periodogram equals a direct DFT.
 */
class NaiveVsFastPathTest {
  /**
   * Fast vs naive: the same periodograms summed in the same order, so bitwise equal is expected;
   * the tolerance only guards against a future change of summation order.
   */
  static final double PATH_TOL = 1e-12;

  /**
   * FFT vs O(M^2) direct DFT: both accumulate ~M rounding errors of 1e-16 relative to the largest
   * |X[k]|^2; compared relative to the largest bin.
   */
  static final double DFT_TOL = 1e-12;

  static double[][] noise(long seed, int channels, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[channels][n];
    for (int c = 0; c < channels; c++) {
      double drift = 0;
      for (int i = 0; i < n; i++) {
        drift += 0.1 * r.nextGaussian();
        x[c][i] = drift + r.nextGaussian() + 3 * Math.sin(2 * Math.PI * 10 * i / 256.0 + c);
      }
    }
    return x;
  }

  static void assertSame(BandPowerFeatures expected, BandPowerFeatures actual, String what) {
    assertEquals(expected.windows(), actual.windows(), what + ": windows");
    double[][] e = expected.values();
    double[][] a = actual.values();
    for (int k = 0; k < e.length; k++) {
      for (int i = 0; i < e[k].length; i++) {
        double tol = PATH_TOL * Math.abs(e[k][i]) + 1e-300;
        assertTrue(
            Math.abs(e[k][i] - a[k][i]) <= tol,
            what + ": window " + k + " column " + i + ": " + e[k][i] + " vs " + a[k][i]);
      }
    }
  }

  @Test
  void defaultConfigurationAgrees() {
    BandPowerExtractor ex = BandPowerExtractor.builder().build();
    double[][] x = noise(1, 3, 256 * 12 + 17);
    assertSame(ex.extractNaive(x), ex.extract(x), "default relative");
    BandPowerExtractor abs = ex.toBuilder().relative(false).build();
    assertSame(abs.extractNaive(x), abs.extract(x), "default absolute");
  }

  @Test
  void otherGeometriesAgree() {
    // hop not dividing the segment step (gcd 1), odd segments, hop == window, one segment
    BandPowerExtractor[] configs = {
      BandPowerExtractor.builder().samplingRate(100).window(2).hop(0.03).segment(0.5).build(),
      BandPowerExtractor.builder().samplingRate(100).window(1.5).hop(0.07).segment(0.51).build(),
      BandPowerExtractor.builder().samplingRate(128).window(1).hop(1).segment(1).build(),
      BandPowerExtractor.builder().samplingRate(160).window(3).hop(0.5).segment(1).build(),
      BandPowerExtractor.builder().samplingRate(256).window(4).hop(0.25).segment(2).build(),
    };
    for (BandPowerExtractor ex : configs) {
      double[][] x = noise(7, 2, 1999);
      assertSame(ex.extractNaive(x), ex.extract(x), ex.toString());
      assertTrue(ex.extract(x).windows() > 0, ex.toString());
    }
  }

  @Test
  void periodogramEqualsDirectDft() {
    for (int m : new int[] {8, 15, 16, 31, 64}) {
      double fs = 100.0;
      WelchPsd welch = new WelchPsd(m, fs);
      double[] x = noise(m, 1, m + 5)[0];
      int start = 3;
      double[] fast = new double[welch.bins()];
      welch.periodogram(x, start, fast, new double[m]);
      // oracle: direct DFT of the detrended, periodic-Hann-windowed segment
      double mean = 0;
      for (int i = 0; i < m; i++) {
        mean += x[start + i];
      }
      mean /= m;
      double[] w = new double[m];
      double sumSq = 0;
      for (int i = 0; i < m; i++) {
        w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / m);
        sumSq += w[i] * w[i];
      }
      double peak = 0;
      double[] direct = new double[welch.bins()];
      for (int k = 0; k < direct.length; k++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < m; i++) {
          double v = (x[start + i] - mean) * w[i];
          re += v * Math.cos(2 * Math.PI * k * i / m);
          im -= v * Math.sin(2 * Math.PI * k * i / m);
        }
        boolean doubled = k > 0 && !(m % 2 == 0 && k == m / 2);
        direct[k] = (re * re + im * im) / (fs * sumSq) * (doubled ? 2 : 1);
        peak = Math.max(peak, direct[k]);
      }
      for (int k = 0; k < direct.length; k++) {
        assertEquals(direct[k], fast[k], DFT_TOL * peak, "M = " + m + ", bin " + k);
      }
      assertEquals(fs / m, welch.resolution(), 1e-15);
    }
  }
}
