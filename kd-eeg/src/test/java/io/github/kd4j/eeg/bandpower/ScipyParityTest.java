package io.github.kd4j.eeg.bandpower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.eeg.filter.AverageReference;
import io.github.kd4j.eeg.filter.FirBandPass;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with the SPEC 3.4 reference algorithm (scipy 1.10.1 {@code welch} + {@code simpson}) on
 * real EEG filtered by MNE 1.3 (fixtures from {@code src/test/python/make_bandpower_fixtures.py}).
 */
class ScipyParityTest {
  /**
   * Relative error allowed per band power: both sides do the same double-precision arithmetic in a
   * different order (FFT algorithm, Simpson as weights instead of slices); observed ~1e-14, the
   * issue's target is 1e-9.
   */
  static final double BANDPOWER_TOL = 1e-9;

  /**
   * Full pipeline (Java filter + reference + band power) against scipy on MNE's output: the filter
   * outputs differ by ~3e-15 of the channel peak, which a small band (gamma) can amplify relative
   * to its own power; still well below 1e-9.
   */
  static final double PIPELINE_TOL = 1e-9;

  static TensorFile bp;
  static double[][] reref;

  @BeforeAll
  static void load() {
    bp = TensorFile.resource("/io/github/kd4j/eeg/bandpower/scipy_bandpower.txt");
    reref = rows(TensorFile.resource("/io/github/kd4j/eeg/filter/mne_filter.txt").get("reref_256"));
  }

  static double[][] rows(TensorFile.Tensor t) {
    int r = t.shape()[0];
    int n = t.shape()[1];
    double[][] out = new double[r][];
    for (int i = 0; i < r; i++) {
      out[i] = Arrays.copyOfRange(t.values(), i * n, (i + 1) * n);
    }
    return out;
  }

  /** Max over entries of |actual - expected| / |expected|. */
  static double maxRelativeError(BandPowerFeatures actual, TensorFile.Tensor expected) {
    double[][] e = rows(expected);
    double[][] a = actual.values();
    assertEquals(e.length, a.length, "windows");
    double worst = 0;
    for (int k = 0; k < e.length; k++) {
      assertEquals(e[k].length, a[k].length, "width");
      for (int i = 0; i < e[k].length; i++) {
        worst = Math.max(worst, Math.abs(a[k][i] - e[k][i]) / Math.abs(e[k][i]));
      }
    }
    return worst;
  }

  @Test
  void relativePowerMatchesScipy() {
    BandPowerFeatures f = BandPowerExtractor.builder().build().extract(reref);
    assertEquals(52, f.windows());
    double err = maxRelativeError(f, bp.get("relative"));
    System.out.println("band power vs scipy, relative: max relative error " + err);
    assertTrue(err < BANDPOWER_TOL, "error " + err);
  }

  @Test
  void absolutePowerMatchesScipy() {
    BandPowerFeatures f = BandPowerExtractor.builder().relative(false).build().extract(reref);
    double err = maxRelativeError(f, bp.get("absolute"));
    System.out.println("band power vs scipy, absolute: max relative error " + err);
    assertTrue(err < BANDPOWER_TOL, "error " + err);
  }

  @Test
  void naivePathMatchesScipyToo() {
    double err =
        maxRelativeError(
            BandPowerExtractor.builder().build().extractNaive(reref), bp.get("relative"));
    assertTrue(err < BANDPOWER_TOL, "error " + err);
  }

  @Test
  void awkwardLengthsMatchScipy() {
    BandPowerExtractor ex = BandPowerExtractor.builder().build();
    for (int n : new int[] {513, 576, 577}) {
      double[][] prefix = new double[reref.length][];
      for (int c = 0; c < reref.length; c++) {
        prefix[c] = Arrays.copyOf(reref[c], n);
      }
      BandPowerFeatures f = ex.extract(prefix);
      double err = maxRelativeError(f, bp.get("relative_n" + n));
      assertTrue(err < BANDPOWER_TOL, "n = " + n + ": error " + err);
    }
  }

  @Test
  void fullJavaPipelineMatchesMneAndScipy() {
    double[][] input =
        rows(TensorFile.resource("/io/github/kd4j/eeg/filter/mne_filter.txt").get("input"));
    double[][] filtered = FirBandPass.builder().samplingRate(256).build().apply(input);
    double[][] rr = AverageReference.apply(filtered);
    double errRel =
        maxRelativeError(BandPowerExtractor.builder().build().extract(rr), bp.get("relative"));
    double errAbs =
        maxRelativeError(
            BandPowerExtractor.builder().relative(false).build().extract(rr), bp.get("absolute"));
    System.out.println(
        "Java filter + reref + band power vs MNE + scipy: relative "
            + errRel
            + ", absolute "
            + errAbs);
    assertTrue(errRel < PIPELINE_TOL && errAbs < PIPELINE_TOL, errRel + " " + errAbs);
  }

  @Test
  void simpsonWeightsMatchScipy110EvenAvg() {
    for (int n = 1; n <= 17; n++) {
      double[] y = bp.get("simpson_y" + n).values();
      double expected = bp.get("simpson_" + n).scalar();
      double actual = SimpsonRule.integrate(SimpsonRule.weights(n, 0.5), y, 0);
      assertEquals(expected, actual, 1e-14 * Math.max(1, Math.abs(expected)), "N = " + n);
    }
  }
}
