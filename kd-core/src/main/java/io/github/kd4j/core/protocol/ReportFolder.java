package io.github.kd4j.core.protocol;

import io.github.kd4j.core.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A results folder written all at once: files go into a hidden staging folder beside the target,
 * and {@link #commit()} swaps it in, so readers see the previous complete results or the new
 * complete results, never a mixture.
 *
 * <p>The folder carries the run's fingerprint in the file {@value #FINGERPRINT_FILE} (for example
 * {@link JobPlanner#fingerprint}) and, written last, the empty marker {@value #COMPLETE_MARKER}.
 * {@link #open} refuses (with a {@link FileAlreadyExistsException} naming the folder and both
 * fingerprints) a folder that holds another run's results, or any non-empty folder without a
 * fingerprint, unless {@code force} is set; a folder of the same run is replaced (results of a run
 * that has finished more jobs).
 *
 * <pre>{@code
 * try (ReportFolder out = ReportFolder.open(dir, JobPlanner.fingerprint(jobs), false)) {
 *   ProtocolReport.writeText(out.staging(), results, summary, ProtocolReport.MAHNOB_FEATURE_NOTES);
 *   out.commit();
 * }
 * }</pre>
 *
 * <p>The swap is two renames (the old folder aside, the staging folder in); between them the target
 * does not exist for an instant. Not thread-safe; one writer per folder.
 */
public final class ReportFolder implements AutoCloseable {
  /** Name of the file holding the run's fingerprint. */
  public static final String FINGERPRINT_FILE = "RUN";

  /** Name of the empty file written last into a complete folder. */
  public static final String COMPLETE_MARKER = "COMPLETE";

  private final Path dir;
  private final String fingerprint;
  private final Path staging;
  private boolean done;

  private ReportFolder(Path dir, String fingerprint, Path staging) {
    this.dir = dir;
    this.fingerprint = fingerprint;
    this.staging = staging;
  }

  /**
   * Checks the target folder and creates the staging folder.
   *
   * @param dir the results folder (created by {@link #commit()} if absent)
   * @param fingerprint the run's fingerprint: one line, non-blank
   * @param force write even over another run's results
   * @throws FileAlreadyExistsException if {@code dir} is a file, or holds another run's results and
   *     {@code force} is false
   * @throws IOException if the staging folder cannot be created
   */
  public static ReportFolder open(Path dir, String fingerprint, boolean force) throws IOException {
    Objects.requireNonNull(dir, "dir must not be null");
    TrialRef.checkName("fingerprint", fingerprint);
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new FileAlreadyExistsException(
          abs.toString(), null, "must be a folder for results, got a file");
    }
    if (Files.isDirectory(abs) && !force) {
      Path fp = abs.resolve(FINGERPRINT_FILE);
      if (Files.isRegularFile(fp)) {
        String existing = Files.readString(fp, StandardCharsets.UTF_8).strip();
        if (!existing.equals(fingerprint)) {
          throw new FileAlreadyExistsException(
              abs.toString(),
              null,
              "holds the results of another run (fingerprint "
                  + existing
                  + " in "
                  + FINGERPRINT_FILE
                  + ", this run "
                  + fingerprint
                  + "); choose another folder or force the write");
        }
      } else if (!isEmpty(abs)) {
        throw new FileAlreadyExistsException(
            abs.toString(),
            null,
            "is not empty and has no "
                + FINGERPRINT_FILE
                + " file, so it is not a results folder of this run; choose another folder or force"
                + " the write");
      }
    }
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + abs.getFileName() + ".staging-");
    return new ReportFolder(abs, fingerprint, staging);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  /** The results folder. */
  public Path dir() {
    return dir;
  }

  /**
   * The staging folder to write the results into.
   *
   * @throws IllegalStateException after {@link #commit()} or {@link #close()}
   */
  public Path staging() {
    if (done) {
      throw new IllegalStateException("staging() must be called before commit() or close()");
    }
    return staging;
  }

  /**
   * Writes the fingerprint and the completion marker into the staging folder and swaps it in.
   *
   * @throws IllegalStateException if already committed or closed
   * @throws IOException if a write or rename fails (the staging folder is then left for inspection)
   */
  public void commit() throws IOException {
    if (done) {
      throw new IllegalStateException("commit() must be called once, before close()");
    }
    AtomicFiles.write(
        staging.resolve(FINGERPRINT_FILE),
        out -> out.write((fingerprint + "\n").getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.write(staging.resolve(COMPLETE_MARKER), out -> {});
    Path old = null;
    if (Files.exists(dir)) {
      old = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".old-");
      Files.delete(old);
      move(dir, old);
    }
    move(staging, dir);
    done = true;
    if (old != null) {
      deleteTree(old);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Deletes the staging folder unless committed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      deleteTree(staging);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public String toString() {
    return "ReportFolder{" + dir + ", fingerprint " + fingerprint + (done ? ", closed" : "") + "}";
  }
}
