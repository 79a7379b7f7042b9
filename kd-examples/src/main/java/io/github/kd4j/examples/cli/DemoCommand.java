package io.github.kd4j.examples.cli;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.examples.report.DistillationProgress;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The demo: the whole method on the public MAHNOB-HCI feature files (SPEC 12) through {@link
 * CrossModalDistiller}, on one seeded trial-level split (60 % training, 20 % validation, 20 %
 * test): the visual teacher (TCN on the facial features), its knowledge, the EEG student without
 * and with distillation at every weight of the grid, the weight chosen on validation, test metrics,
 * and the chosen student exported to ONNX and checked in ONNX Runtime against the Java model.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole method on the MAHNOB-HCI feature files, on one seeded split.",
      "Trains the visual teacher and the EEG student (without and with knowledge distillation) on the",
      "MAHNOB-HCI feature files, chooses the KD weight on validation trials, evaluates on held-out",
      "trials, exports teacher and student to ONNX and runs the student in ONNX Runtime.",
      "Interrupted runs resume from the checkpoints in --out."
    })
public final class DemoCommand implements Callable<Integer> {
  @Mixin MahnobOptions mahnob;

  @Mixin TcnOptions tcn;

  @Option(
      names = "--out",
      description = "Output folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/kd4j-demo")
  Path out;

