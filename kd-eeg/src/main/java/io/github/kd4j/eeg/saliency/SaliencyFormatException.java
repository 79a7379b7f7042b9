package io.github.kd4j.eeg.saliency;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saliency CSV file that cannot be read: wrong header, a malformed or non-finite value, a band
 * with inconsistent edges, or a subject whose rows do not cover every channel x band pair exactly
 * once. The message names the file and the line.
 */
public final class SaliencyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  SaliencyFormatException(Path file, String message) {
    super(file.getFileName() + ": " + message);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
