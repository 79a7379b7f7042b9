package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile-input suite for {@link FeatureCsv#read} (the input of {@code kd4j train --csv} and {@code
 * kd4j predict}): a labelled feature CSV as {@link FeatureCsv#write} writes it, then truncated at
 * every kind of position, bytes flipped, junk appended. Allowed outcomes: a table whose shapes
 * agree and whose values are all finite floats, or an {@link IOException} whose message starts with
 * the file name. A truncated file is an error unless the cut falls just after a newline (then it is
 * the same file with fewer rows, which no text format can tell apart). A flipped digit can give
 * another valid number: a CSV carries no checksum (the {@code .kd4j} model files do).
 */
class FeatureCsvHostileTest {
  @TempDir static Path tmp;

  private static final Map<String, Integer> OUTCOMES = new TreeMap<>();
  private static int cases;

  @AfterAll
  static void report() {
    System.out.println("feature CSV: " + cases + " mutants, outcomes " + OUTCOMES);
  }

  /** A labelled CSV: 12 rows, 5 features, a valence column, as train --csv expects. */
  static byte[] original(long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    int rows = 12;
    List<String> cols = List.of("delta_Fp1", "delta_Fp2", "theta_Fp1", "theta_Fp2", "valence");
    double[] times = new double[rows];
    double[][] v = new double[rows][cols.size()];
    for (int t = 0; t < rows; t++) {
      times[t] = 0.25 * t;
      for (int c = 0; c < cols.size(); c++) {
        v[t][c] = c == cols.size() - 1 ? r.nextDouble() - 0.5 : r.nextDouble() * 1e-11;
      }
    }
    Path f = tmp.resolve("orig-" + seed + ".csv");
    FeatureCsv.write(f, cols, times, v);
    return Files.readAllBytes(f);
  }

  /** Reads {@code bytes} from a file; returns the table or records the error and returns null. */
  static FeatureCsv readOrError(byte[] bytes, String name) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, bytes);
    cases++;
    try {
      FeatureCsv csv = FeatureCsv.read(f);
      OUTCOMES.merge("read", 1, Integer::sum);
      assertEquals(csv.values().length, csv.times().length);
      assertTrue(csv.labels() == null || csv.labels().length == csv.values().length);
      for (float[] row : csv.values()) {
        assertEquals(csv.columns().size(), row.length);
        for (float x : row) {
          assertTrue(Float.isFinite(x), "non-finite value read from " + f);
        }
      }
      return csv;
    } catch (IOException e) {
      assertTrue(e.getMessage().startsWith(f.toString()), "error must name the file: " + e);
      String m = e.getMessage().substring(f.toString().length());
      OUTCOMES.merge(
          m.replaceAll("'.*'|-?\\d[\\d.eE+-]*", "#").replaceAll("\\(.*\\)", ""), 1, Integer::sum);
      return null;
    }
  }

  @Test
  void truncationIsAnErrorUnlessItFallsOnALineEnd() {
    qt().withExamples(150)
        .forAll(longs().between(0, 3), integers().between(0, 100_000))
        .checkAssert(
            (seed, at) -> {
              try {
                byte[] b = original(seed);
                int cut = at % b.length; // 0 .. length - 1: always shorter
                byte[] part = java.util.Arrays.copyOf(b, cut);
                FeatureCsv csv = readOrError(part, "cut.csv");
                int lines = 0;
                for (byte x : part) {
                  lines += x == '\n' ? 1 : 0;
                }
                boolean onLineEnd = cut > 0 && part[cut - 1] == '\n';
                if (onLineEnd && lines >= 2) {
                  assertNotNull(csv, "a cut after line " + lines + " is a shorter valid file");
                  assertEquals(lines - 1, csv.values().length);
                } else {
                  assertEquals(null, csv, "a cut at byte " + cut + " must be an error");
                }
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  @Test
  void everyCutOnALineEndIsTheFileWithFewerRows() throws IOException {
    byte[] b = original(0);
    int rows = 0;
    for (int cut = 1; cut <= b.length; cut++) {
      if (b[cut - 1] == '\n') {
        FeatureCsv csv = readOrError(java.util.Arrays.copyOf(b, cut), "line-cut.csv");
        if (rows == 0) {
          assertEquals(null, csv, "a header alone holds no row");
        } else {
          assertNotNull(csv);
          assertEquals(rows, csv.values().length);
        }
        rows++;
      }
    }
    assertEquals(13, rows, "header + 12 rows");
  }

  @Test
  void flippedBytesAndAppendedJunkReadOrFailWithTheFileName() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 2))
        .checkAssert(
            (seed, kind) -> {
              try {
                SplittableRandom r = new SplittableRandom(seed);
                byte[] b = original(r.nextInt(4)).clone();
                if (kind == 2) {
                  byte[] junk = new byte[1 + r.nextInt(40)];
                  r.nextBytes(junk);
                  byte[] out = java.util.Arrays.copyOf(b, b.length + junk.length);
                  System.arraycopy(junk, 0, out, b.length, junk.length);
                  b = out;
                } else {
                  int flips = 1 + r.nextInt(kind == 0 ? 3 : 12);
                  for (int k = 0; k < flips; k++) {
                    // kind 0: printable ASCII (digits, signs, commas, letters); kind 1: any byte
                    b[r.nextInt(b.length)] =
                        kind == 0 ? (byte) (0x20 + r.nextInt(0x5F)) : (byte) r.nextInt(256);
                  }
                }
                readOrError(b, "flip.csv");
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  @Test
  void valuesBeyondFloatRangeAndDuplicateColumnsAreErrors() throws IOException {
    String ok = "step,time_s,a,valence\n0,0.0,1.0,0.5\n";
    List<String[]> bad = new ArrayList<>();
    bad.add(new String[] {"step,time_s,a,valence\n0,0.0,1e39,0.5\n", "column a", "1e39"});
    bad.add(new String[] {"step,time_s,a,valence\n0,0.0,1.0,-Infinity\n", "column valence", ""});
    bad.add(new String[] {"step,time_s,a,a\n0,0.0,1.0,2.0\n", "line 1", "'a' appears twice"});
    bad.add(new String[] {"step,time_s,a,valence\n0,0.0,1.0,0.5", "line 2", "truncated"});
    bad.add(new String[] {"step,time_s,a,valence\n", "", "at least one row"});
    assertNotNull(readOrError(ok.getBytes(StandardCharsets.UTF_8), "ok.csv"));
    for (String[] c : bad) {
      Path f = tmp.resolve("bad.csv");
      Files.writeString(f, c[0]);
      IOException e = assertThrows(IOException.class, () -> FeatureCsv.read(f), c[0]);
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]), e.getMessage());
    }
    Path latin1 = tmp.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'a', (byte) 0xE9, ',', 'b', '\n', '1', ',', '2', '\n'});
    IOException e = assertThrows(IOException.class, () -> FeatureCsv.read(latin1));
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }
}
