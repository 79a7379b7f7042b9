package io.github.kd4j.core.testing;

import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.nn.TrainingBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PyTorch TCN reference fixture {@code /io/github/kd4j/core/nn/tcn_<case>.txt}, written by
 * {@code kd-core/src/test/python/make_tcn_fixtures.py} (see the README next to it for every
 * tensor).
 *
 * <p>The configuration comes from the file's {@code # inputSize}, {@code # channels} and {@code #
 * kernel} comment lines; the dropout of the returned config is 0 (the fixture's training step uses
 * p = 0).
 *
 * @param name the case name, one of {@link #CASES} or {@link #PERTURBED_CASES}
 * @param config the network shape
 * @param tensors every tensor of the file
 */
public record TcnFixture(String name, TcnConfig config, TensorFile tensors) {
  /** The case names at PyTorch's initialisation ({@code g = ||v||}, no padding). */
  public static final List<String> CASES = List.of("small", "k2", "medium");

  /**
   * The cases with {@code g != ||v||} and a zero-padded window: {@code "spec"} (perturbed
   * parameters at the SPEC widths 192 -> [128, 128], gzipped, no {@code adam1.} tensors) and {@code
   * "trained"} (the small shape after 40 PyTorch Adam steps).
   */
  public static final List<String> PERTURBED_CASES = List.of("spec", "trained");

  /** Loads case {@code name} ({@code tcn_<name>.txt} or {@code .txt.gz}) from the class path. */
  public static TcnFixture load(String name) {
    String resource = "/io/github/kd4j/core/nn/tcn_" + name + ".txt";
    if (TcnFixture.class.getResource(resource) == null) {
      resource += ".gz";
    }
    List<String> lines = TensorFile.resourceLines(resource);
    Integer inputSize = null;
    int[] channels = null;
    Integer kernel = null;
    for (String line : lines) {
      if (!line.startsWith("#")) {
        continue;
      }
      String[] f = line.substring(1).trim().split("\\s+");
      switch (f[0]) {
        case "inputSize" -> inputSize = Integer.parseInt(f[1]);
        case "kernel" -> kernel = Integer.parseInt(f[1]);
        case "channels" -> {
          channels = new int[f.length - 1];
          for (int i = 1; i < f.length; i++) {
            channels[i - 1] = Integer.parseInt(f[i]);
          }
        }
        default -> {}
      }
    }
    if (inputSize == null || channels == null || kernel == null) {
      throw new IllegalArgumentException(
          resource + " must have '# inputSize', '# channels' and '# kernel' comment lines");
    }
    TcnConfig config =
        TcnConfig.builder()
            .inputSize(inputSize)
            .channels(channels)
            .kernelSize(kernel)
            .dropout(0.0)
            .build();
    return new TcnFixture(name, config, TensorFile.resource(resource));
  }

  /** Real (not padded) steps per window: the {@code valid} tensor, or all steps when absent. */
  public int[] valid() {
    int[] v = new int[batch()];
    if (!tensors.has("valid")) {
      java.util.Arrays.fill(v, steps());
      return v;
    }
    double[] d = tensors.get("valid").values();
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) d[i];
    }
    return v;
  }

  /** Input {@code x} as flat step-major floats {@code [(b * T + t) * inputSize + c]}. */
  public float[] xFlatStepMajor() {
    int b = batch();
    int c = config.inputSize();
    int t = steps();
    double[] x = tensors.get("x").values();
    float[] out = new float[b * t * c];
    for (int i = 0; i < b; i++) {
      for (int s = 0; s < t; s++) {
        for (int j = 0; j < c; j++) {
          out[(i * t + s) * c + j] = (float) x[(i * c + j) * t + s];
        }
      }
    }
    return out;
  }

  /** The fixture's training batch: x, label, teacher and valid lengths (padding excluded). */
  public TrainingBatch trainingBatch() {
    return new TrainingBatch(
        batch(),
        steps(),
        config.inputSize(),
        xFlatStepMajor(),
        tensors.get("label").floats(),
        valid(),
        tensors.get("teacher").floats());
  }

  /** The parameters under {@code prefix + name} ({@code ""}, {@code "adam1."}, ...) as floats. */
  public Map<String, float[]> parameters(String prefix) {
    Map<String, float[]> p = new LinkedHashMap<>();
    for (String n : TcnWeights.shapes(config).keySet()) {
      p.put(n, tensors.get(prefix + n).floats());
    }
    return p;
  }

  /** The initial parameters as {@link TcnWeights} (checks every name and shape). */
  public TcnWeights weights() {
    return TcnWeights.of(config, parameters(""));
  }

  /** Input {@code x} as {@code [B][inputSize][T]} (its float32 values, as the engine sees them). */
  public double[][][] x() {
    TensorFile.Tensor t = tensors.get("x");
    return reshape3(t.float32Values(), t.shape()[0], t.shape()[1], t.shape()[2]);
  }

  /** Input {@code x} transposed to {@code [B][T][inputSize]} floats (the ONNX layout). */
  public float[][][] xStepMajor() {
    double[][][] x = x();
    int b = x.length;
    int c = x[0].length;
    int t = x[0][0].length;
    float[][][] y = new float[b][t][c];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < c; j++) {
        for (int s = 0; s < t; s++) {
          y[i][s][j] = (float) x[i][j][s];
        }
      }
    }
    return y;
  }

  /** Batch size of {@code x}. */
  public int batch() {
    return tensors.get("x").shape()[0];
  }

  /** Number of steps of {@code x}. */
  public int steps() {
    return tensors.get("x").shape()[2];
  }

  /** Reshapes row-major values to {@code [a][b][c]}. */
  public static double[][][] reshape3(double[] v, int a, int b, int c) {
    if (v.length != a * b * c) {
      throw new IllegalArgumentException(
          "values must have " + a + "*" + b + "*" + c + " elements, got " + v.length);
    }
    double[][][] y = new double[a][b][c];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(v, (i * b + j) * c, y[i][j], 0, c);
      }
    }
    return y;
  }
}
