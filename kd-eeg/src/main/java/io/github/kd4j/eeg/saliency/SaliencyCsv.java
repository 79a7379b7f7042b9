package io.github.kd4j.eeg.saliency;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saliency maps of several subjects as one long-format CSV file, UTF-8, header {@value #HEADER}:
 * one row per subject, channel and band, in subject order, then band order, then channel order.
 * {@code low_hz} and {@code high_hz} are empty when the band's edges are unknown. Values are
 * written with {@link Double#toString(double)}, so reading returns equal maps.
 */
public final class SaliencyCsv {
  /** The header line. */
  public static final String HEADER = "subject,channel,band,low_hz,high_hz,value";

  private SaliencyCsv() {}

  /**
   * Writes the maps, keyed by subject label (e.g. {@code "P1"} or {@code "overall"}), in the map's
   * iteration order.
   *
   * @throws IllegalArgumentException for an empty map or a subject label that is blank or holds a
   *     comma
   */
  public static void write(Path file, Map<String, SaliencyMap> bySubject) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(bySubject, "bySubject");
    if (bySubject.isEmpty()) {
      throw new IllegalArgumentException("bySubject must not be empty, got 0 subjects");
    }
    for (String s : bySubject.keySet()) {
      if (s == null || s.isBlank() || s.contains(",") || s.contains("\n")) {
        throw new IllegalArgumentException(
            "subject label must be non-blank without commas or line breaks, got '" + s + "'");
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.write('\n');
      for (Map.Entry<String, SaliencyMap> e : bySubject.entrySet()) {
        FeatureLayout l = e.getValue().layout();
        for (int b = 0; b < l.nBands(); b++) {
          SaliencyBand band = l.bands().get(b);
          String edges = band.hasEdges() ? band.lowHz() + "," + band.highHz() : ",";
          for (int k = 0; k < l.nChannels(); k++) {
            w.write(
                e.getKey()
                    + ","
                    + l.channels().get(k)
                    + ","
                    + band.label()
                    + ","
                    + edges
                    + ","
                    + e.getValue().value(k, b));
            w.write('\n');
          }
        }
      }
    }
  }

  /**
   * Reads a file written by {@link #write}; channel and band order are those of first appearance
   * within each subject.
   *
   * @throws SaliencyFormatException naming the file and line for any malformed content
   */
  public static Map<String, SaliencyMap> read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Map<String, Rows> subjects = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (!HEADER.equals(header)) {
        throw new SaliencyFormatException(
            file, "line 1 must be the header '" + HEADER + "', got '" + header + "'");
      }
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 6) {
          throw new SaliencyFormatException(
              file, "line " + n + " must have 6 fields, got " + f.length + ": '" + line + "'");
        }
        SaliencyBand band;
        double value;
        try {
          band =
              f[3].isEmpty() && f[4].isEmpty()
                  ? SaliencyBand.unknownEdges(f[2])
                  : new SaliencyBand(f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]));
          value = Double.parseDouble(f[5]);
        } catch (IllegalArgumentException e) {
          throw new SaliencyFormatException(file, "line " + n + ": " + e.getMessage());
        }
        if (!Double.isFinite(value)) {
          throw new SaliencyFormatException(
              file, "line " + n + ": value must be finite, got " + f[5]);
        }
        String problem = subjects.computeIfAbsent(f[0], s -> new Rows()).add(f[1], band, value);
        if (problem != null) {
          throw new SaliencyFormatException(
              file, "line " + n + " (subject " + f[0] + "): " + problem);
        }
      }
    }
    if (subjects.isEmpty()) {
      throw new SaliencyFormatException(file, "must hold at least one row, got none");
    }
    Map<String, SaliencyMap> out = new LinkedHashMap<>();
    for (Map.Entry<String, Rows> e : subjects.entrySet()) {
      Rows rows = e.getValue();
      FeatureLayout layout = new FeatureLayout(rows.channels, rows.bands);
      double[][] v = new double[layout.nChannels()][layout.nBands()];
      for (int i = 0; i < rows.values.size(); i++) {
        int k = rows.channelOf.get(i);
        int b = rows.bandOf.get(i);
        v[k][b] = rows.values.get(i);
      }
      int expected = layout.width();
      if (rows.values.size() != expected) {
        throw new SaliencyFormatException(
            file,
            "subject "
                + e.getKey()
                + " must have one row per channel and band ("
                + expected
                + "), got "
                + rows.values.size());
      }
      out.put(e.getKey(), SaliencyMap.of(layout, v));
    }
    return out;
  }

  /** The rows of one subject while reading. */
  private static final class Rows {
    final List<String> channels = new ArrayList<>();
    final List<SaliencyBand> bands = new ArrayList<>();
    final List<Integer> channelOf = new ArrayList<>();
    final List<Integer> bandOf = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    final java.util.Set<Long> pairs = new java.util.HashSet<>();

    String add(String channel, SaliencyBand band, double value) {
      int k = channels.indexOf(channel);
      if (k < 0) {
        channels.add(channel);
        k = channels.size() - 1;
      }
      int b = -1;
      for (int i = 0; i < bands.size(); i++) {
        if (bands.get(i).label().equals(band.label())) {
          b = i;
        }
      }
      if (b < 0) {
        bands.add(band);
        b = bands.size() - 1;
      } else if (!bands.get(b).equals(band)) {
        return "band '"
            + band.label()
            + "' edges must not change, got "
            + band
            + " after "
            + bands.get(b);
      }
      if (!pairs.add(((long) k << 32) | b)) {
        return "channel " + channel + ", band " + band.label() + " must appear once, got twice";
      }
      channelOf.add(k);
      bandOf.add(b);
      values.add(value);
      return null;
    }
  }
}
