package io.github.kd4j.eeg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that used to read "fine" or fail without naming the file: non-finite physical ranges
 * (which gave infinite samples), and paths that are not regular files (a directory failed with "Is
 * a directory" and no path; a FIFO blocked forever).
 */
class InputFileIntegrityTest {
  private static final int NS = 65; // S001R03.edf
  private static final int PMIN_AT = 256 + (16 + 80 + 8) * NS;
  private static final int PMAX_AT = PMIN_AT + 8 * NS;

  @TempDir Path tmp;

  private Path copy(String name) throws IOException {
    Path p = tmp.resolve(name);
    Files.copy(Fixtures.edfBdf(name), p);
    p.toFile().setWritable(true);
    return p;
  }

  private static void setField(Path p, int offset, String value) throws IOException {
    byte[] b = Files.readAllBytes(p);
    byte[] v = String.format("%-8s", value).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(v, 0, b, offset, 8);
    Files.write(p, b);
  }

  private static RecordingFormatException fails(Path p) {
    return assertThrows(RecordingFormatException.class, () -> RecordingReader.defaults().read(p));
  }

  @Test
  void physicalMaximumThatOverflowsToInfinityIsRefused() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, PMAX_AT + 3 * 8, "1e999");
    RecordingFormatException e = fails(p);
    assertEquals("header field 'physical maximum' of signal 3 ('Fcz.')", e.field());
    assertEquals(PMAX_AT + 24, e.offset());
    assertTrue(
        e.getMessage()
            .endsWith("physical maximum must be a finite number, got Infinity (\"1e999   \")"),
        e.getMessage());
    // the header alone is refused too, not only the samples
    assertThrows(RecordingFormatException.class, () -> RecordingReader.readHeader(p));
  }

  @Test
  void physicalMinimumThatOverflowsIsRefused() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, PMIN_AT, "-1e999");
    RecordingFormatException e = fails(p);
    assertEquals("header field 'physical minimum' of signal 0 ('Fc5.')", e.field());
    assertTrue(e.getMessage().contains("must be a finite number, got -Infinity"), e.getMessage());
  }

  @Test
  void finiteRangeWhoseGainOverflowsIsRefused() throws IOException {
    Path p = copy("S001R03.edf");
    setField(p, PMIN_AT + 8, "-1e308");
    setField(p, PMAX_AT + 8, "1e308");
    RecordingFormatException e = fails(p);
    assertEquals("header field 'physical maximum' of signal 1 ('Fc3.')", e.field());
    assertTrue(
        e.getMessage()
            .contains(
                "physical range must map every EDF digital value to a finite, distinct physical"
                    + " value, got physical [-1.0E308, 1.0E308]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("gain Infinity"), e.getMessage());
  }

  @Test
  void largeButFiniteRangeStillReadsFiniteSamples() throws IOException {
    // 1e300 over 16184 digital steps: every 16-bit value maps to a finite physical value
    Path p = copy("S001R03.edf");
    setField(p, PMIN_AT + 8, "-1e300");
    setField(p, PMAX_AT + 8, "1e300");
    Recording r = RecordingReader.builder().channelIndices(1).build().read(p);
    for (double v : r.data(0)) {
      assertTrue(Double.isFinite(v), "sample " + v);
    }
  }

  @Test
  void directoryIsNamed() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("not-a-file.edf"));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> RecordingReader.defaults().read(dir));
    assertEquals(
        dir + ": must be a regular EDF/BDF file, got a directory", e.getMessage(), e.getMessage());
    assertThrows(FileSystemException.class, () -> RecordingReader.readHeader(dir));
  }

  @Test
  void fifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = tmp.resolve("pipe.bdf");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mk.waitFor(), "mkfifo must succeed");
    FileSystemException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                assertThrows(
                    FileSystemException.class, () -> RecordingReader.defaults().read(fifo)));
    assertEquals(
        fifo
            + ": must be a regular EDF/BDF file, got not a regular file (a FIFO, socket or device)",
        e.getMessage());
  }

  @Test
  void danglingLinkAndMissingFileAreNamed() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("gone.edf"), tmp.resolve("nowhere.edf"));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> RecordingReader.defaults().read(link));
    assertEquals(
        link + ": must be a regular EDF/BDF file, got a dangling symbolic link", e.getMessage());
    Path missing = tmp.resolve("missing.edf");
    NoSuchFileException m =
        assertThrows(NoSuchFileException.class, () -> RecordingReader.defaults().read(missing));
    assertEquals(missing.toString(), m.getMessage());
  }
}
