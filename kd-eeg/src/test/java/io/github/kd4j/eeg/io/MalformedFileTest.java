package io.github.kd4j.eeg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted copies of S001R03.edf (65 signals, header 16896 bytes, records of 64 x 160 x 2 + 80 x 2
 * = 20640 bytes) and test_bdf_stim_channel.bdf: each error names the file, the field and the byte
 * offset.
 */
class MalformedFileTest {
  private static final int NS = 65;
  private static final int HEADER = 256 * (NS + 1);
  private static final int RECORD = 64 * 160 * 2 + 80 * 2;
  // per-signal field offsets of S001R03.edf (EDF layout: 256 + width-sums * ns)
  private static final int PMIN_AT = 256 + (16 + 80 + 8) * NS;
  private static final int DMIN_AT = 256 + (16 + 80 + 8 + 8 + 8) * NS;
  private static final int DMAX_AT = DMIN_AT + 8 * NS;
  private static final int NSAMP_AT = 256 + (16 + 80 + 8 + 8 + 8 + 8 + 8 + 80) * NS;

  @TempDir Path tmp;

  private int copies;

  /** A writable copy of a shared file, in its own folder so that one test can make several. */
  private Path copy(String name) throws IOException {
    Path p = Files.createDirectories(tmp.resolve("copy" + copies++)).resolve(name);
    Files.copy(Fixtures.edfBdf(name), p);
    p.toFile().setWritable(true);
    return p;
  }

  /** Overwrites a header field with {@code value}, space-padded to {@code width} bytes. */
  private static void setField(Path p, int offset, int width, String value) throws IOException {
    byte[] b = Files.readAllBytes(p);
    byte[] v = String.format("%-" + width + "s", value).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(v, 0, b, offset, width);
    Files.write(p, b);
  }

