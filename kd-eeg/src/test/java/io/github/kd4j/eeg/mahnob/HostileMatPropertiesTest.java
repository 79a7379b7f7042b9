package io.github.kd4j.eeg.mahnob;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile-input suite for {@link MahnobFeatures}: one real feature file of {@code
 * ../shared/data/mahnob} copied to a temporary folder and corrupted: flipped bytes, truncation,
 * appended bytes, top-level element sizes overwritten, and, inside a compressed element, tags,
 * dimensions and sizes overwritten and the element recompressed (so the corruption reaches the MAT
 * parser, not only the inflater). Allowed outcomes: a trial (whose values {@code MahnobFeatures}
 * has checked to be finite) or a {@link MahnobFormatException} whose message starts with the file
 * name. Runs with a 192 MiB heap (the {@code hostile-input} surefire execution of the kd-eeg pom).
 */
class HostileMatPropertiesTest {
  private static final String SOURCE = "P1-features-resamp4hz-trial-10.mat";
  private static final int[] HOSTILE_INTS = {
    0, 1, -1, 2, 8, 127, 128, 1 << 16, 0x7FFFFFF0, 0x7FFFFFFF, 0x80000000, 1_000_000, 46341
  };

  private static final String HOSTILE_NAME = "MAT";

  @TempDir static Path tmp;

  private static byte[] original;

  /** Start of each top-level element (its 8-byte tag), in file order. */
  private static int[] elements;

  private static int cases;

  /** Outcomes: "read" or the error's field / cause, with counts (printed after the run). */
  private static final java.util.Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();

  @org.junit.jupiter.api.AfterAll
  static void report() {
    System.out.println(HOSTILE_NAME + ": " + cases + " mutants, outcomes " + OUTCOMES);
  }

  @BeforeAll
  static void load() throws IOException {
    Path src = Path.of(System.getProperty("kd4j.data"), "mahnob", SOURCE);
    original = Files.readAllBytes(src);
    List<Integer> starts = new ArrayList<>();
    ByteBuffer bb = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
    for (int pos = 128; pos + 8 <= original.length; pos += 8 + bb.getInt(pos + 4)) {
      starts.add(pos);
    }
    elements = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  static byte[] mutate(byte[] b, int kind, SplittableRandom r, List<String> log) {
    switch (kind) {
      case 0 -> {
        byte[] out = b.clone();
        int flips = 1 + r.nextInt(8);
        for (int k = 0; k < flips; k++) {
          int at = r.nextInt(3) == 0 ? r.nextInt(Math.min(b.length, 256)) : r.nextInt(b.length);
          int mask = 1 + r.nextInt(255);
          out[at] ^= (byte) mask;
          log.add("flip byte " + at + " ^ " + mask);
        }
        return out;
      }
      case 1 -> {
        int len = r.nextInt(b.length);
        log.add("truncate to " + len);
        return Arrays.copyOf(b, len);
      }
      case 2 -> {
        int extra = 1 + r.nextInt(4000);
        byte[] out = Arrays.copyOf(b, b.length + extra);
        for (int k = b.length; k < out.length; k++) {
          out[k] = (byte) r.nextInt(256);
        }
        log.add("append " + extra + " bytes");
        return out;
      }
      case 3 -> { // a top-level tag's size (or type)
        int e = elements[r.nextInt(elements.length)];
        int at = e + (r.nextBoolean() ? 4 : 0);
        if (at + 4 > b.length) {
          return b;
        }
        int v = HOSTILE_INTS[r.nextInt(HOSTILE_INTS.length)];
        log.add("int at " + at + " = " + v);
        byte[] out = b.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return out;
      }
      default -> { // inside a compressed element: an int among the first 128 bytes, recompressed
        int idx = r.nextInt(elements.length);
        int e = elements[idx];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (e + 8 > b.length || bb.getInt(e) != 15) {
          return b;
        }
        int n = bb.getInt(e + 4);
        if (n < 0 || e + 8L + n > b.length) {
          return b;
        }
        byte[] inner = inflate(b, e + 8, n);
        if (inner == null || inner.length < 16) {
          return b;
        }
        int at = 4 * r.nextInt(Math.min(inner.length, 128) / 4);
        int v = r.nextInt(3) == 0 ? r.nextInt() : HOSTILE_INTS[r.nextInt(HOSTILE_INTS.length)];
        ByteBuffer.wrap(inner).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        log.add("element " + idx + ": inner int at " + at + " = " + v);
        byte[] z = deflate(inner);
        ByteBuffer out =
            ByteBuffer.allocate(b.length - n + z.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(b, 0, e).putInt(15).putInt(z.length).put(z).put(b, e + 8 + n, b.length - e - 8 - n);
        return out.array();
      }
    }
  }

  private static byte[] inflate(byte[] b, int from, int n) {
    Inflater inf = new Inflater();
    inf.setInput(b, from, n);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    try {
      while (!inf.finished()) {
        int k = inf.inflate(buf);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        out.write(buf, 0, k);
      }
    } catch (DataFormatException e) {
      return null;
    } finally {
      inf.end();
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] b) {
    Deflater d = new Deflater(1);
    d.setInput(b);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static void check(int kinds, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> log = new ArrayList<>();
    byte[] b = original;
    for (int k = 0; k < kinds; k++) {
      b = mutate(b, r.nextInt(5), r, log);
    }
    Path dir = tmp.resolve("case" + cases++);
    Path p = dir.resolve(SOURCE);
    try {
      Files.createDirectories(dir);
      Files.write(p, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      MahnobTrial t = MahnobFeatures.defaults().read(p);
      OUTCOMES.merge("read", 1, Integer::sum);
      assertTrue(t.length() > 0, log.toString());
    } catch (MahnobFormatException e) {
      OUTCOMES.merge(
          e.getCause() == null
              ? e.getMessage().replaceAll("^[^:]*: (field '[^']*'|[a-z ]*).*", "$1")
              : e.getCause().getClass().getSimpleName(),
          1,
          Integer::sum);
      assertTrue(e.getMessage().startsWith(SOURCE + ": "), log + ": message " + e.getMessage());
      assertTrue(e.getMessage().length() > SOURCE.length() + 30, log + ": " + e.getMessage());
    } catch (Throwable t) {
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      fail(log + ": must give a trial or a MahnobFormatException, got " + sw);
    } finally {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void corruptedFeatureFilesGiveATrialOrANamedFormatError() {
    qt().withFixedSeed(20261129L)
        .withExamples(250)
        .forAll(integers().between(1, 3), longs().all())
        .checkAssert(HostileMatPropertiesTest::check);
  }
}
