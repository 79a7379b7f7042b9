package io.github.kd4j.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fixtures written by {@code src/test/python/make_metric_fixtures.py}: {@code #}
 * comments, {@code case <name>} starting a block, then lines {@code <key> <values...>}.
 */
public final class FixtureFile {

  /** One block of a fixture file. */
  public record Case(String name, Map<String, String[]> entries) {
    /** All values of a key as doubles ({@code nan} read as NaN). */
    public double[] doubles(String key) {
      String[] tokens = tokens(key);
      double[] v = new double[tokens.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = parse(tokens[i]);
      }
      return v;
    }

    /** The single value of a key. */
    public double scalar(String key) {
      return doubles(key)[0];
    }

    /** The raw tokens of a key. */
    public String[] tokens(String key) {
      String[] t = entries.get(key);
      if (t == null) {
        throw new IllegalStateException("fixture case " + name + " has no key " + key);
      }
      return t;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private FixtureFile() {}

  /** Parses a Python {@code repr(float)}, including {@code nan}, {@code inf} and {@code -inf}. */
  static double parse(String token) {
    return switch (token) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(token);
    };
  }

  /** Reads a fixture from the resources folder {@code io/github/kd4j/metrics/}. */
  public static List<Case> read(String fileName) {
    String resource = "/io/github/kd4j/metrics/" + fileName;
    try (InputStream in = FixtureFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<Case> cases = new ArrayList<>();
      String name = null;
      Map<String, String[]> entries = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts[0].equals("case")) {
          if (name != null) {
            cases.add(new Case(name, entries));
          }
          name = parts[1];
          entries = new LinkedHashMap<>();
        } else {
          String[] values = new String[parts.length - 1];
          System.arraycopy(parts, 1, values, 0, values.length);
          entries.put(parts[0], values);
        }
      }
      if (name != null) {
        cases.add(new Case(name, entries));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
