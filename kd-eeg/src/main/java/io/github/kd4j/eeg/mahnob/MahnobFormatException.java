package io.github.kd4j.eeg.mahnob;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A MAHNOB-HCI feature or label file that cannot be used: unreadable MAT data, a missing or
 * misshapen field, non-finite values, streams of different lengths, or a file name outside the
 * {@code P{subject}-features-resamp4hz-trial-{trial}.mat} pattern. The message names the file, the
 * field and, for values, the index.
 */
public final class MahnobFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  MahnobFormatException(Path file, String message) {
    super(file.getFileName() + ": " + message);
    this.file = file;
  }

  MahnobFormatException(Path file, String message, Throwable cause) {
    super(file.getFileName() + ": " + message, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
