package io.github.kd4j.core.bench;

import io.github.kd4j.core.nn.TemporalConvNet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timed command (not a unit test): the paper-sized student training step and inference latency of
 * the kd4j engine against PyTorch measured in the same run, printed as a table with ratios.
 *
 * <pre>
 * ./mvnw -B -q -pl kd-core -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.kd4j.core.bench.TrainStepBenchmark [-Dexec.args="--steps 200"]
 * </pre>
 *
 * PyTorch runs through {@code /usr/bin/python3 kd-core/src/test/python/bench_torch_step.py} before
 * and after the Java measurements (their mean is the reference); the SameDiff and DL4J baselines of
 * the same step are timed too ({@code --no-baselines} skips them).
 */
public final class TrainStepBenchmark {
  private TrainStepBenchmark() {}

  record Stats(double median, double p10, double p90, int reps) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%8.2f ms (p10 %.2f, p90 %.2f, n=%d)", median, p10, p90, reps);
    }
  }

  static Stats time(DoubleSupplier fn, int warmup, int reps) {
    double sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += fn.getAsDouble();
    }
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      sink += fn.getAsDouble();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("the benchmarked function returned NaN");
    }
    Arrays.sort(t);
    return new Stats(t[reps / 2], t[reps / 10], t[(9 * reps) / 10], reps);
  }

  public static void main(String[] args) throws Exception {
    int steps = 200;
    boolean torch = true;
    boolean baselines = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--no-torch" -> torch = false;
        case "--no-baselines" -> baselines = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String torchBefore = torch ? runTorch(steps) : null;

    List<String[]> rows = new ArrayList<>();
    EngineTrainingStep engine = new EngineTrainingStep();
    Stats engineStep = time(engine::step, 30, steps);
    rows.add(new String[] {"train step", engine.name(), engineStep.toString()});
    TemporalConvNet net = engine.net();
    SplittableRandom r = new SplittableRandom(5);
    float[][] window = new float[96][192];
    float[][] longSeq = new float[4000][192];
    for (float[][] a : List.of(window, longSeq)) {
      for (float[] row : a) {
        for (int c = 0; c < row.length; c++) {
          row[c] = (float) r.nextGaussian();
        }
      }
    }
    Stats inferWindow = time(() -> net.predict(window).valence()[95], 30, steps);
    Stats infer4000 = time(() -> net.predict(longSeq).valence()[3999], 5, Math.max(20, steps / 10));
    rows.add(new String[] {"inference, 1 x 96 steps", "kd4j engine", inferWindow.toString()});
    rows.add(new String[] {"inference, 1 x 4000 steps", "kd4j engine", infer4000.toString()});

    if (baselines) {
      List<java.util.function.Supplier<TrainingStep>> others =
          List.of(
              () -> new SameDiffTrainingStep(SameDiffTrainingStep.Route.FIT, false, 1),
              () -> new SameDiffTrainingStep(SameDiffTrainingStep.Route.GRADIENTS, false, 1),
              () -> new Dl4jTrainingStep(false, 1));
      for (var make : others) {
        try (TrainingStep s = make.get()) {
          Stats st = time(s::step, 10, Math.max(20, steps / 4));
          rows.add(new String[] {"train step", s.name(), st.toString()});
        }
      }
    }
    String torchAfter = torch ? runTorch(steps) : null;

    System.out.println();
    System.out.printf(Locale.ROOT, "%-26s %-62s %s%n", "workload", "implementation", "median");
    for (String[] row : rows) {
      System.out.printf(Locale.ROOT, "%-26s %-62s %s%n", row[0], row[1], row[2]);
    }
    if (torch) {
      double[] tStep = {field(torchBefore, "train_step"), field(torchAfter, "train_step")};
      double[] tWin = {field(torchBefore, "infer_window"), field(torchAfter, "infer_window")};
      double[] t4000 = {field(torchBefore, "infer_4000"), field(torchAfter, "infer_4000")};
      System.out.printf(
          Locale.ROOT,
          "%-26s %-62s %8.2f ms (before %.2f, after %.2f)%n",
          "train step",
          "PyTorch " + version(torchBefore),
          mean(tStep),
          tStep[0],
          tStep[1]);
      System.out.printf(
          Locale.ROOT, "%-26s %-62s %8.2f ms%n", "inference, 1 x 96 steps", "PyTorch", mean(tWin));
      System.out.printf(
          Locale.ROOT,
          "%-26s %-62s %8.2f ms%n",
          "inference, 1 x 4000 steps",
          "PyTorch",
          mean(t4000));
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "ratio kd4j / PyTorch: train step %.2f, inference window %.2f, inference 4000 %.2f%n",
          engineStep.median() / mean(tStep),
          inferWindow.median() / mean(tWin),
          infer4000.median() / mean(t4000));
    }
  }

  private static double mean(double[] v) {
    return (v[0] + v[1]) / 2;
  }

  private static String version(String json) {
    Matcher m = Pattern.compile("\"torch\": \"([^\"]+)\"").matcher(json);
    return m.find() ? m.group(1) : "?";
  }

  private static double field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": \\{\"median_ms\": ([0-9.eE+-]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in PyTorch output: " + json);
    }
    return Double.parseDouble(m.group(1));
  }

  private static String runTorch(int steps) throws Exception {
    Path root = Path.of(System.getProperty("kd4j.root", System.getProperty("user.dir")));
    Path script = root.resolve("kd-core/src/test/python/bench_torch_step.py");
    if (!Files.exists(script)) {
      script = root.resolve("src/test/python/bench_torch_step.py");
    }
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3", script.toString(), "--steps", Integer.toString(steps))
            .directory(script.getParent().toFile())
            .redirectErrorStream(true)
            .start();
    StringBuilder out = new StringBuilder();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.append(line).append('\n');
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("PyTorch benchmark failed: " + out);
    }
    return out.toString().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
  }
}
