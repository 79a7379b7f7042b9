package io.github.kd4j.eeg.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.KdAssertions;
import io.github.kd4j.core.testing.TensorFile;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with MNE 1.3's {@code filter_data(x, fs, 0.3, 45)} on real EEG (fixture made by {@code
 * src/test/python/make_bandpower_fixtures.py}), plus builder validation.
 */
class FirBandPassTest {
  /**
   * Normwise relative error allowed against MNE's output, relative to each channel's peak: both
   * sides compute the same convolution by FFT in double precision; the difference is FFT rounding
   * (~1e-15 of the peak), far below the SPEC's 1e-10 target.
   */
  static final double FILTER_TOL = 1e-10;

  /** Kernel coefficients: same formula, different sin/cos rounding (~1e-16 of the peak tap). */
  static final double KERNEL_TOL = 1e-13;

  static TensorFile fixture;
  static double[][] input;

  @BeforeAll
  static void load() {
    fixture = TensorFile.resource("/io/github/kd4j/eeg/filter/mne_filter.txt");
    input = rows(fixture.get("input"));
  }

  static double[][] rows(TensorFile.Tensor t) {
    int ch = t.shape()[0];
    int n = t.shape()[1];
    double[][] out = new double[ch][];
    for (int c = 0; c < ch; c++) {
      out[c] = Arrays.copyOfRange(t.values(), c * n, (c + 1) * n);
    }
    return out;
  }

  static double maxChannelError(double[][] actual, double[][] expected) {
    double worst = 0;
    for (int c = 0; c < expected.length; c++) {
      worst = Math.max(worst, KdAssertions.normwiseRelativeError(actual[c], expected[c]));
    }
    return worst;
  }

  @Test
  void kernelMatchesMneAt256And160Hz() {
    for (int fs : new int[] {256, 160}) {
      FirBandPass bp = FirBandPass.builder().samplingRate(fs).build();
      double[] expected = fixture.get("kernel_" + fs).values();
      assertEquals(expected.length, bp.length(), "taps at " + fs + " Hz");
      double err = KdAssertions.normwiseRelativeError(bp.kernel(), expected);
      assertTrue(err < KERNEL_TOL, "kernel error at " + fs + " Hz: " + err);
    }
    assertEquals(2817, FirBandPass.builder().samplingRate(256).build().length());
    assertEquals(1761, FirBandPass.builder().samplingRate(160).build().length());
  }

  @Test
  void filterMatchesMneAt160Hz() {
    double[][] y = FirBandPass.builder().samplingRate(160).build().apply(input);
    double err = maxChannelError(y, rows(fixture.get("filtered_160")));
    System.out.println("FirBandPass vs MNE at 160 Hz: max normwise relative error " + err);
    assertTrue(err < FILTER_TOL, "error " + err);
  }

  @Test
  void filterMatchesMneAt256Hz() {
    double[][] y = FirBandPass.builder().samplingRate(256).build().apply(input);
    double err = maxChannelError(y, rows(fixture.get("filtered_256")));
    System.out.println("FirBandPass vs MNE at 256 Hz: max normwise relative error " + err);
    assertTrue(err < FILTER_TOL, "error " + err);
  }

  @Test
  void signalShorterThanKernelMatchesMne() {
    double[][] x = {
      Arrays.copyOf(input[0], 1000), Arrays.copyOf(input[1], 1000),
    };
    double[][] y = FirBandPass.builder().samplingRate(256).build().apply(x);
    double err = maxChannelError(y, rows(fixture.get("filtered_256_short")));
    System.out.println("FirBandPass vs MNE, 1000 samples < 2817 taps: error " + err);
    assertTrue(err < FILTER_TOL, "error " + err);
  }

  @Test
  void averageReferenceMatchesNumpy() {
    double[][] filtered = rows(fixture.get("filtered_256"));
    double[][] reref = AverageReference.apply(filtered);
    double err = maxChannelError(reref, rows(fixture.get("reref_256")));
    assertTrue(err < 1e-13, "error " + err);
  }

  @Test
  void oneAndTwoSampleSignalsAreFiltered() {
    FirBandPass bp = FirBandPass.builder().build();
    double[] h = bp.kernel();
    int mid = (h.length - 1) / 2;
    // n = 1: no padding, y[0] = h[mid] x[0]
    assertEquals(h[mid] * 3.0, bp.apply(new double[] {3.0})[0], 1e-15);
    assertEquals(0, bp.apply(new double[0]).length);
    double[] y2 = bp.apply(new double[] {1.0, 2.0});
    // n = 2: e = 1, ext = [0, 1, 2, 3]; y[i] = sum_j h[j] ext[i + 1 + mid - j]
    double[] ext = {0.0, 1.0, 2.0, 3.0};
    for (int i = 0; i < 2; i++) {
      double direct = 0;
      for (int j = 0; j < h.length; j++) {
        int k = i + 1 + mid - j;
        if (k >= 0 && k < ext.length) {
          direct += h[j] * ext[k];
        }
      }
      assertEquals(direct, y2[i], 1e-14);
    }
  }

  @Test
  void inputIsNotModified() {
    double[][] copy = {input[0].clone()};
    FirBandPass.builder().samplingRate(160).build().apply(copy);
    assertArrayEquals(input[0], copy[0]);
  }

  @Test
  void builderRejectsBadValuesWithTheirName() {
    var e1 =
        assertThrows(
            IllegalArgumentException.class, () -> FirBandPass.builder().samplingRate(-2.0));
    assertEquals("samplingRate must be a finite number > 0 Hz, got -2.0", e1.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> FirBandPass.builder().lowCut(0));
    assertTrue(e2.getMessage().contains("lowCut must be a finite number > 0 Hz, got 0.0"));
    var e3 =
        assertThrows(
            IllegalArgumentException.class,
            () -> FirBandPass.builder().samplingRate(80).highCut(45).build());
    assertTrue(e3.getMessage().contains("Nyquist"), e3.getMessage());
    assertTrue(e3.getMessage().contains("40.0 Hz, got 45.0"), e3.getMessage());
    var e4 =
        assertThrows(
            IllegalArgumentException.class,
            () -> FirBandPass.builder().lowCut(50).highCut(45).build());
    assertTrue(e4.getMessage().contains("lowCut (50.0 Hz) must be < highCut (45.0 Hz)"));
  }

  @Test
  void applyRejectsNonFiniteAndRaggedInput() {
    FirBandPass bp = FirBandPass.builder().build();
    double[][] bad = {{1, 2, 3}, {1, Double.NaN, 3}};
    var e = assertThrows(IllegalArgumentException.class, () -> bp.apply(bad));
    assertEquals("data must be finite, got NaN at channel 1, sample 1", e.getMessage());
    var r =
        assertThrows(IllegalArgumentException.class, () -> bp.apply(new double[][] {{1, 2}, {1}}));
    assertTrue(r.getMessage().contains("2 samples in channel 0 and 1 in channel 1"));
  }

  @Test
  void toStringShowsEverySettingAndToBuilderRoundTrips() {
    FirBandPass bp = FirBandPass.builder().samplingRate(160).build();
    String s = bp.toString();
    assertTrue(s.contains("samplingRate=160.0 Hz") && s.contains("taps=1761"), s);
    assertTrue(s.contains("highTransition=11.25 Hz") && s.contains("lowTransition=0.3 Hz"), s);
    assertArrayEquals(bp.kernel(), bp.toBuilder().build().kernel());
  }
}
