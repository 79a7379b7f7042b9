package io.github.kd4j.eeg.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a readable EDF, EDF+ or BDF recording. The message and the accessors name the
 * file, the header field (or annotation signal) at fault and its byte offset from the start of the
 * file, for example {@code "test.edf: header field 'digital maximum' of signal 3 ('Cz..') at byte
 * offset 9000: digital maximum must be > digital minimum (100), got 100"}.
 */
public final class RecordingFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String field;
  private final long offset;

  /**
   * @param file the file being read
   * @param field the header field, in the words of the EDF specification
   * @param offset byte offset of the field (or the first bad byte) from the start of the file
   * @param detail what is wrong, in the shape {@code <field> must <rule>, got <value>}
   */
  RecordingFormatException(Path file, String field, long offset, String detail) {
    super(
        (file == null ? "?" : String.valueOf(file.getFileName()))
            + ": "
            + field
            + " at byte offset "
            + offset
            + ": "
            + detail);
    this.file = file;
    this.field = field;
    this.offset = offset;
  }

  /** The file that could not be read. */
  public Path file() {
    return file;
  }

  /** The header field or signal at fault, e.g. {@code "header field 'number of data records'"}. */
  public String field() {
    return field;
  }

  /** Byte offset of the field (or first bad byte) from the start of the file. */
  public long offset() {
    return offset;
  }
}
