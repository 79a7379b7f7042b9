package io.github.kd4j.examples.cli;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.examples.report.ProgressBarListener;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kd4j train}: one model, the EEG student ({@link TcnStudent} on the 128 EEG band features)
 * or the visual teacher ({@link VisualTeacher} on the reference's 38 facial features), on a
 * MAHNOB-HCI feature folder with a seeded trial-level split into training and validation trials
 * (the epoch is chosen on validation CCC); writes the {@code .kd4j} model and optionally its ONNX
 * export.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the EEG student or the visual teacher on a MAHNOB-HCI feature folder or a student on feature CSVs.",
      "--data: a MAHNOB-HCI feature folder (student on the 128 EEG features, teacher on the 38 facial features); --csv: a folder of feature CSVs as kd4j features writes them plus a valence column, one trial per file (student). Splits the trials (seeded) into training and validation trials, trains with the SPEC 7 trainer (epoch chosen on validation CCC), prints validation metrics and writes the model (.kd4j, with its provenance) and, with --onnx, its ONNX export."
    })
public final class TrainCommand implements Callable<Integer> {
  @Mixin MahnobOptions mahnob;

  @Mixin TcnOptions tcn;

  @Option(
      names = "--csv",
      paramLabel = "DIR",
      description =
          "Instead of --data: a folder of feature CSVs (kd4j features) with an added valence column,"
              + " one trial per file; students only.")
  Path csv;

  @Option(
      names = "--model",
      paramLabel = "KIND",
      description = "student (EEG) or teacher (face) (default: ${DEFAULT-VALUE}).",
      defaultValue = "student")
  String kind;

  @Option(
      names = "--validation",
      description = "Fraction of trials for validation (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.2")
  double validation;

