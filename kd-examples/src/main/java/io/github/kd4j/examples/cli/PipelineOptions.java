package io.github.kd4j.examples.cli;

import io.github.kd4j.eeg.bandpower.FrequencyBand;
import io.github.kd4j.eeg.bandpower.FrequencyBands;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@link EegFeaturePipeline} on the command line ({@code kd4j features}, {@code kd4j
 * predict}); every default is the pipeline's (SPEC 3).
 */
final class PipelineOptions {
  @Option(
      names = "--channels",
      split = ",",
      paramLabel = "NAME",
      description = "EEG channels, in output order (default: the 32 BioSemi channels of SPEC 3).")
  List<String> channels;

  @Option(
      names = "--crop",
      split = ",",
      paramLabel = "S",
      description =
          "Seconds dropped at the start and before the end (default: 29,25, MAHNOB-HCI baselines).")
  double[] crop;

  @Option(names = "--no-crop", description = "Keep every sample.")
  boolean noCrop;

  @Option(
      names = "--band-pass",
      split = ",",
      paramLabel = "HZ",
      description = "Band-pass edges LOW,HIGH in Hz (default: 0.3,45).")
  double[] bandPass;

  @Option(
      names = "--causal",
      description =
          "Causal Butterworth band-pass (order 4) instead of the zero-phase FIR: features a live"
              + " stream reproduces, for students used by 'kd4j stream'.")
  boolean causal;

  @Option(names = "--no-reference", description = "Skip the average reference.")
  boolean noReference;

  @Option(
      names = "--bands",
      split = ",",
      paramLabel = "BAND",
      description =
          "Bands: names of the defaults (delta, theta, alpha, beta1, beta2, gamma) or"
              + " name:low:high in Hz (default: the six defaults).")
  List<String> bands;

  @Option(names = "--absolute", description = "Absolute band power (V^2) instead of relative.")
  boolean absolute;

  @Option(names = "--window", paramLabel = "S", description = "Band-power window (default: 2).")
  Double window;

  @Option(
      names = "--hop",
      paramLabel = "S",
      description = "Hop between windows (default: 0.25, one window per 4 Hz step).")
  Double hop;

  @Option(names = "--segment", paramLabel = "S", description = "Welch segment (default: 1).")
  Double segment;

  /** The pipeline these options describe; bad values fail with the option's name. */
  EegFeaturePipeline pipeline() {
    EegFeaturePipeline.Builder b = EegFeaturePipeline.builder();
    if (channels != null) {
      b.channels(channels);
    }
    if (noCrop && crop != null) {
      throw new IllegalArgumentException("--crop and --no-crop exclude each other");
    }
    if (noCrop) {
      b.noCrop();
    } else if (crop != null) {
      if (crop.length != 2) {
        throw new IllegalArgumentException(
            "--crop must be START,END in seconds, got " + crop.length + " values");
      }
      b.crop(crop[0], crop[1]);
    }
    if (bandPass != null) {
      if (bandPass.length != 2) {
        throw new IllegalArgumentException(
            "--band-pass must be LOW,HIGH in Hz, got " + bandPass.length + " values");
      }
      b.bandPass(bandPass[0], bandPass[1]);
    }
    b.causal(causal);
    b.averageReference(!noReference);
    if (bands != null) {
      b.bands(bands(bands));
    }
    b.relative(!absolute);
    if (window != null) {
      b.window(window);
    }
    if (hop != null) {
      b.hop(hop);
    }
    if (segment != null) {
      b.segment(segment);
    }
    return b.build();
  }

  static List<FrequencyBand> bands(List<String> specs) {
    List<FrequencyBand> out = new ArrayList<>();
    for (String s : specs) {
      String[] p = s.split(":", -1);
      if (p.length == 1) {
        out.add(FrequencyBands.byName(s));
      } else if (p.length == 3) {
        try {
          out.add(new FrequencyBand(p[0], Double.parseDouble(p[1]), Double.parseDouble(p[2])));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--bands entry must be name or name:low:high, got '" + s + "'");
        }
      } else {
        throw new IllegalArgumentException(
            "--bands entry must be name or name:low:high, got '" + s + "'");
      }
    }
    return out;
  }

  /** Column names {@code <band>_<channel>}, band-major like the features. */
  static List<String> columns(EegFeaturePipeline p) {
    List<String> cols = new ArrayList<>();
    for (FrequencyBand band : p.bands()) {
      for (String ch : p.channels()) {
        cols.add(band.name() + "_" + ch);
      }
    }
    return cols;
  }
}
