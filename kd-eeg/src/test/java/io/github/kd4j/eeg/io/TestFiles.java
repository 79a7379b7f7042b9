package io.github.kd4j.eeg.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes small EDF/BDF files for tests, straight from the specification's layout. */
final class TestFiles {
  /** One signal: header values and its digital samples (numRecords * samplesPerRecord). */
  record Signal(
      String label,
      String unit,
      double pmin,
      double pmax,
      int dmin,
      int dmax,
      int samplesPerRecord,
      int[] digital) {}

  private TestFiles() {}

  /**
   * Writes a file; {@code tals[r]} (may be null) is the annotation text of record r, written into
   * an {@code "EDF Annotations"} signal of {@code talBytes} bytes per record added last.
   */
  static Path write(
      Path file,
      RecordingFormat format,
      String reserved,
      int numRecords,
      double recordDuration,
      List<Signal> signals,
      String[] tals,
      int talBytes)
      throws IOException {
    int bps = format.bytesPerSample();
    List<Signal> all = new ArrayList<>(signals);
    boolean hasTal = tals != null;
    int ns = all.size() + (hasTal ? 1 : 0);
    StringBuilder h = new StringBuilder();
    h.append(format == RecordingFormat.EDF ? "0       " : "?BIOSEMI");
    h.append(pad("X X X X", 80)).append(pad("Startdate 02-JAN-2021 X X X", 80));
    h.append("02.01.21").append("03.04.05");
    h.append(pad(Integer.toString(256 * (ns + 1)), 8)).append(pad(reserved, 44));
    h.append(pad(Integer.toString(numRecords), 8));
    h.append(pad(String.format(Locale.ROOT, "%s", trim(recordDuration)), 8));
    h.append(pad(Integer.toString(ns), 4));
    String talLabel = format == RecordingFormat.EDF ? "EDF Annotations" : "BDF Annotations";
    for (Signal s : all) {
      h.append(pad(s.label(), 16));
    }
    if (hasTal) {
      h.append(pad(talLabel, 16));
    }
    appendEach(h, all, hasTal, 80, s -> "", "");
    appendEach(h, all, hasTal, 8, Signal::unit, "");
    appendEach(h, all, hasTal, 8, s -> trim(s.pmin()), "-1");
    appendEach(h, all, hasTal, 8, s -> trim(s.pmax()), "1");
    appendEach(h, all, hasTal, 8, s -> Integer.toString(s.dmin()), "-32768");
    appendEach(h, all, hasTal, 8, s -> Integer.toString(s.dmax()), "32767");
    appendEach(h, all, hasTal, 80, s -> "", "");
    appendEach(h, all, hasTal, 8, s -> Integer.toString(s.samplesPerRecord()), "" + talBytes / bps);
    appendEach(h, all, hasTal, 32, s -> "", "");
    byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (format == RecordingFormat.BDF) {
      header[0] = (byte) 0xFF;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    // a count of -1 is written as such; the records come from the data
    int written = all.get(0).digital().length / all.get(0).samplesPerRecord();
    for (int r = 0; r < written; r++) {
      for (Signal s : all) {
        for (int i = 0; i < s.samplesPerRecord(); i++) {
          int d = s.digital()[r * s.samplesPerRecord() + i];
          for (int b = 0; b < bps; b++) {
            out.write((d >> (8 * b)) & 0xFF);
          }
        }
      }
      if (hasTal) {
        byte[] t = tals[r] == null ? new byte[0] : tals[r].getBytes(StandardCharsets.UTF_8);
        if (t.length > talBytes) {
          throw new IllegalArgumentException("TAL of record " + r + " longer than " + talBytes);
        }
        out.write(t);
        out.write(new byte[talBytes - t.length]);
      }
    }
    Files.write(file, out.toByteArray());
    return file;
  }

  private interface Field {
    String of(Signal s);
  }

  private static void appendEach(
      StringBuilder h, List<Signal> all, boolean tal, int width, Field f, String talValue) {
    for (Signal s : all) {
      h.append(pad(f.of(s), width));
    }
    if (tal) {
      h.append(pad(talValue, width));
    }
  }

  private static String trim(double v) {
    String s = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    return s.length() > 8 ? s.substring(0, 8) : s;
  }

  static String pad(String s, int width) {
    if (s.length() > width) {
      throw new IllegalArgumentException("'" + s + "' longer than " + width);
    }
    return s + " ".repeat(width - s.length());
  }
}
