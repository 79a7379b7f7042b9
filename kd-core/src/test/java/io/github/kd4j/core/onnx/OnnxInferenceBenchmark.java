package io.github.kd4j.core.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.testing.TcnFixture;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times {@link OnnxModel#run(float[][][])} (CPU) for the paper-sized student (inputSize 192,
 * channels [128, 128], kernel 3): one window {@code [1, 96, 192]} and one 4000-step sequence. Not a
 * unit test; run by hand (see docs/benchmarks.md) next to {@code time_tcn_inference.py}.
 *
 * <p>Arguments: {@code [outDir]}: where to write the exported models (the benchmark model and the
 * three fixture models, for {@code check_onnx.py}).
 */
public final class OnnxInferenceBenchmark {
  private OnnxInferenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/onnx-bench");
    Files.createDirectories(out);
    TcnConfig cfg = TcnConfig.builder().inputSize(192).channels(128, 128).kernelSize(3).build();
    TcnWeights w = TcnWeights.of(cfg, initialise(cfg, new SplittableRandom(2022)));
    Path file = out.resolve("tcn_192_128x2.onnx");
    TcnOnnxExporter.write(w, "OnnxInferenceBenchmark seed 2022", Map.of(), file);
    System.out.println("wrote " + file);
    for (String name : TcnFixture.CASES) {
      Path f = out.resolve("tcn_" + name + ".onnx");
      TcnOnnxExporter.write(TcnFixture.load(name).weights(), "fixture " + name, Map.of(), f);
      System.out.println("wrote " + f);
    }
    try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.CPU)) {
      time(m, "window [1, 96, 192]", input(1, 96, 192, 1), 50, 300);
      time(m, "window batch [2, 96, 192]", input(2, 96, 192, 2), 50, 300);
      time(m, "sequence [1, 4000, 192]", input(1, 4000, 192, 3), 5, 40);
    }
    // the ORT session alone (input tensor made once, outputs left native): the Java-side share
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        OrtSession s = env.createSession(file.toString(), o)) {
      timeRaw(env, s, "window [1, 96, 192]", new long[] {1, 96, 192}, 50, 300);
      timeRaw(env, s, "sequence [1, 4000, 192]", new long[] {1, 4000, 192}, 5, 40);
    }
    // the same without spin-waiting intra-op threads, and with one intra-op thread
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.addConfigEntry("session.intra_op.allow_spinning", "0");
      try (OrtSession s = env.createSession(file.toString(), o)) {
        timeRaw(env, s, "no-spin window", new long[] {1, 96, 192}, 50, 300);
        timeRaw(env, s, "no-spin sequence", new long[] {1, 4000, 192}, 5, 40);
      }
    }
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      try (OrtSession s = env.createSession(file.toString(), o)) {
        timeRaw(env, s, "1-thread window", new long[] {1, 96, 192}, 50, 300);
        timeRaw(env, s, "1-thread sequence", new long[] {1, 4000, 192}, 5, 40);
      }
    }
  }

  private static void timeRaw(
      OrtEnvironment env, OrtSession s, String what, long[] shape, int warmup, int runs)
      throws OrtException {
    FloatBuffer buf = FloatBuffer.allocate((int) (shape[0] * shape[1] * shape[2]));
    SplittableRandom r = new SplittableRandom(4);
    while (buf.hasRemaining()) {
      buf.put((float) r.nextDouble());
    }
    buf.flip();
    try (OnnxTensor x = OnnxTensor.createTensor(env, buf, shape)) {
      Map<String, OnnxTensor> in = Map.of(TcnOnnxExporter.INPUT, x);
      for (int i = 0; i < warmup; i++) {
        s.run(in).close();
      }
      double[] ms = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        s.run(in).close();
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf(
          "ORT raw session %-20s median %8.3f ms  p10 %8.3f  p90 %8.3f  (%d runs)%n",
          what, ms[runs / 2], ms[runs / 10], ms[runs * 9 / 10], runs);
    }
  }

  /** Milliseconds of {@code runs} calls of {@code m.run(x)} after {@code warmup} calls, sorted. */
  static double[] timings(OnnxModel m, float[][][] x, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      m.run(x);
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      m.run(x);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void time(OnnxModel m, String what, float[][][] x, int warmup, int runs) {
    double[] ms = timings(m, x, warmup, runs);
    System.out.printf(
        "ORT CPU %-28s median %8.3f ms  p10 %8.3f  p90 %8.3f  (%d runs)%n",
        what, ms[runs / 2], ms[runs / 10], ms[runs * 9 / 10], runs);
  }

  static float[][][] input(int b, int t, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][][] x = new float[b][t][d];
    for (float[][] s : x) {
      for (float[] step : s) {
        for (int f = 0; f < d; f++) {
          step[f] = (float) r.nextDouble();
        }
      }
    }
    return x;
  }

  /** SPEC 5 initialisation: v ~ N(0, 0.01), g = ||v||, biases U(+-1/sqrt(fan_in)), slopes 0.25. */
  static Map<String, float[]> initialise(TcnConfig cfg, SplittableRandom r) {
    Map<String, float[]> p = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> e : TcnWeights.shapes(cfg).entrySet()) {
      int[] s = e.getValue();
      float[] v = new float[Arrays.stream(s).reduce(1, (a, b) -> a * b)];
      String n = e.getKey();
      if (n.endsWith(".v") || n.endsWith("down.w")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (0.01 * r.nextGaussian());
        }
      } else if (n.contains("prelu")) {
        v[0] = 0.25f;
      } else if (n.equals("regressor.w")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((2 * r.nextDouble() - 1) / Math.sqrt(v.length));
        }
      } else if (n.endsWith(".b")) {
        String stem = n.substring(0, n.length() - 2);
        int[] ws =
            TcnWeights.shapes(cfg)
                .getOrDefault(stem + ".v", TcnWeights.shapes(cfg).get(stem + ".w"));
        int fanIn = Arrays.stream(ws).reduce(1, (a, b) -> a * b) / ws[0];
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
      }
      p.put(n, v);
    }
    for (Map.Entry<String, float[]> e : p.entrySet()) {
      if (e.getKey().endsWith(".g")) {
        float[] vv = p.get(e.getKey().replace(".g", ".v"));
        float[] g = e.getValue();
        int per = vv.length / g.length;
        for (int o = 0; o < g.length; o++) {
          double ss = 0;
          for (int j = 0; j < per; j++) {
            ss += vv[o * per + j] * vv[o * per + j];
          }
          g[o] = (float) Math.sqrt(ss);
        }
      }
    }
    return p;
  }
}
