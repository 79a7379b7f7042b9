package io.github.kd4j.core.protocol;

import java.io.IOException;
import java.nio.file.Path;

/** A fold file that cannot be read: the message names the file and, where known, the line. */
public final class FoldFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  FoldFileException(Path file, int line, String message) {
    super(file + (line > 0 ? ":" + line : "") + ": " + message);
    this.file = file;
    this.line = line;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
