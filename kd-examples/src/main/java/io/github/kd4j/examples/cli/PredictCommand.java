package io.github.kd4j.examples.cli;

import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kd4j predict}: valence per 4 Hz step of a raw recording (EDF/BDF, through the feature
 * pipeline) or of a feature CSV ({@link FeatureCsv}, as {@code kd4j features} writes it), with a
 * {@code .kd4j} model (Java) or an {@code .onnx} model (ONNX Runtime). Writes {@code
 * step,time_s,valence}, one row per step.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Valence per 4 Hz step of an EDF/BDF recording or a feature CSV, with a .kd4j or .onnx model.",
      "A recording goes through the feature pipeline first (the same options as kd4j features); the model's input width must match the features (192 for the default pipeline; the MAHNOB-trained models of train/distill take the 128 MAHNOB features, i.e. feature CSVs). Writes a CSV step,time_s,valence with one row per step."
    })
public final class PredictCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "INPUT",
      description = "An EDF/BDF recording or a feature CSV (.csv).")
  Path input;

  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "MODEL",
      description = "A .kd4j model (kd4j train/distill) or an .onnx export.")
  Path model;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "CSV",
      description = "Output CSV (default: <input name>-valence.csv in the current folder).")
  Path out;

  @Option(
      names = "--device",
      paramLabel = "TARGET",
      description =
          "ONNX Runtime target for .onnx models: CPU, CUDA or AUTO (default: ${DEFAULT-VALUE}).",
      defaultValue = "AUTO")
  ExecutionTarget device;

  @Mixin PipelineOptions options;

  @Override
  public Integer call() throws Exception {
    String modelName = model.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean isOnnx = modelName.endsWith(".onnx");
    if (!isOnnx && !modelName.endsWith(".kd4j")) {
      throw new IllegalArgumentException(
          "--model must be a .kd4j or .onnx file, got " + model.getFileName());
    }
    for (Path p : new Path[] {input, model}) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException(p + ": no such file");
      }
    }
    float[][] x;
    double[] times;
    String inputName = input.getFileName().toString();
    if (inputName.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      FeatureCsv csv = FeatureCsv.read(input);
      x = csv.values();
      times = csv.times();
    } else {
      EegFeaturePipeline p = options.pipeline();
      BandPowerFeatures f = Kd4jCommand.progress("features", () -> p.extract(input));
      x = f.toFloats();
      times = new double[x.length];
      for (int k = 0; k < times.length; k++) {
        times[k] = k * p.hop();
      }
    }
    float[] valence;
    String engine;
    if (isOnnx) {
      try (OnnxModel m = OnnxModel.load(model, device)) {
        check(m.inputWidth(), x[0].length);
        valence = m.run(x).valence();
        engine = "ONNX Runtime " + m.executionTarget();
      }
    } else {
      SequenceRegressor m = SequenceRegressor.load(model);
      check(m.inputSize(), x[0].length);
      valence = m.predict(x);
      engine = "Java (" + m.role() + ")";
    }
    Path target = out != null ? out : Path.of(stem(inputName) + "-valence.csv");
    write(target, times, valence);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : valence) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d steps x %d features, %s with %s: valence in [%.4f, %.4f] -> %s%n",
        inputName,
        x.length,
        x[0].length,
        model.getFileName(),
        engine,
        min,
        max,
        target);
    return 0;
  }

  private void check(int modelWidth, int inputWidth) {
    if (modelWidth != inputWidth) {
      throw new IllegalArgumentException(
          "model "
              + model
              + " takes "
              + modelWidth
              + " features per step, but "
              + input
              + " gives "
              + inputWidth);
    }
  }

  static void write(Path file, double[] times, float[] valence) throws java.io.IOException {
    AtomicFiles.write(
        file,
        os -> {
          StringBuilder sb = new StringBuilder("step,time_s,valence\n");
          for (int t = 0; t < valence.length; t++) {
            sb.append(t).append(',').append(times[t]).append(',').append(valence[t]).append('\n');
          }
          os.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
  }

  private static String stem(String n) {
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }
}
