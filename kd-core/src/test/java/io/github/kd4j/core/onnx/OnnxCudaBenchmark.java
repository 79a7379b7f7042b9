package io.github.kd4j.core.onnx;

import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The paper-sized student (inputSize 192, channels [128, 128], kernel 3) in ONNX Runtime on CUDA
 * against the CPU: parity (max |difference| of valence and features) and median times of a window
 * {@code [1, 96, 192]}, a batch {@code [32, 96, 192]} and a 4000-step sequence, with the speed-up.
 * Not a unit test: {@code scripts/gpu-check.sh} runs it with {@code -Pgpu}. Exits 1 when CUDA is
 * not usable or the parity exceeds {@code 1e-4}.
 */
public final class OnnxCudaBenchmark {
  private OnnxCudaBenchmark() {}

  /** Tolerance of CUDA against the CPU (cuDNN may choose other convolution algorithms). */
  static final double TOLERANCE = 1e-4;

  public static void main(String[] args) throws Exception {
    TcnConfig cfg = TcnConfig.builder().inputSize(192).channels(128, 128).kernelSize(3).build();
    TcnWeights w =
        TcnWeights.of(cfg, OnnxInferenceBenchmark.initialise(cfg, new SplittableRandom(2022)));
    byte[] model = TcnOnnxExporter.toBytes(w, "OnnxCudaBenchmark seed 2022", Map.of());
    double worst = 0;
    try (OnnxModel cpu = OnnxModel.fromBytes(model, ExecutionTarget.CPU, "cpu");
        OnnxModel gpu = OnnxModel.fromBytes(model, ExecutionTarget.CUDA, "cuda")) {
      System.out.printf(
          "%-26s %12s %12s %9s %12s%n", "input", "CPU ms", "CUDA ms", "speed-up", "max |diff|");
      Object[][] cases = {
        {"window [1, 96, 192]", 1, 96, 50, 300},
        {"batch [32, 96, 192]", 32, 96, 5, 40},
        {"sequence [1, 4000, 192]", 1, 4000, 5, 40}
      };
      for (Object[] c : cases) {
        float[][][] x = OnnxInferenceBenchmark.input((int) c[1], (int) c[2], 192, 7);
        OnnxModel.Prediction a = cpu.run(x);
        OnnxModel.Prediction b = gpu.run(x);
        double diff =
            Math.max(maxDiff(a.valence(), b.valence()), maxDiff3(a.features(), b.features()));
        worst = Math.max(worst, diff);
        double tc = median(cpu, x, (int) c[3], (int) c[4]);
        double tg = median(gpu, x, (int) c[3], (int) c[4]);
        System.out.printf("%-26s %12.3f %12.3f %8.1fx %12.2e%n", c[0], tc, tg, tc / tg, diff);
      }
    } catch (IllegalStateException e) {
      System.out.println("CUDA is not usable: " + e.getMessage());
      System.exit(1);
    }
    System.out.printf("parity: max |CUDA - CPU| = %.2e (tolerance %.0e)%n", worst, TOLERANCE);
    if (!(worst <= TOLERANCE)) {
      System.out.println("parity FAILED");
      System.exit(1);
    }
  }

  private static double median(OnnxModel m, float[][][] x, int warmup, int runs) {
    return OnnxInferenceBenchmark.timings(m, x, warmup, runs)[runs / 2];
  }

  private static double maxDiff(float[][] a, float[][] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return d;
  }

  private static double maxDiff3(float[][][] a, float[][][] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, maxDiff(a[i], b[i]));
    }
    return d;
  }
}
