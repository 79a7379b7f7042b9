package io.github.kd4j.eeg.mahnob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;

/**
 * Entries of a MAHNOB folder that used to vanish without a word (a dangling link, a look-alike
 * name), and MAT files whose errors did not name them (truncated, inflated, a directory, a FIFO).
 */
class MahnobDirectoryTest {
  private static final String GOOD = "P9-features-resamp4hz-trial-4.mat";

  @TempDir Path tmp;

  private Path write(Path dir, String name) throws IOException {
    MatFile mat = Mat5.newMatFile();
    mat.addArray("target", MahnobMalformedFileTest.matrix(1, 3, MatlabType.Single, 0.25));
    mat.addArray(
        "eeg_band_feats_full", MahnobMalformedFileTest.matrix(3, 128, MatlabType.Single, 1));
    mat.addArray("face_feats", MahnobMalformedFileTest.matrix(3, 327, MatlabType.Single, 2));
    Path p = dir.resolve(name);
    Mat5.writeToFile(mat, p.toString());
    return p;
  }

  /** Runs {@code r} and returns what it wrote to System.err (where slf4j-simple logs). */
  private static String stderrOf(ThrowingRunnable r) throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void lookAlikeNamesAreSkippedWithAWarningNamingThem() throws Exception {
    write(tmp, GOOD);
    List<String> lookAlikes =
        List.of(
            "P09-features-resamp4hz-trial-4.mat",
            "P9-features-resamp4hz-trial-6.MAT",
            "p9_features_resamp4hz_trial_5.mat",
            "P9-features-resamp4hz-trial-4.mat.bak");
    for (String n : lookAlikes) {
      write(tmp, n);
    }
    write(tmp, "lable_continous_Mahnob.mat");
    List<MahnobTrial>[] trials = new List[1];
    String log = stderrOf(() -> trials[0] = MahnobFeatures.defaults().readDirectory(tmp));
    assertEquals(List.of("P9-trial-4"), trials[0].stream().map(MahnobTrial::id).toList());
    assertTrue(log.contains("WARN"), log);
    assertTrue(log.contains("skipped 4 file(s) that look like feature files"), log);
    for (String n : lookAlikes) {
      assertTrue(log.contains(n), n + " must be named in:\n" + log);
    }
    assertTrue(!log.contains("lable_continous_Mahnob.mat"), "not a look-alike:\n" + log);
  }

  @Test
  void onlyLookAlikesIsAnErrorListingThem() throws IOException {
    write(tmp, "P01-features-resamp4hz-trial-2.mat");
    MahnobFormatException e =
        assertThrows(
            MahnobFormatException.class, () -> MahnobFeatures.defaults().readDirectory(tmp));
    assertTrue(
        e.getMessage()
            .endsWith("got none (look-alike names: [P01-features-resamp4hz-trial-2.mat])"),
        e.getMessage());
  }

  @Test
  void danglingLinkWithATrialNameIsAnError() throws IOException {
    write(tmp, GOOD);
    Path target = tmp.resolve("elsewhere/P9-features-resamp4hz-trial-6.mat");
    Files.createSymbolicLink(tmp.resolve("P9-features-resamp4hz-trial-6.mat"), target);
    MahnobFormatException e =
        assertThrows(
            MahnobFormatException.class, () -> MahnobFeatures.defaults().readDirectory(tmp));
    assertEquals(
        "P9-features-resamp4hz-trial-6.mat: must be a readable regular file, got a dangling"
            + " symbolic link to "
            + target
            + "; remove or fix it",
        e.getMessage());
  }

  @Test
  void directoryOrFifoWithATrialNameIsAnErrorAndDoesNotBlock() throws Exception {
    write(tmp, GOOD);
    Path dir = Files.createDirectory(tmp.resolve("P9-features-resamp4hz-trial-8.mat"));
    assertTrue(
        assertThrows(
                MahnobFormatException.class, () -> MahnobFeatures.defaults().readDirectory(tmp))
            .getMessage()
            .endsWith("must be a readable regular file, got a directory; remove or fix it"));
    assertEquals(
        "P9-features-resamp4hz-trial-8.mat: must be a regular MAT v5 file, got a directory",
        assertThrows(MahnobFormatException.class, () -> MahnobFeatures.defaults().read(dir))
            .getMessage());
    Files.delete(dir);
    Path fifo = tmp.resolve("P9-features-resamp4hz-trial-10.mat");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertTrue(
              assertThrows(
                      MahnobFormatException.class,
                      () -> MahnobFeatures.defaults().readDirectory(tmp))
                  .getMessage()
                  .contains("got not a regular file (a FIFO, socket or device)"));
          assertThrows(MahnobFormatException.class, () -> MahnobFeatures.defaults().read(fifo));
        });
  }

  @Test
  void truncatedAndInflatedFilesNameTheFileAndTheSize() throws IOException {
    Path good = write(tmp, GOOD);
    byte[] bytes = Files.readAllBytes(good);
    Path dir = Files.createDirectory(tmp.resolve("bad"));
    Path truncated = dir.resolve(GOOD);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    MahnobFormatException t =
        assertThrows(MahnobFormatException.class, () -> MahnobFeatures.defaults().read(truncated));
    assertTrue(
        t.getMessage()
            .startsWith(
                GOOD
                    + ": must be a readable MAT v5 file of consistent element sizes (the file has "
                    + bytes.length / 2
                    + " bytes; truncated or corrupted?), got "),
        t.getMessage());
    // inflated: the first data element (at byte 128) claims far more bytes than the file has
    byte[] inflated = bytes.clone();
    int at = 128 + 4; // little-endian tag: type (4 bytes), then number of bytes (4 bytes)
    inflated[at] = (byte) 0xF0;
    inflated[at + 1] = (byte) 0xFF;
    inflated[at + 2] = (byte) 0xFF;
    inflated[at + 3] = (byte) 0x7F;
    Files.write(truncated, inflated);
    MahnobFormatException i =
        assertThrows(MahnobFormatException.class, () -> MahnobFeatures.defaults().read(truncated));
    assertTrue(
        i.getMessage().startsWith(GOOD + ": must be a readable MAT v5 file"), i.getMessage());
    assertTrue(i.getMessage().contains("(the file has " + bytes.length + " bytes"), i.getMessage());
  }
}