  private static void truncate(Path p, long size) throws IOException {
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, (int) size));
  }

  private static RecordingFormatException fails(Path p) {
    return assertThrows(RecordingFormatException.class, () -> RecordingReader.defaults().read(p));
  }

  private static void assertNames(RecordingFormatException e, String field, long offset) {
    assertEquals(field, e.field());
    assertEquals(offset, e.offset());
    assertTrue(
        e.getMessage()
            .startsWith(e.file().getFileName() + ": " + field + " at byte offset " + offset + ": "),
        e.getMessage());
  }

  @Test
  void truncatedFile() throws IOException {
    Path p = copy("S001R03.edf");
    long size = Files.size(p);
    assertEquals(HEADER + 125L * RECORD, size);
    truncate(p, size - 1000);
    RecordingFormatException e = fails(p);
    assertNames(e, "header field 'number of data records'", 236);
    assertEquals(
        "S001R03.edf: header field 'number of data records' at byte offset 236: file is"
            + " truncated: 125 records of 20640 bytes need 2596896 bytes, got 2595896 (data ends"
            + " at byte offset 2595896, 124 complete records)",
        e.getMessage());
  }

  @Test
  void truncatedBdfAndTruncatedHeader() throws IOException {
    Path p = copy("test_bdf_stim_channel.bdf");
    truncate(p, 4000);
    RecordingFormatException e = fails(p);
    assertNames(e, "header field 'number of data records'", 236);
    assertTrue(e.getMessage().contains("file is truncated: 10 records of 6000 bytes"));
    truncate(p, 1000); // header needs 1280 bytes
    RecordingFormatException h = fails(p);
    assertNames(h, "signal headers", 1000);
    assertTrue(h.getMessage().contains("header must be 1280 bytes for 4 signals"), h.getMessage());
    truncate(p, 100);
    assertNames(fails(p), "fixed header", 100);
  }

  @Test
  void recordCountDisagreeingWithFileSize() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, 236, 8, "124");
    RecordingFormatException e = fails(p);
    assertNames(e, "header field 'number of data records'", 236);
    assertTrue(
        e.getMessage()
            .endsWith(
                "number of data records must match the file size, got 124 records of 20640"
                    + " bytes but the file holds 2580000 data bytes (125.000 records)"),
        e.getMessage());
    setField(p, 236, 8, "126");
    assertTrue(fails(p).getMessage().contains("file is truncated: 126 records"));
    setField(p, 236, 8, "0");
    assertTrue(
        fails(p)
            .getMessage()
            .endsWith("number of data records must be > 0 or -1 (unknown), got 0"));
  }

  @Test
  void recordCountMinusOneIsInferredFromTheFileSize() throws IOException {
    Recording full = RecordingReader.defaults().read(Fixtures.edfBdf("S001R03.edf"));
    Path p = copy("S001R03.edf");
    setField(p, 236, 8, "-1");
    Recording inferred = RecordingReader.defaults().read(p);
    assertEquals(-1, inferred.header().recordCountInHeader());
    assertEquals(125, inferred.numRecords());
    assertArrayEquals(full.data(7), inferred.data(7));
    assertEquals(full.annotations(), inferred.annotations());
    // a trailing partial record is dropped (as MNE)
    truncate(p, Files.size(p) - 100);
    Recording partial = RecordingReader.defaults().read(p);
    assertEquals(124, partial.numRecords());
    assertArrayEquals(Arrays.copyOf(full.data(7), 124 * 160), partial.data(7));
  }

  @Test
  void nonNumericFields() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, PMIN_AT + 2 * 8, 8, "abc");
    RecordingFormatException e = fails(p);
    assertNames(e, "header field 'physical minimum' of signal 2 ('Fc1.')", PMIN_AT + 16);
    assertTrue(
        e.getMessage().endsWith("physical minimum must be a number, got \"abc     \""),
        e.getMessage());

    Path q = copy("test_bdf_stim_channel.bdf");
    setField(q, 236, 8, "1O");
    RecordingFormatException r = fails(q);
    assertNames(r, "header field 'number of data records'", 236);
    assertTrue(
        r.getMessage().endsWith("number of data records must be an integer, got \"1O      \""));
    setField(q, 236, 8, "10");
    setField(q, 244, 8, "one");
    assertNames(fails(q), "header field 'duration of a data record'", 244);
  }

  @Test
  void digitalMinimumNotBelowMaximum() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, DMAX_AT + 3 * 8, 8, "-8092");
    RecordingFormatException e = fails(p);
    assertNames(e, "header field 'digital maximum' of signal 3 ('Fcz.')", DMAX_AT + 24);
    assertTrue(
        e.getMessage().endsWith("digital maximum must be > digital minimum (-8092), got -8092"),
        e.getMessage());
    setField(p, DMAX_AT + 3 * 8, 8, "40000");
    assertTrue(
        fails(p)
            .getMessage()
            .endsWith("digital maximum must be in [-32768, 32767] for EDF, got 40000"));
    setField(p, DMAX_AT + 3 * 8, 8, "8092.5");
    assertTrue(
        fails(p).getMessage().endsWith("digital maximum must be an integer, got \"8092.5  \""));
  }

  @Test
  void zeroOrNegativeSampleCounts() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, NSAMP_AT + 8, 8, "0");
    RecordingFormatException e = fails(p);
    assertNames(
        e,
        "header field 'number of samples in each data record' of signal 1 ('Fc3.')",
        NSAMP_AT + 8);
    assertTrue(e.getMessage().endsWith("must be > 0, got 0"), e.getMessage());
    setField(p, NSAMP_AT + 8, 8, "-160");
    assertTrue(fails(p).getMessage().endsWith("must be > 0, got -160"));
  }

  @Test
  void badFixedHeaderFields() throws IOException {
    Path p = copy("test_bdf_stim_channel.bdf");
    byte[] b = Files.readAllBytes(p);
    b[3] = 'X';
    Files.write(p, b);
    RecordingFormatException v = fails(p);
    assertNames(v, "header field 'version'", 0);
    assertTrue(v.getMessage().contains("got \"\\xFFBIXSEMI\""), v.getMessage());

    Path q = copy("test_bdf_stim_channel.bdf");
    setField(q, 252, 4, "0");
    assertTrue(fails(q).getMessage().endsWith("number of signals must be > 0, got 0"));
    setField(q, 252, 4, "5");
    RecordingFormatException hb = fails(q);
    assertNames(hb, "header field 'number of bytes in header record'", 184);
    assertTrue(hb.getMessage().endsWith("must be 256 * (1 + 5 signals) = 1536, got 1280"));
    setField(q, 252, 4, "4");
    setField(q, 244, 8, "0");
    assertTrue(
        fails(q)
            .getMessage()
            .endsWith("duration of a data record must be a finite number > 0 s, got 0.0"));
  }

  @Test
  void malformedAnnotationListNamesTheSignalAndOffset() throws IOException {
    Path p = copy("S001R03.edf");
    long tal = HEADER + 64 * 160 * 2L; // annotation bytes of record 0
    byte[] b = Files.readAllBytes(p);
    assertEquals('+', b[(int) tal]);
    b[(int) tal] = 'x';
    Files.write(p, b);
    RecordingFormatException e = fails(p);
    assertNames(e, "signal 'EDF Annotations'", tal);
    assertTrue(
        e.getMessage().contains("TAL onset must be '+' or '-' followed by seconds, got \"x0\""),
        e.getMessage());
    // also found when the corrupted record lies outside the time range read
    RecordingFormatException ranged =
        assertThrows(
            RecordingFormatException.class,
            () -> RecordingReader.builder().timeRange(50, 60).build().read(p));
    assertEquals(tal, ranged.offset());
  }
}
