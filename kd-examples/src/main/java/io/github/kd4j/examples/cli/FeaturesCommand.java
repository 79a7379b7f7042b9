package io.github.kd4j.examples.cli;

import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kd4j features}: an EDF/BDF recording through {@link EegFeaturePipeline} to a band-power
 * CSV ({@link FeatureCsv}): one row per window (per 4 Hz step with the default hop).
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "EDF/BDF recording -> band-power feature CSV (SPEC 3 pipeline).",
      "Reads the recording, crops, band-passes, average-references and computes relative band power per 2 s window every 0.25 s; writes one CSV row per window: step, time_s (window start after the crop), then one column <band>_<channel> per feature, band-major."
    })
public final class FeaturesCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RECORDING",
      description = "An EDF, EDF+, BDF or BDF+ file.")
  Path input;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "CSV",
      description = "Output CSV (default: <recording name>-features.csv in the current folder).")
  Path out;

  @Mixin PipelineOptions options;

  @Override
  public Integer call() throws Exception {
    EegFeaturePipeline p = options.pipeline();
    if (!Files.isRegularFile(input)) {
      throw new java.nio.file.NoSuchFileException(input + ": no such recording");
    }
    BandPowerFeatures f = Kd4jCommand.progress("features", () -> p.extract(input));
    Path target = out != null ? out : defaultOut(input);
    double[] times = new double[f.windows()];
    for (int k = 0; k < times.length; k++) {
      times[k] = k * p.hop();
    }
    FeatureCsv.write(target, PipelineOptions.columns(p), times, f.values());
    System.out.printf(
        Locale.ROOT,
        "%s: %d windows x %d features (%d bands x %d channels, %s power) -> %s%n",
        input.getFileName(),
        f.windows(),
        f.width(),
        f.bands().size(),
        f.channels(),
        f.relative() ? "relative" : "absolute",
        target);
    return 0;
  }

  static Path defaultOut(Path input) {
    String n = input.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return Path.of((dot > 0 ? n.substring(0, dot) : n) + "-features.csv");
  }
}
