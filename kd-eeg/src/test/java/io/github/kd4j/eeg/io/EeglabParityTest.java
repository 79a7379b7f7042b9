package io.github.kd4j.eeg.io;

import static io.github.kd4j.core.testing.KdAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Parity with the independent EEGLAB readings shipped with mne-python's test files (MAT v5, float32
 * {@code data}, every signal except annotations and, for {@code test.bdf}, Status).
 */
class EeglabParityTest {
  /**
   * The .mat values are float32: a double within half a float32 ulp rounds to the stored value. We
   * allow one float32 ulp of the value ({@code 2^-23} relative, 1.2e-7) plus nothing absolute.
   */
  private static final double FLOAT32_REL = 0x1p-23;

  /**
   * The data README says test.bdf agrees with the standard scaling "within 0.005 uV (float32
   * rounding)". That holds for the 64 EEG channels; the EXG channels reach 2.6e5 uV, where half a
   * float32 ulp is 2^-24 * 2.6e5 = 0.0078 uV (we see 0.0051 on EXG1). So the bound used is float32
   * rounding, {@code |ours - mat| <= 2^-24 |mat|} (plus 1e-9 uV for values near 0), and the 0.005
   * uV of the README is checked on the EEG channels.
   */
  private static final double FLOAT32_HALF_ULP_REL = 0x1p-24;

  private static final double BDF_EEG_ABS_UV = 0.005;

  @Test
  void testEdfEqualsEeglabWithStatus() throws IOException {
    Recording r =
        RecordingReader.builder().includeStatus(true).build().read(Fixtures.edfBdf("test.edf"));
    double[][] mat = Fixtures.matRows("test_edf_eeglab.mat", "data");
    assertEquals(139, mat.length);
    assertEquals(139, r.channelCount());
    assertEquals("Status", r.channels().get(138).label());
    assertEquals(RecordingFormat.EDF, r.header().format());
    assertEquals(6, r.numRecords());
    double worst = 0;
    for (int c = 0; c < 139; c++) {
      assertEquals(512.0, r.samplingRate(c));
      double[] ours = r.data(c);
      assertEquals(3072, ours.length);
      assertClose("test.edf channel " + r.channels().get(c).label(), mat[c], ours, FLOAT32_REL, 0);
      worst = Math.max(worst, Fixtures.maxAbsDiff(ours, mat[c]));
    }
    assertEquals(0.0, worst, "test.edf: gain 1, integers, so float32 holds them exactly");
  }

  @Test
  void testBdfEqualsEeglabWithin5NanoVolts() throws IOException {
    Recording r = RecordingReader.defaults().read(Fixtures.edfBdf("test.bdf"));
    double[][] mat = Fixtures.matRows("test_bdf_eeglab.mat", "data");
    assertEquals(72, mat.length);
    assertEquals(72, r.channelCount(), "Status is kept out of the data channels by default");
    assertEquals(RecordingFormat.BDF, r.header().format());
    assertEquals("Fp1", r.channels().get(0).label());
    assertEquals("EXG8", r.channels().get(71).label());
    assertTrue(r.status().isPresent());
    double worstEeg = 0;
    double worst = 0;
    for (int c = 0; c < 72; c++) {
      assertEquals(2048.0, r.samplingRate(c));
      double[] ours = r.data(c);
      String what = "test.bdf channel " + r.channels().get(c).label();
      assertClose(what, mat[c], ours, FLOAT32_HALF_ULP_REL, 1e-9);
      if (c < 64) {
        assertClose(what, mat[c], ours, 0, BDF_EEG_ABS_UV);
        worstEeg = Math.max(worstEeg, Fixtures.maxAbsDiff(ours, mat[c]));
      }
      worst = Math.max(worst, Fixtures.maxAbsDiff(ours, mat[c]));
    }
    System.out.println(
        "test.bdf vs EEGLAB: max |diff| = " + worstEeg + " uV (EEG), " + worst + " uV (all)");
  }

  @Test
  void unevenSamplingEqualsRepeatedMatInFileUnits() throws IOException {
    Recording r = RecordingReader.defaults().read(Fixtures.edfBdf("test_uneven_samp.edf"));
    double[][] mat = Fixtures.matRows("test_uneven_samp.mat", "data");
    assertEquals(2, r.channelCount());
    assertEquals(100.0, r.samplingRate(0));
    assertEquals(12.8, r.samplingRate(1));
    assertEquals("V", r.channels().get(0).unit());
    assertEquals("uV", r.channels().get(1).unit());
    int[] repeat = {16, 125};
    double worst = 0;
    for (int c = 0; c < 2; c++) {
      double[] ours = r.data(c);
      double[] rep = new double[ours.length * repeat[c]];
      for (int i = 0; i < rep.length; i++) {
        rep[i] = ours[i / repeat[c]];
      }
      assertEquals(176000, rep.length);
      assertClose("test_uneven_samp signal " + c, mat[c], rep, FLOAT32_REL, 0);
      worst = Math.max(worst, Fixtures.maxAbsDiff(rep, mat[c]));
    }
    System.out.println("test_uneven_samp vs .mat: max |diff| = " + worst + " (file units)");
  }
}
