package io.github.kd4j.eeg.io;

import static io.github.kd4j.core.testing.KdAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TensorFile;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parity with MNE 1.3.0 readings written by {@code src/test/python/make_edf_fixtures.py}.
 *
 * <p>Tolerance. MNE computes {@code (digital * cal + offset) * 1e-6} in float64, which is what
 * {@link Recording#dataVolts(int)} computes, so the values should agree to the last bit; the
 * fixtures store them with {@code repr(float)} (round-trip exact). We still allow {@code 1e-12}
 * relative plus {@code 1e-18} V absolute (a few float64 ulps), so that a reordering of the two
 * floating operations would not fail the test.
 */
class MneParityTest {
  private static final String DIR = "/io/github/kd4j/eeg/io/";
  private static final double REL = 1e-12;
  private static final double ABS_V = 1e-18;

  @Test
  void unevenSamplingMatchesMneOneSignalAtATime() throws IOException {
    TensorFile mne = TensorFile.resource(DIR + "uneven_samp_mne.txt");
    Recording r = RecordingReader.defaults().read(Fixtures.edfBdf("test_uneven_samp.edf"));
    assertEquals(mne.get("sfreq0").scalar(), r.samplingRate(0));
    assertEquals(mne.get("sfreq1").scalar(), r.samplingRate(1));
    assertEquals((int) mne.get("n0").scalar(), r.sampleCount(0));
    assertEquals((int) mne.get("n1").scalar(), r.sampleCount(1));
    double[] s0 = mne.get("signal0").values();
    double[] ours0 = java.util.Arrays.copyOf(r.dataVolts(0), s0.length);
    assertClose("signal 0 (V)", s0, ours0, REL, ABS_V);
    assertClose("signal 1 (uV -> V)", mne.get("signal1").values(), r.dataVolts(1), REL, ABS_V);
    System.out.println(
        "test_uneven_samp vs MNE: max |diff| = "
            + Math.max(
                Fixtures.maxAbsDiff(ours0, s0),
                Fixtures.maxAbsDiff(r.dataVolts(1), mne.get("signal1").values()))
            + " V");
  }

  @Test
  void bdfStimChannelMatchesMneDataStatusAndEvents() throws IOException {
    TensorFile mne = TensorFile.resource(DIR + "bdf_stim_channel_mne.txt");
    Recording r = RecordingReader.defaults().read(Fixtures.edfBdf("test_bdf_stim_channel.bdf"));
    assertEquals(List.of("C3", "C4", "Cz"), r.channelLabels(), "Status is not an EEG channel");
    assertEquals(mne.get("sfreq").scalar(), r.samplingRate(0));
    int n = (int) mne.get("n_times").scalar();
    double[] eeg = mne.get("eeg").values();
    int cols = mne.get("eeg").shape()[1];
    double worst = 0;
    for (int c = 0; c < 3; c++) {
      assertEquals(n, r.sampleCount(c));
      double[] ours = java.util.Arrays.copyOf(r.dataVolts(c), cols);
      double[] ref = Fixtures.row(eeg, cols, c);
      assertClose("stim file " + r.channelLabels().get(c), ref, ours, REL, ABS_V);
      worst = Math.max(worst, Fixtures.maxAbsDiff(ours, ref));
    }
    System.out.println("test_bdf_stim_channel vs MNE: max |diff| = " + worst + " V");

    StatusChannel status = r.status().orElseThrow();
    assertEquals("Status", status.header().label());
    int[] raw = status.rawValues();
    int[] codes = status.triggerCodes();
    double[] mneStatus = mne.get("status").values();
    assertEquals(mneStatus.length, codes.length);
    for (int i = 0; i < codes.length; i++) {
      assertEquals(mneStatus[i], codes[i], "trigger code at sample " + i);
      assertEquals(0x1C0000, raw[i] & ~0xFFFF, "BioSemi system bits at sample " + i);
    }
    // find_events (defaults: an event where the code changes to a non-zero value, first sample
    // excluded): the same sample, previous value and code
    double[] ev = mne.get("events").values();
    List<int[]> ours = new ArrayList<>();
    for (int i = 1; i < codes.length; i++) {
      if (codes[i] != codes[i - 1] && codes[i] != 0) {
        ours.add(new int[] {i, codes[i - 1], codes[i]});
      }
    }
    assertEquals(ev.length / 3, ours.size(), "number of events");
    for (int e = 0; e < ours.size(); e++) {
      assertArrayEquals(
          new int[] {(int) ev[3 * e], (int) ev[3 * e + 1], (int) ev[3 * e + 2]},
          ours.get(e),
          "event " + e);
    }
  }

  @Test
  void s001r03ChannelsAnnotationsAndSamplesMatchMne() throws IOException {
    Recording r = RecordingReader.defaults().read(Fixtures.edfBdf("S001R03.edf"));
    assertEquals(Fixtures.lines(DIR + "s001r03_channels.txt"), r.channelLabels());
    assertEquals(64, r.channelCount());
    assertEquals("Cz..", r.channelLabels().get(10));
    assertEquals(125, r.numRecords());
    assertEquals(1.0, r.recordDuration());
    assertTrue(r.status().isEmpty());

    List<Annotation> expected = Fixtures.annotations(DIR + "s001r03_annotations.tsv");
    assertEquals(30, expected.size());
    assertAnnotations(expected, r.annotations());

    TensorFile mne = TensorFile.resource(DIR + "s001r03_mne.txt");
    assertEquals(mne.get("sfreq").scalar(), r.samplingRate(0));
    assertEquals((int) mne.get("n_times").scalar(), r.sampleCount(0));
    double[] picks = mne.get("pick_index").values();
    double[] head = mne.get("head").values();
    int cols = mne.get("head").shape()[1];
    double worst = 0;
    for (int p = 0; p < picks.length; p++) {
      double[] ours = java.util.Arrays.copyOf(r.dataVolts((int) picks[p]), cols);
      double[] ref = Fixtures.row(head, cols, p);
      assertClose("S001R03 " + r.channelLabels().get((int) picks[p]), ref, ours, REL, ABS_V);
      worst = Math.max(worst, Fixtures.maxAbsDiff(ours, ref));
    }
    System.out.println("S001R03 vs MNE: max |diff| = " + worst + " V");
  }

  @Test
  void timeRangeMatchesMneCropIncludingTmax() throws IOException {
    TensorFile mne = TensorFile.resource(DIR + "s001r03_mne.txt");
    Recording r =
        RecordingReader.builder()
            .channels("Fc5.", "C3..", "Cz..", "Oz..", "Iz..")
            .timeRange(60.0, 61.5)
            .build()
            .read(Fixtures.edfBdf("S001R03.edf"));
    double[] cropped = mne.get("cropped").values();
    int cols = mne.get("cropped").shape()[1];
    assertEquals(241, cols, "MNE crop(60, 61.5) at 160 Hz keeps 241 samples");
    for (int c = 0; c < 5; c++) {
      assertEquals(9600, r.firstSampleIndex(c));
      assertClose(
          "S001R03 crop " + r.channelLabels().get(c),
          Fixtures.row(cropped, cols, c),
          r.dataVolts(c),
          REL,
          ABS_V);
    }
    assertEquals(30, r.annotations().size(), "annotations are those of the whole file");
    assertArrayEquals(new int[] {60, 61}, r.recordsRead(), "only records 60 and 61 are read");
  }

  @Test
  void testEdfAnnotationsMatchMne() throws IOException {
    Recording r = RecordingReader.defaults().read(Fixtures.edfBdf("test.edf"));
    assertAnnotations(Fixtures.annotations(DIR + "test_edf_annotations.tsv"), r.annotations());
    assertEquals(138, r.channelCount(), "no Status, no annotations");
    assertEquals("Status", r.status().orElseThrow().header().label());
  }

  @Test
  void startDatesMatchMneMeasDate() throws IOException {
    for (String line : Fixtures.lines(DIR + "meas_dates.tsv")) {
      String[] f = line.split("\t");
      RecordingHeader h = RecordingReader.readHeader(Fixtures.edfBdf(f[0]));
      assertEquals(LocalDateTime.parse(f[1]), h.startDateTime().orElseThrow(), f[0]);
    }
  }

  private static void assertAnnotations(List<Annotation> expected, List<Annotation> actual) {
    assertEquals(expected.size(), actual.size(), "number of annotations");
    for (int i = 0; i < expected.size(); i++) {
      Annotation e = expected.get(i);
      Annotation a = actual.get(i);
      assertEquals(e.text(), a.text(), "text of annotation " + i);
      assertEquals(e.onsetSeconds(), a.onsetSeconds(), 1e-9, "onset of annotation " + i);
      assertEquals(e.durationSeconds(), a.durationSeconds(), 1e-9, "duration of annotation " + i);
    }
  }
}
