package io.github.kd4j.eeg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Channel selection, time ranges, status handling and builder checks on the real files. */
class RecordingReaderTest {
  private static Recording s001;
  private static Recording uneven;
  private static Recording stim;

  @BeforeAll
  static void readAll() throws IOException {
    s001 = RecordingReader.defaults().read(Fixtures.edfBdf("S001R03.edf"));
    uneven = RecordingReader.defaults().read(Fixtures.edfBdf("test_uneven_samp.edf"));
    stim = RecordingReader.defaults().read(Fixtures.edfBdf("test_bdf_stim_channel.bdf"));
  }

  private static Recording read(RecordingReader reader, String file) {
    try {
      return reader.read(Fixtures.edfBdf(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Samples a read of [tmin, tmax] must hold: rint(tmin fs) .. rint(tmax fs) of the full read; and
   * it reads no record outside those holding them.
   */
  private static void assertSlice(Recording full, Recording part, double tmin, double tmax) {
    assertEquals(full.channelLabels(), part.channelLabels());
    int minRecord = Integer.MAX_VALUE;
    int maxRecord = -1;
    for (int c = 0; c < full.channelCount(); c++) {
      int spr = full.channels().get(c).samplesPerRecord();
      minRecord = Math.min(minRecord, (int) Math.rint(tmin * full.samplingRate(c)) / spr);
      maxRecord = Math.max(maxRecord, (int) Math.rint(tmax * full.samplingRate(c)) / spr);
    }
    assertArrayEquals(new int[] {minRecord, maxRecord}, part.recordsRead(), "records read");
    for (int c = 0; c < full.channelCount(); c++) {
      double fs = full.samplingRate(c);
      int a = (int) Math.rint(tmin * fs);
      int b = (int) Math.rint(tmax * fs);
      assertEquals(a, part.firstSampleIndex(c), "first sample of channel " + c);
      assertArrayEquals(
          Arrays.copyOfRange(full.data(c), a, b + 1),
          part.data(c),
          "channel " + c + " of [" + tmin + ", " + tmax + "]");
    }
  }

  @Test
  void timeRangeReadEqualsSliceOfFullRead() {
    // S001R03: 125 records of 1 s at 160 Hz; last sample at 124.99375 s
    qt().withExamples(60)
        .forAll(doubles().between(0, 124.99), doubles().between(0, 1))
        .check(
            (t0, frac) -> {
              double t1 = t0 + frac * (124.99375 - t0);
              Recording part =
                  read(RecordingReader.builder().timeRange(t0, t1).build(), "S001R03.edf");
              assertSlice(s001, part, t0, t1);
              return true;
            });
  }

  @Test
  void timeRangeWithUnevenRatesSlicesEachChannelAtItsOwnRate() {
    // 100 Hz and 12.8 Hz, 10-s records; the 12.8 Hz signal ends at 1407 / 12.8 = 109.921875 s
    qt().withExamples(40)
        .forAll(doubles().between(0, 109.9), doubles().between(0, 1))
        .check(
            (t0, frac) -> {
              double t1 = t0 + frac * (109.921875 - t0);
              Recording part =
                  read(RecordingReader.builder().timeRange(t0, t1).build(), "test_uneven_samp.edf");
              assertSlice(uneven, part, t0, t1);
              return true;
            });
  }

  @Test
  void timeRangeSlicesTheStatusChannelToo() throws IOException {
    Recording part =
        RecordingReader.builder()
            .timeRange(2.0, 3.5)
            .build()
            .read(Fixtures.edfBdf("test_bdf_stim_channel.bdf"));
    StatusChannel s = part.status().orElseThrow();
    assertEquals(1000, s.firstSampleIndex());
    assertArrayEquals(
        Arrays.copyOfRange(stim.status().orElseThrow().rawValues(), 1000, 1751), s.rawValues());
  }

  @Test
  void singleSampleRangeAndWholeFileRange() throws IOException {
    Recording one =
        RecordingReader.builder().timeRange(10, 10).build().read(Fixtures.edfBdf("S001R03.edf"));
    assertEquals(1, one.sampleCount(0));
    assertEquals(s001.data(5)[1600], one.data(5)[0]);
    Recording all =
        RecordingReader.builder()
            .timeRange(0, 19999 / 160.0)
            .build()
            .read(Fixtures.edfBdf("S001R03.edf"));
    assertSlice(s001, all, 0, 19999 / 160.0);
  }

  @Test
  void timeRangeBeyondTheLastSampleNamesTheLimitAndTheFile() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordingReader.builder()
                    .timeRange(100, 125.0)
                    .build()
                    .read(Fixtures.edfBdf("S001R03.edf")));
    assertTrue(e.getMessage().contains("tmax must be <= 124.99375 s"), e.getMessage());
    assertTrue(e.getMessage().contains("S001R03.edf"), e.getMessage());
    assertTrue(e.getMessage().contains("got 125.0"), e.getMessage());
    // the slow channel ends first in the uneven file: rint(109.99 * 12.8) = 1408 > 1407
    IllegalArgumentException slow =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordingReader.builder()
                    .timeRange(0, 109.99)
                    .build()
                    .read(Fixtures.edfBdf("test_uneven_samp.edf")));
    assertTrue(slow.getMessage().contains("'0.2Hz Blk 1/0uV' at 12.8 Hz"), slow.getMessage());
  }

  @Test
  void builderRejectsBadTimeRangesAtOnce() {
    IllegalArgumentException neg =
        assertThrows(
            IllegalArgumentException.class, () -> RecordingReader.builder().timeRange(-1, 2));
    assertEquals("tmin must be a finite number >= 0 s, got -1.0", neg.getMessage());
    IllegalArgumentException rev =
        assertThrows(
            IllegalArgumentException.class, () -> RecordingReader.builder().timeRange(3, 2));
    assertEquals("tmax must be finite and >= tmin (3.0 s), got 2.0", rev.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> RecordingReader.builder().timeRange(0, Double.NaN));
  }

  @Test
  void selectionByExactLabelLooseNameAndIndexAgree() throws IOException {
    Path f = Fixtures.edfBdf("S001R03.edf");
    Recording exact = RecordingReader.builder().channels("Cz..", "Fc5.").build().read(f);
    Recording loose = RecordingReader.builder().channels("cz", "FC5").build().read(f);
    Recording index = RecordingReader.builder().channelIndices(10, 0).build().read(f);
    assertEquals(List.of("Cz..", "Fc5."), exact.channelLabels());
    assertEquals(List.of("Cz..", "Fc5."), loose.channelLabels());
    assertEquals(List.of("Cz..", "Fc5."), index.channelLabels());
    assertArrayEquals(s001.data(10), exact.data(0));
    assertArrayEquals(s001.data(0), loose.data(1));
    assertArrayEquals(exact.data(0), index.data(0));
    assertEquals(10, s001.indexOf("CZ"));
    assertEquals(30, exact.annotations().size());
  }

  @Test
  void unknownChannelSuggestsCloseLabels() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordingReader.builder()
                    .channels("Cz", "Czz")
                    .build()
                    .read(Fixtures.edfBdf("S001R03.edf")));
    assertEquals(
        "channel 'Czz' not found in S001R03.edf; Did you mean 'Cz..' or 'Cpz.'?", e.getMessage());
    IllegalArgumentException far =
        assertThrows(IllegalArgumentException.class, () -> stim.indexOf("EOG-left"));
    assertTrue(
        far.getMessage().startsWith("channel 'EOG-left' not found in test_bdf_stim_channel.bdf;"),
        far.getMessage());
    assertTrue(far.getMessage().contains("available channels: 'C3', 'C4', 'Cz'"));
  }

  @Test
  void ambiguousLooseNameIsRejected() {
    // labels "A1" and "a1.." would both match "a1"; build such a list through the resolver
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChannelNames.resolve("a1", List.of("A1", "B1", "a1.."), "x.edf"));
    assertEquals(
        "channel 'a1' is ambiguous in x.edf when case and trailing dots are ignored: it matches"
            + " 'A1', 'a1..'; use the exact label",
        e.getMessage());
    assertEquals(2, ChannelNames.resolve("a1..", List.of("A1", "B1", "a1.."), "x.edf"));
  }

  @Test
  void indexOutOfRangeAndAnnotationSignalsAreRejected() {
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordingReader.builder()
                    .channelIndices(65)
                    .build()
                    .read(Fixtures.edfBdf("S001R03.edf")));
    assertEquals(
        "channel index must be < 65 (the number of signals in S001R03.edf), got 65",
        big.getMessage());
    IllegalArgumentException tal =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RecordingReader.builder()
                    .channels("EDF Annotations")
                    .build()
                    .read(Fixtures.edfBdf("S001R03.edf")));
    assertTrue(tal.getMessage().contains("is an annotation signal"), tal.getMessage());
    IllegalStateException both =
        assertThrows(
            IllegalStateException.class,
            () -> RecordingReader.builder().channels("Cz..").channelIndices(1).build());
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RecordingReader.builder().channels());
    assertThrows(
        IllegalArgumentException.class, () -> RecordingReader.builder().channelIndices(-1));
  }

  @Test
  void statusIsKeptApartUnlessRequested() throws IOException {
    assertFalse(stim.channelLabels().contains("Status"));
    Recording with =
        RecordingReader.builder()
            .includeStatus(true)
            .build()
            .read(Fixtures.edfBdf("test_bdf_stim_channel.bdf"));
    assertEquals(List.of("C3", "C4", "Cz", "Status"), with.channelLabels());
    Recording explicit =
        RecordingReader.builder()
            .channels("status")
            .build()
            .read(Fixtures.edfBdf("test_bdf_stim_channel.bdf"));
    assertEquals(List.of("Status"), explicit.channelLabels());
    // as a data channel it is scaled like any signal: digital * gain + offset
    ChannelHeader h = explicit.channels().get(0);
    int[] raw = stim.status().orElseThrow().rawValues();
    double[] phys = explicit.data(0);
    for (int i = 0; i < raw.length; i += 97) {
      int signed = raw[i] >= (1 << 23) ? raw[i] - (1 << 24) : raw[i];
      assertEquals(signed * h.gain() + h.offset(), phys[i], 0.0, "sample " + i);
    }
  }

  @Test
  void voltsFollowMneUnitRules() {
    assertEquals(1e-6, s001.channels().get(0).voltsPerUnit().getAsDouble());
    assertEquals(1.0, uneven.channels().get(0).voltsPerUnit().getAsDouble());
    assertArrayEquals(uneven.data(0), uneven.dataVolts(0));
    Recording withStatus = read(RecordingReader.builder().channels("Status").build(), "test.bdf");
    assertEquals("Boolean", withStatus.channels().get(0).unit());
    IllegalStateException e = assertThrows(IllegalStateException.class, withStatus::dataVolts);
    assertTrue(
        e.getMessage().contains("must have a voltage unit (uV, µV, mV or V)")
            && e.getMessage().contains("got 'Boolean'"),
        e.getMessage());
  }

  @Test
  void recordingIsImmutableAndSelectResolvesNames() {
    double[] d = s001.data(3);
    d[0] = 1e9;
    assertTrue(s001.data(3)[0] != 1e9);
    Recording sub = s001.select(List.of("cz", "Oz"));
    assertEquals(List.of("Cz..", "Oz.."), sub.channelLabels());
    assertArrayEquals(s001.data(10), sub.data(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s001.select(List.of("Cz", "Xx", "Yy")));
    assertTrue(e.getMessage().startsWith("2 channel(s) cannot be selected"), e.getMessage());
  }

  @Test
  void headerFieldsAreReadAsWritten() throws IOException {
    RecordingHeader h = RecordingReader.readHeader(Fixtures.edfBdf("test_uneven_samp.edf"));
    assertEquals(RecordingFormat.EDF, h.format());
    assertEquals(11, h.numRecords());
    assertEquals(10.0, h.recordDuration());
    assertEquals(768, h.headerBytes());
    ChannelHeader s1 = h.signals().get(1);
    assertEquals("0.2Hz Blk 1/0uV", s1.label());
    assertEquals(0.0, s1.physicalMin());
    assertEquals(1.0, s1.physicalMax());
    assertEquals(-100, s1.digitalMin());
    assertEquals(1000, s1.digitalMax());
    assertEquals(128, s1.samplesPerRecord());
    // integer digital values never fall on the physical extremes' offset by accident
    assertEquals(-100 * s1.gain() + s1.offset(), 0.0, 1e-15);
    assertEquals(1000 * s1.gain() + s1.offset(), 1.0, 1e-15);
    RecordingHeader bdf = RecordingReader.readHeader(Fixtures.edfBdf("test.bdf"));
    assertEquals(RecordingFormat.BDF, bdf.format());
    assertEquals("24BIT", bdf.reserved());
    assertFalse(bdf.isPlus());
    assertEquals(-8388608, bdf.signals().get(0).digitalMin());
    assertTrue(RecordingReader.readHeader(Fixtures.edfBdf("test.edf")).isPlus());
  }

  @Test
  void channelIndicesMayRepeatAndReorder() {
    qt().withExamples(20)
        .forAll(integers().between(0, 63), integers().between(0, 63))
        .check(
            (a, b) -> {
              Recording r =
                  read(RecordingReader.builder().channelIndices(a, b, a).build(), "S001R03.edf");
              return Arrays.equals(r.data(0), s001.data(a))
                  && Arrays.equals(r.data(1), s001.data(b))
                  && Arrays.equals(r.data(2), s001.data(a));
            });
  }
}
