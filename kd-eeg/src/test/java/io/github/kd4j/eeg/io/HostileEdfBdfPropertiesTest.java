package io.github.kd4j.eeg.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile-input suite for the EDF/BDF reader: copies of the real files in {@code
 * ../shared/data/edf-bdf} with corrupted header fields, flipped bytes, truncations and appended
 * bytes. The only allowed outcomes are a recording whose every sample is finite, or a {@link
 * RecordingFormatException} whose message starts with the file name. Anything else (an unchecked
 * exception, an {@link java.io.EOFException} without the file, an {@link OutOfMemoryError}, a NaN
 * or infinite sample) fails the property.
 *
 * <p>Runs in the {@code hostile-input} surefire execution with a 192 MiB heap (kd-eeg pom), so a
 * file that made the reader allocate far beyond its size would fail with an OutOfMemoryError.
 */
class HostileEdfBdfPropertiesTest {
  private static final List<String> FILES =
      List.of("test_bdf_stim_channel.bdf", "test_uneven_samp.edf", "test.edf", "test.bdf");

  /** Values written into header fields: overflow, non-numbers, extremes, blanks. */
  private static final List<String> HOSTILE =
      List.of(
          "",
          "-1",
          "0",
          "1",
          "1e999",
          "-1e999",
          "1e308",
          "-1e308",
          "1e-320",
          "NaN",
          "Infinity",
          "99999999",
          "-9999999",
          "2147483647",
          "-2147483648",
          "9e18",
          "abc",
          "+5",
          " 3 ",
          "0.000001",
          "\u0000\u0000\u0000",
          "8388608",
          "-8388609",
          "32768",
          "-32769");

  // header field layout (EDF spec): fixed fields (offset, width), and per-signal widths
  private static final int[][] FIXED_FIELDS = {
    {0, 8}, {168, 8}, {176, 8}, {184, 8}, {192, 44}, {236, 8}, {244, 8}, {252, 4}
  };
  private static final int[] SIGNAL_WIDTHS = {16, 80, 8, 8, 8, 8, 8, 80, 8, 32};
  private static final int[] NUMERIC_SIGNAL_FIELDS = {3, 4, 5, 6, 8};

  private static final String HOSTILE_NAME = "EDF/BDF";

  @TempDir static Path tmp;

  private static byte[][] originals;
  private static int cases;

  /** Outcomes: "read" or the error's field / cause, with counts (printed after the run). */
  private static final java.util.Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();

  @org.junit.jupiter.api.AfterAll
  static void report() {
    System.out.println(HOSTILE_NAME + ": " + cases + " mutants, outcomes " + OUTCOMES);
  }

  @BeforeAll
  static void load() throws IOException {
    originals = new byte[FILES.size()][];
    for (int i = 0; i < FILES.size(); i++) {
      originals[i] = Files.readAllBytes(Fixtures.edfBdf(FILES.get(i)));
    }
  }

  /** One mutation of {@code b}, described in {@code log}. */
  static byte[] mutate(byte[] b, int kind, SplittableRandom r, List<String> log) {
    int ns = Math.max(1, parseInt(b, 252, 4));
    switch (kind) {
      case 0 -> { // a header field gets a hostile value
        String v = HOSTILE.get(r.nextInt(HOSTILE.size()));
        int at;
        int width;
        if (r.nextInt(3) == 0) {
          int[] f = FIXED_FIELDS[r.nextInt(FIXED_FIELDS.length)];
          at = f[0];
          width = f[1];
        } else {
          // mostly the numeric fields: physical and digital range, samples per record
          int field =
              r.nextInt(4) == 0
                  ? r.nextInt(SIGNAL_WIDTHS.length)
                  : NUMERIC_SIGNAL_FIELDS[r.nextInt(NUMERIC_SIGNAL_FIELDS.length)];
          int start = 256;
          for (int k = 0; k < field; k++) {
            start += SIGNAL_WIDTHS[k] * ns;
          }
          width = SIGNAL_WIDTHS[field];
          at = start + width * r.nextInt(ns);
        }
        if (at + width > b.length) {
          return b;
        }
        byte[] out = b.clone();
        byte[] text = String.format("%-" + width + "s", v).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, out, at, width);
        log.add("field at " + at + " (" + width + " bytes) = \"" + v + "\"");
        return out;
      }
      case 1 -> { // flip 1-8 bytes, mostly in the header
        byte[] out = b.clone();
        int header = Math.min(b.length, 256 * (ns + 1));
        int flips = 1 + r.nextInt(8);
        for (int k = 0; k < flips; k++) {
          int at = r.nextInt(4) == 0 ? r.nextInt(b.length) : r.nextInt(header);
          int mask = 1 + r.nextInt(255);
          out[at] ^= (byte) mask;
          log.add("flip byte " + at + " ^ " + mask);
        }
        return out;
      }
      case 2 -> { // truncate
        int len = r.nextInt(b.length);
        log.add("truncate to " + len);
        return Arrays.copyOf(b, len);
      }
      default -> { // append
        int extra = 1 + r.nextInt(2000);
        byte[] out = Arrays.copyOf(b, b.length + extra);
        for (int k = b.length; k < out.length; k++) {
          out[k] = (byte) r.nextInt(256);
        }
        log.add("append " + extra + " bytes");
        return out;
      }
    }
  }

  private static int parseInt(byte[] b, int at, int width) {
    try {
      return Integer.parseInt(new String(b, at, width, StandardCharsets.ISO_8859_1).trim());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return 1;
    }
  }

  /** Writes the mutant, reads it, and checks that the outcome is one of the allowed ones. */
  static void check(int file, int kinds, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> log = new ArrayList<>();
    byte[] b = originals[file];
    for (int k = 0; k < kinds; k++) {
      int kind = r.nextInt(6); // half of the mutations are header fields
      b = mutate(b, kind < 3 ? 0 : kind - 2, r, log);
    }
    String name = "mutant" + cases++ + "_" + FILES.get(file);
    Path p = tmp.resolve(name);
    try {
      Files.write(p, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String what = FILES.get(file) + " " + log;
    try {
      RecordingHeader h = RecordingReader.readHeader(p);
      Recording rec = RecordingReader.defaults().read(p);
      OUTCOMES.merge("read", 1, Integer::sum);
      assertTrue(h.numRecords() > 0, what);
      for (int c = 0; c < rec.channelCount(); c++) {
        double[] x = rec.data(c);
        for (int i = 0; i < x.length; i++) {
          if (!Double.isFinite(x[i])) {
            fail(what + ": sample " + i + " of channel " + c + " is " + x[i]);
          }
        }
      }
      for (Annotation a : rec.annotations()) {
        assertTrue(
            Double.isFinite(a.onsetSeconds()) && Double.isFinite(a.durationSeconds()),
            what + ": annotation " + a);
      }
    } catch (RecordingFormatException e) {
      OUTCOMES.merge(e.field().replaceAll(" of signal .*", ""), 1, Integer::sum);
      assertTrue(e.getMessage().startsWith(name + ": "), what + ": message " + e.getMessage());
      assertTrue(e.getMessage().length() > name.length() + 20, what + ": " + e.getMessage());
    } catch (Throwable t) {
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      fail(what + ": must give a recording or a RecordingFormatException, got " + sw);
    } finally {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void corruptedFilesGiveARecordingOrANamedFormatError() {
    qt().withFixedSeed(20261129L)
        .withExamples(300)
        .forAll(integers().between(0, FILES.size() - 1), integers().between(1, 2), longs().all())
        .checkAssert(HostileEdfBdfPropertiesTest::check);
  }
}
