package io.github.kd4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the parameters of a TCN and its regressor, by name, in PyTorch layout.
 *
 * <p>Names and shapes, for block {@code i} with {@code in = config.inputChannels(i)}, {@code out =
 * config.channels(i)} and {@code k = config.kernelSize()}:
 *
 * <pre>
 * block{i}.conv1.v  [out, in, k]    weight-norm direction (PyTorch weight_v)
 * block{i}.conv1.g  [out]           weight-norm magnitude (PyTorch weight_g, squeezed)
 * block{i}.conv1.b  [out]           bias
 * block{i}.prelu1   [1]             PReLU slope after conv1
 * block{i}.conv2.v  [out, out, k]
 * block{i}.conv2.g  [out]
 * block{i}.conv2.b  [out]
 * block{i}.prelu2   [1]
 * block{i}.down.w   [out, in]       1x1 residual convolution, only when in != out
 * block{i}.down.b   [out]           only when in != out
 * block{i}.prelu    [1]             PReLU on (net + residual)
 * regressor.w       [1, c_L]
 * regressor.b       [1]
 * </pre>
 *
 * The effective convolution weight is {@code w[o,c,j] = g[o] * v[o,c,j] / ||v[o,:,:]||}, see {@link
 * #effectiveConvWeight(String)}. Arrays are row-major and copied on the way in and out.
 */
public final class TcnWeights {
  private final TcnConfig config;
  private final Map<String, float[]> values;

  private TcnWeights(TcnConfig config, Map<String, float[]> values) {
    this.config = config;
    this.values = values;
  }

  /**
   * Wraps the given arrays, checking that every expected name is present with the right size and
   * that no value is NaN or infinite.
   *
   * @throws IllegalArgumentException naming the missing, extra or mis-sized tensor
   */
  public static TcnWeights of(TcnConfig config, Map<String, float[]> tensors) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(tensors, "tensors");
    Map<String, int[]> expected = shapes(config);
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : expected.entrySet()) {
      float[] v = tensors.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " is missing for "
                + config
                + "; expected shape "
                + Arrays.toString(e.getValue()));
      }
      int n = size(e.getValue());
      if (v.length != n) {
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " must have "
                + n
                + " values (shape "
                + Arrays.toString(e.getValue())
                + "), got "
                + v.length);
      }
      for (int j = 0; j < v.length; j++) {
        if (!Float.isFinite(v[j])) {
          throw new IllegalArgumentException(
              "tensor " + e.getKey() + " must be finite, got " + v[j] + " at index " + j);
        }
      }
      copy.put(e.getKey(), v.clone());
    }
    for (String name : tensors.keySet()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException(
            "tensor "
                + name
                + " is not a parameter of "
                + config
                + "; expected one of "
                + expected.keySet());
      }
    }
    return new TcnWeights(config, Collections.unmodifiableMap(copy));
  }

  /** The expected names and shapes for {@code config}, in a fixed order (see class javadoc). */
  public static Map<String, int[]> shapes(TcnConfig config) {
    Map<String, int[]> s = new LinkedHashMap<>();
    int k = config.kernelSize();
    for (int i = 0; i < config.levels(); i++) {
      int in = config.inputChannels(i);
      int out = config.channels(i);
      String p = "block" + i + ".";
      s.put(p + "conv1.v", new int[] {out, in, k});
      s.put(p + "conv1.g", new int[] {out});
      s.put(p + "conv1.b", new int[] {out});
      s.put(p + "prelu1", new int[] {1});
      s.put(p + "conv2.v", new int[] {out, out, k});
      s.put(p + "conv2.g", new int[] {out});
      s.put(p + "conv2.b", new int[] {out});
      s.put(p + "prelu2", new int[] {1});
      if (config.hasDownsample(i)) {
        s.put(p + "down.w", new int[] {out, in});
        s.put(p + "down.b", new int[] {out});
      }
      s.put(p + "prelu", new int[] {1});
    }
    s.put("regressor.w", new int[] {1, config.outputSize()});
    s.put("regressor.b", new int[] {1});
    return s;
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The configuration these weights belong to. */
  public TcnConfig config() {
    return config;
  }

  /** Parameter names in the fixed order of {@link #shapes(TcnConfig)}. */
  public List<String> names() {
    return new ArrayList<>(values.keySet());
  }

  /** A copy of the named tensor, row-major. */
  public float[] get(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("tensor " + name + " is not in " + values.keySet());
    }
    return v.clone();
  }

  /** The shape of the named tensor. */
  public int[] shape(String name) {
    int[] s = shapes(config).get(name);
    if (s == null) {
      throw new IllegalArgumentException("tensor " + name + " is not in " + values.keySet());
    }
    return s;
  }

  /**
   * The weight-normalised convolution weight {@code w = g * v / ||v||}, norm over input channels
   * and taps per output channel (PyTorch {@code weight_norm(dim=0)}), shape {@code [out, in, k]}.
   *
   * @param conv {@code "block{i}.conv1"} or {@code "block{i}.conv2"}
   */
  public float[] effectiveConvWeight(String conv) {
    float[] v = values.get(conv + ".v");
    float[] g = values.get(conv + ".g");
    if (v == null || g == null) {
      throw new IllegalArgumentException(
          "conv must be block{i}.conv1 or block{i}.conv2, got " + conv);
    }
    int out = g.length;
    int per = v.length / out;
    float[] w = new float[v.length];
    for (int o = 0; o < out; o++) {
      double ss = 0;
      for (int j = 0; j < per; j++) {
        double x = v[o * per + j];
        ss += x * x;
      }
      double scale = g[o] / Math.sqrt(ss);
      for (int j = 0; j < per; j++) {
        w[o * per + j] = (float) (v[o * per + j] * scale);
      }
    }
    return w;
  }

  @Override
  public String toString() {
    long n = 0;
    for (float[] v : values.values()) {
      n += v.length;
    }
    return "TcnWeights{" + config + ", tensors=" + values.size() + ", parameters=" + n + "}";
  }
}
