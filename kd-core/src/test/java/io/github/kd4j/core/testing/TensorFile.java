package io.github.kd4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the plain-text tensor fixtures written by the project's Python fixture scripts.
 *
 * <p>Format: lines starting with {@code #} are comments. A tensor is a header line {@code tensor
 * <name> <dim> <dim> ...} (no dims for a scalar) followed by one line of whitespace-separated
 * values in row-major order (as written by {@code repr(float)} or {@code %.17g}).
 */
public final class TensorFile {
  /** A named tensor: its shape and row-major values. */
  public record Tensor(String name, int[] shape, double[] values) {
    /** Values as float. */
    public float[] floats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return f;
    }

    /**
     * Values rounded to float32 and widened back: the exact inputs of fixtures whose float32 values
     * are written as short decimals (e.g. {@code 0.0412} for the float nearest to it).
     */
    public double[] float32Values() {
      double[] d = new double[values.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) values[i];
      }
      return d;
    }

    /** The single value of a scalar or one-element tensor. */
    public double scalar() {
      if (values.length != 1) {
        throw new IllegalStateException(name + " is not a scalar: " + Arrays.toString(shape));
      }
      return values[0];
    }
  }

  private final Map<String, Tensor> tensors;

  private TensorFile(Map<String, Tensor> tensors) {
    this.tensors = tensors;
  }

  /** Reads a tensor file from the file system. */
  public static TensorFile read(Path path) {
    try {
      return parse(Files.readAllLines(path, StandardCharsets.UTF_8), path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a tensor file from the test class path, e.g. {@code "/io/github/kd4j/core/nn/x.txt"}; a
   * name ending in {@code .gz} is gunzipped.
   */
  public static TensorFile resource(String name) {
    return parse(resourceLines(name), name);
  }

  /** The lines of a text resource ({@code .gz}: gunzipped). */
  public static List<String> resourceLines(String name) {
    try (var raw = TensorFile.class.getResourceAsStream(name)) {
      if (raw == null) {
        throw new IllegalArgumentException("test resource " + name + " not found");
      }
      byte[] bytes =
          name.endsWith(".gz") ? new GZIPInputStream(raw).readAllBytes() : raw.readAllBytes();
      return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TensorFile parse(List<String> lines, String source) {
    Map<String, Tensor> map = new LinkedHashMap<>();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i++).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] head = line.split("\\s+");
      if (!head[0].equals("tensor") || head.length < 2) {
        throw new IllegalArgumentException(
            source + ":" + i + ": expected 'tensor <name> dims', got " + line);
      }
      int[] shape = new int[head.length - 2];
      int n = 1;
      for (int d = 0; d < shape.length; d++) {
        shape[d] = Integer.parseInt(head[d + 2]);
        n *= shape[d];
      }
      String body = i < lines.size() ? lines.get(i++).trim() : "";
      String[] parts = body.isEmpty() ? new String[0] : body.split("\\s+");
      if (parts.length != n) {
        throw new IllegalArgumentException(
            source + ": tensor " + head[1] + " must have " + n + " values, got " + parts.length);
      }
      double[] v = new double[n];
      for (int j = 0; j < n; j++) {
        v[j] = Double.parseDouble(parts[j]);
      }
      map.put(head[1], new Tensor(head[1], shape, v));
    }
    return new TensorFile(map);
  }

  /** The named tensor. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor " + name + "; have " + tensors.keySet());
    }
    return t;
  }

  /** Whether the named tensor is present. */
  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** All tensors by name, in file order. */
  public Map<String, Tensor> all() {
    return tensors;
  }
}
