package io.github.kd4j.examples.cli;

import io.github.kd4j.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The feature CSV of {@code kd4j features}: a header {@code step,time_s,<band>_<channel>,...}, then
 * one row per 4 Hz step (per band-power window): the step index, its start in seconds after the
 * crop, and the features (band-major, {@code [delta Fp1..O2, theta Fp1..O2, ...]}) written with
 * {@link Double#toString} so that they read back exactly. An optional {@code valence} column holds
 * labels (for training); it is not a feature.
 */
record FeatureCsv(List<String> columns, double[] times, float[][] values, float[] labels) {
  static final String STEP = "step";
  static final String TIME = "time_s";

  /** The largest file {@link #read} accepts: 512 MiB (a 2-hour recording's CSV is about 30 MB). */
  static final long MAX_BYTES = 512L << 20;

  /** The optional label column ({@code kd4j train --csv}); never a feature. */
  static final String LABEL = "valence";

  /** Writes {@code values [T][F]} with the given feature column names and step times. */
  static void write(Path file, List<String> columns, double[] times, double[][] values)
      throws IOException {
    AtomicFiles.write(
        file,
        os -> {
          StringBuilder sb = new StringBuilder(STEP + "," + TIME);
          for (String c : columns) {
            sb.append(',').append(c);
          }
          sb.append('\n');
          os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
          for (int t = 0; t < values.length; t++) {
            sb.setLength(0);
            sb.append(t).append(',').append(times[t]);
            for (double v : values[t]) {
              sb.append(',').append(v);
            }
            sb.append('\n');
            os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
          }
        });
  }

  /**
   * Reads a feature CSV: every column except {@code step}, {@code time_s} and {@code valence} is a
   * feature.
   *
   * @throws IOException naming the file, the line and the column for a malformed file
   */
  static FeatureCsv read(Path file) throws IOException {
    String text = text(file);
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IOException(file + ": a feature CSV must start with a header line, got none");
    }
    if (!text.endsWith("\n")) {
      throw new IOException(
          file
              + " line "
              + lines.size()
              + ": the last line does not end with a newline; the file may be truncated (kd4j"
              + " features ends every line with one)");
    }
    String[] names = lines.get(0).split(",", -1);
    List<Integer> cols = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int timeCol = -1;
    int labelCol = -1;
    for (int i = 0; i < names.length; i++) {
      String n = names[i].trim();
      if (!seen.add(n)) {
        throw new IOException(file + " line 1: column '" + n + "' appears twice in the header");
      }
      if (n.equals(TIME)) {
        timeCol = i;
      } else if (n.equals(LABEL)) {
        labelCol = i;
      } else if (!n.equals(STEP)) {
        cols.add(i);
        columns.add(n);
      }
    }
    if (cols.isEmpty()) {
      throw new IOException(file + ": the header must name at least one feature column");
    }
    List<float[]> rows = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    for (int no = 2; no <= lines.size(); no++) {
      String line = lines.get(no - 1);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != names.length) {
        throw new IOException(
            file + " line " + no + ": expected " + names.length + " fields, got " + f.length);
      }
      float[] row = new float[cols.size()];
      for (int j = 0; j < row.length; j++) {
        row[j] = number(file, no, columns.get(j), f[cols.get(j)]);
      }
      rows.add(row);
      if (labelCol >= 0) {
        labels.add(number(file, no, LABEL, f[labelCol]));
      }
      times.add(timeCol < 0 ? (rows.size() - 1) * 0.25 : number(file, no, TIME, f[timeCol]));
    }
    if (rows.isEmpty()) {
      throw new IOException(file + ": a feature CSV must hold at least one row, got none");
    }
    return new FeatureCsv(
        List.copyOf(columns),
        times.stream().mapToDouble(Double::doubleValue).toArray(),
        rows.toArray(float[][]::new),
        labelCol < 0 ? null : toArray(labels));
  }

  /** The file as strict UTF-8 (a malformed byte sequence is an error naming the file). */
  private static String text(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(
          file + ": " + size + " bytes is more than a feature CSV may hold (" + MAX_BYTES + ")");
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text (" + e + ")", e);
    }
  }

  private static float[] toArray(List<Float> v) {
    float[] a = new float[v.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = v.get(i);
    }
    return a;
  }

  private static float number(Path file, int line, String column, String s) throws IOException {
    try {
      float v = (float) Double.parseDouble(s.trim());
      if (!Float.isFinite(v)) { // NaN, infinities, and finite doubles beyond float's range
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IOException(
          file
              + " line "
              + line
              + " column "
              + column
              + ": must be a finite number within float range, got '"
              + s
              + "'");
    }
  }
}