  @Option(
      names = "--seed",
      description = "The one seed of split and training (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--epochs",
      description = "Maximum epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int epochs;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "The model file (default: <model>.kd4j in the current folder).")
  Path out;

  @Option(names = "--onnx", paramLabel = "FILE", description = "Also export the model to ONNX.")
  Path onnx;

  @Override
  public Integer call() throws Exception {
    if (!kind.equals("student") && !kind.equals("teacher")) {
      throw new IllegalArgumentException("--model must be student or teacher, got " + kind);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    }
    TrainerConfig trainer =
        TrainerConfig.builder()
            .learningRate(tcn.learningRate)
            .minLearningRate(Math.min(1e-6, tcn.learningRate))
            .maxEpochs(epochs)
            .earlyStoppingPatience(epochs)
            .seed(seed)
            .build();
    Path target = out != null ? out : Path.of(kind + ".kd4j");
    if (csv != null) {
      if (mahnob.given() || !kind.equals("student")) {
        throw new IllegalArgumentException(
            "--csv trains a student from feature CSVs; it excludes --data, --subjects and --model"
                + " teacher");
      }
      return trainOnCsv(trainer, target);
    }
    Path dir = mahnob.dir();
    List<MahnobTrial> trials =
        Kd4jCommand.progress("reading", () -> MahnobData.read(dir, mahnob.subjects));
    MahnobData.Split<MahnobTrial> split = MahnobData.split(trials, seed, validation, 0);
    System.out.printf(
        Locale.ROOT,
        "kd4j train %s: %d trials of %s: %d training, %d validation (seed %d)%n",
        kind,
        trials.size(),
        dir,
        split.train().size(),
        split.validation().size(),
        seed);
    TrainingListener[] progress =
        Kd4jCommand.quiet()
            ? new TrainingListener[0]
            : new TrainingListener[] {new ProgressBarListener(kind, System.out)};
    SequenceModel model;
    List<Trial> valTrials;
    TrainingResult result;
    if (kind.equals("student")) {
      TcnStudent s =
          TcnStudent.builder()
              .inputSize(MahnobTrial.EEG_FEATURES)
              .channels(tcn.channels)
              .standardize(true)
              .seed(seed)
              .trainer(trainer)
              .build();
      valTrials = split.validation().stream().map(MahnobTrial::eegTrial).toList();
      result =
          s.fit(split.train().stream().map(MahnobTrial::eegTrial).toList(), valTrials, progress);
      model = s;
    } else {
      int[] face = IntStream.range(0, MahnobTrial.REFERENCE_FACE_FEATURES).toArray();
      VisualTeacher t =
          VisualTeacher.builder()
              .features(face.length)
              .channels(tcn.channels)
              .seed(seed)
              .trainer(trainer)
              .build();
      List<PairedTrial> tr = split.train().stream().map(m -> m.pairedTrial(face)).toList();
      List<PairedTrial> va = split.validation().stream().map(m -> m.pairedTrial(face)).toList();
      result = t.fit(tr, va, progress);
      valTrials = va.stream().map(t::visualTrial).toList();
      model = t;
    }
    return finish(model, result, valTrials, target);
  }

  /** A student on a folder of labelled feature CSVs, one trial per file. */
  private int trainOnCsv(TrainerConfig trainer, Path target) throws Exception {
    if (!Files.isDirectory(csv)) {
      throw new java.nio.file.NoSuchFileException(csv + ": no such folder of feature CSVs");
    }
    List<Path> files;
    try (var s = Files.list(csv)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    List<Trial> trials = new ArrayList<>();
    int width = -1;
    for (Path f : files) {
      FeatureCsv c = FeatureCsv.read(f);
      if (c.labels() == null) {
        throw new java.io.IOException(
            f + ": a training CSV must have a " + FeatureCsv.LABEL + " column, got " + c.columns());
      }
      if (width >= 0 && c.columns().size() != width) {
        throw new java.io.IOException(
            f
                + ": must have "
                + width
                + " feature columns like the files before, got "
                + c.columns().size());
      }
      width = c.columns().size();
      String id = f.getFileName().toString().replaceFirst("\\.csv$", "");
      trials.add(Trial.of(id, id, c.values(), c.labels()));
    }
    if (trials.size() < 2) {
      throw new IllegalArgumentException(
          "--csv "
              + csv
              + " must hold at least 2 labelled CSVs (training and validation), got "
              + trials.size());
    }
    MahnobData.Split<Trial> split = MahnobData.split(trials, seed, validation, 0);
    System.out.printf(
        Locale.ROOT,
        "kd4j train student: %d CSV trials of %s (%d features): %d training, %d validation (seed %d)%n",
        trials.size(),
        csv,
        width,
        split.train().size(),
        split.validation().size(),
        seed);
    TcnStudent s =
        TcnStudent.builder()
            .inputSize(width)
            .channels(tcn.channels)
            .standardize(true)
            .seed(seed)
            .trainer(trainer)
            .build();
    TrainingListener[] progress =
        Kd4jCommand.quiet()
            ? new TrainingListener[0]
            : new TrainingListener[] {new ProgressBarListener(kind, System.out)};
    TrainingResult result = s.fit(split.train(), split.validation(), progress);
    return finish(s, result, split.validation(), target);
  }

  private int finish(SequenceModel model, TrainingResult result, List<Trial> valTrials, Path target)
      throws java.io.IOException {
    MetricSet m = Evaluator.evaluate(model, valTrials, WindowPlan.DEFAULT).foldMetrics();
    System.out.printf(
        Locale.ROOT,
        "%s: %s%nvalidation (stitched trials): RMSE %.4f, PCC %.4f, CCC %.4f%n",
        kind,
        result,
        m.rmse(),
        m.pcc(),
        m.ccc());
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    model.save(target);
    System.out.println("Wrote " + target);
    if (onnx != null) {
      model.exportOnnx(onnx, "kd4j train --model " + kind);
      System.out.println("Wrote " + onnx);
    }
    return 0;
  }
}