  @Option(
      names = "--seed",
      description = "The one seed of the run (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--teacher-epochs",
      description = "Maximum teacher epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int teacherEpochs;

  @Option(
      names = "--student-epochs",
      description = "Maximum student epochs (SPEC 7: 15; default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int studentEpochs;

  @Option(
      names = "--kd-weights",
      split = ",",
      description =
          "KD weights w of the grid; w = 0 is always run (SPEC 6 grid: 0.2,0.4,...,2.0;"
              + " default: ${DEFAULT-VALUE}).",
      defaultValue = "0.4,1.0,2.0")
  double[] kdWeights;

  @Override
  public Integer call() throws Exception {
    // every argument is checked before any work starts
    CrossModalDistiller.builder().kdWeights(kdWeights);
    Path dir = mahnob.dir();
    System.out.println("kd4j demo: reading the MAHNOB-HCI feature files in " + dir);
    List<MahnobTrial> all = MahnobData.read(dir, mahnob.subjects);
    // 60/20/20, the same seeded shuffle and cut as kd4j distill (136 trials: 82/27/27)
    MahnobData.Split<MahnobTrial> split = MahnobData.split(all, seed, 0.2, 0.2);
    int[] faceCols = IntStream.range(0, MahnobTrial.REFERENCE_FACE_FEATURES).toArray();
    List<PairedTrial> train = paired(split.train(), faceCols);
    List<PairedTrial> val = paired(split.validation(), faceCols);
    List<PairedTrial> test = paired(split.test(), faceCols);
    System.out.printf(
        Locale.ROOT,
        "%d trials of %d subjects: %d training, %d validation, %d test (seed %d, labels = target / 2)%n",
        all.size(),
        all.stream().map(MahnobTrial::subject).distinct().count(),
        train.size(),
        val.size(),
        test.size(),
        seed);
    Files.createDirectories(out);

    VisualTeacher teacher = tcn.teacher(faceCols.length, teacherEpochs);
    CrossModalDistiller<TcnStudent> distiller =
        tcn.distiller(teacher, studentEpochs)
            .kdWeights(kdWeights)
            .seed(seed)
            .checkpoints(out.resolve("checkpoints"))
            .listener(new DistillationProgress(System.out))
            .build();
    DistillationResult<TcnStudent> r = distiller.fit(train, val);

    // Test: stitched predictions of the held-out trials, metrics on the concatenation (SPEC 9)
    WindowPlan plan = WindowPlan.DEFAULT;
    List<Trial> testFace = test.stream().map(teacher::visualTrial).toList();
    List<Trial> testEeg = test.stream().map(PairedTrial::eeg).toList();
    MetricSet mt = Evaluator.evaluate(teacher, testFace, plan).foldMetrics();
    MetricSet mp = Evaluator.evaluate(r.plainStudent(), testEeg, plan).foldMetrics();
    MetricSet mk = Evaluator.evaluate(r.student(), testEeg, plan).foldMetrics();

    // Deployment: teacher and chosen student through ONNX (CUDA when present, else CPU)
    r.exportOnnx(out);
    Path onnx = out.resolve("student.onnx");
    r.student().save(out.resolve("student.kd4j"));
    double maxDiff = 0;
    String target;
    try (OnnxModel ort = OnnxModel.load(onnx, ExecutionTarget.AUTO)) {
      target = ort.executionTarget().toString();
      for (Trial t : testEeg) {
        float[] java = r.student().predict(t.featuresView());
        float[] o = ort.run(t.featuresView()).valence();
        for (int i = 0; i < java.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(java[i] - o[i]));
        }
      }
    }

    StringBuilder report = new StringBuilder();
    report.append("# kd4j demo results\n\n");
    report.append(
        String.format(
            Locale.ROOT,
            "MAHNOB-HCI public feature files, %d trials of %d subjects, one seeded trial-level split "
                + "(seed %d): %d training, %d validation, %d test trials. Labels are `target / 2` (the "
                + "reference scale). Teacher: TCN on the 38 facial features the reference uses; student: TCN on "
                + "the 128 EEG band features (not the 192 relative band powers of the paper). KD weight "
                + "chosen on validation CCC among %s. Test metrics on stitched whole trials, concatenated "
                + "(SPEC 9).%n%n",
            all.size(),
            all.stream().map(MahnobTrial::subject).distinct().count(),
            seed,
            train.size(),
            val.size(),
            test.size(),
            java.util.Arrays.toString(kdWeights)));
    report.append("Validation CCC by KD weight (stitched trials):\n\n| w | CCC |\n|---|---|\n");
    for (Map.Entry<Double, MetricSet> e : r.validation().entrySet()) {
      report.append(
          String.format(
              Locale.ROOT,
              "| %.1f%s | %.4f |%n",
              e.getKey(),
              e.getKey() == r.chosenWeight() ? " (chosen)" : "",
              e.getValue().ccc()));
    }
    report.append("\nTest:\n\n| model | RMSE | PCC | CCC |\n|---|---|---|---|\n");
    row(report, "visual teacher (face features)", mt);
    row(report, "EEG student, no KD", mp);
    row(report, String.format(Locale.ROOT, "EEG student + KD (w = %.1f)", r.chosenWeight()), mk);
    report.append(
        String.format(
            Locale.ROOT,
            "%nPaper (SPEC 11, TRS, 10 folds, different features): teacher CCC 0.674, student 0.415, "
                + "student + KD 0.433. One split of 12 subjects is not a protocol: see `docs/design.md`.%n%n"
                + "ONNX Runtime (%s) vs the Java model on the test trials: max |valence difference| = %.2e%n%n"
                + "Wall time: %.0f s (%s).%n",
            target,
            maxDiff,
            r.seconds().get("total"),
            r.seconds()));
    AtomicFiles.write(
        out.resolve("report.md"),
        os -> os.write(report.toString().getBytes(StandardCharsets.UTF_8)));
    System.out.println();
    System.out.print(report);
    System.out.println(
        "\nWrote "
            + out.resolve("report.md")
            + ", "
            + out.resolve("teacher.onnx")
            + ", "
            + onnx
            + " and "
            + out.resolve("student.kd4j"));
    return 0;
  }

  private static List<PairedTrial> paired(List<MahnobTrial> trials, int[] cols) {
    return trials.stream().map(t -> t.pairedTrial(cols)).toList();
  }

  private static void row(StringBuilder sb, String name, MetricSet m) {
    sb.append(
        String.format(
            Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", name, m.rmse(), m.pcc(), m.ccc()));
  }

  static Path defaultData() {
    String p = System.getProperty("kd4j.data");
    if (p != null) {
      return Path.of(p, "mahnob");
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path d = here; d != null; d = d.getParent()) {
      Path c = d.resolve("../shared/data/mahnob").normalize();
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    return here.resolve("../shared/data/mahnob").normalize();
  }
}
