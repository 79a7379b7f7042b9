package io.github.kd4j.eeg.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parser of EDF+ time-stamped annotation lists: {@code +onset[0x15 duration] 0x14 text 0x14 ...
 * 0x00}, several per data record, padded with 0x00.
 */
final class Tals {
  private static final Pattern ONSET = Pattern.compile("[+-]\\d+(\\.\\d*)?");
  private static final Pattern DURATION = Pattern.compile("\\d+(\\.\\d*)?");

  private Tals() {}

  /** Receives raw TALs: onset and duration as written (no time-keeping offset applied yet). */
  interface Sink {
    void tal(double onset, double duration, List<String> texts, boolean firstInRecord);
  }

  /**
   * Parses the annotation bytes of one data record.
   *
   * @param fileOffset byte offset of {@code bytes[0]} in the file, for error messages
   */
  static void parse(Path file, String label, byte[] bytes, long fileOffset, Sink sink)
      throws RecordingFormatException {
    int pos = 0;
    boolean first = true;
    while (pos < bytes.length) {
      if (bytes[pos] == 0) {
        pos++;
        continue;
      }
      int start = pos;
      int end = start;
      while (end < bytes.length && bytes[end] != 0) {
        end++;
      }
      if (end == bytes.length) {
        throw error(
            file, label, fileOffset + start, "TAL must end with 0x14 0x00, got end of record");
      }
      // onset [0x15 duration] 0x14 (text 0x14)*
      int p = start;
      while (p < end && bytes[p] != 0x14 && bytes[p] != 0x15) {
        p++;
      }
      String onsetText = new String(bytes, start, p - start, StandardCharsets.US_ASCII);
      if (!ONSET.matcher(onsetText).matches()) {
        throw error(
            file,
            label,
            fileOffset + start,
            "TAL onset must be '+' or '-' followed by seconds, got \""
                + RecordingHeader.printable(bytes, start, p - start)
                + "\"");
      }
      double duration = 0;
      if (p < end && bytes[p] == 0x15) {
        int q = p + 1;
        while (q < end && bytes[q] != 0x14) {
          q++;
        }
        String durText = new String(bytes, p + 1, q - p - 1, StandardCharsets.US_ASCII);
        if (!DURATION.matcher(durText).matches()) {
          throw error(
              file,
              label,
              fileOffset + p + 1,
              "TAL duration must be a number of seconds, got \""
                  + RecordingHeader.printable(bytes, p + 1, q - p - 1)
                  + "\"");
        }
        duration = Double.parseDouble(durText);
        p = q;
      }
      if (p >= end || bytes[end - 1] != 0x14) {
        throw error(
            file,
            label,
            fileOffset + start,
            "TAL must have its texts between 0x14 bytes and end with 0x14 0x00, got \""
                + RecordingHeader.printable(bytes, start, end - start)
                + "\"");
      }
      // texts between p and end - 1, separated by 0x14
      String all = new String(bytes, p + 1, end - 1 - (p + 1), StandardCharsets.UTF_8);
      List<String> texts = List.of(all.split("\u0014", -1));
      if (p + 1 > end - 1) {
        texts = List.of();
      }
      sink.tal(Double.parseDouble(onsetText), duration, texts, first);
      first = false;
      pos = end + 1;
    }
  }

  private static RecordingFormatException error(
      Path file, String label, long offset, String detail) {
    return new RecordingFormatException(file, "signal '" + label + "'", offset, detail);
  }
}
