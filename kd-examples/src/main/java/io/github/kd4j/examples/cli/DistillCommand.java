package io.github.kd4j.examples.cli;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.examples.report.DistillationProgress;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.vision.teacher.VisualTeacher;
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
 * {@code kd4j distill}: {@link CrossModalDistiller} on a MAHNOB-HCI feature folder with a seeded
 * trial-level split (training, validation, test): the visual teacher, its knowledge, the EEG
 * student without and with distillation at each KD weight, the weight chosen on validation CCC;
 * prints test metrics of teacher, plain student and distilled student on stitched trials and writes
 * the three models ({@code .kd4j}) and the ONNX exports of teacher and chosen student.
 */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    description = {
      "Cross-modal distillation (visual teacher -> EEG student) on a MAHNOB-HCI feature folder.",
      "Seeded trial-level split; prints test RMSE/PCC/CCC of the teacher, the student without KD and the distilled student (KD weight chosen on validation); writes teacher.kd4j, student-plain.kd4j, student.kd4j, teacher.onnx and student.onnx into --out."
    })
public final class DistillCommand implements Callable<Integer> {
  @Mixin MahnobOptions mahnob;

  @Mixin TcnOptions tcn;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "kd4j-distill")
  Path out;

  @Option(
      names = "--seed",
      description = "The one seed of split and run (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--validation",
      description = "Fraction of trials for validation (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.2")
  double validation;

  @Option(
      names = "--test",
      description = "Fraction of trials for the test (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.2")
  double test;

  @Option(
      names = "--teacher-epochs",
      description = "Maximum teacher epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int teacherEpochs;

  @Option(
      names = "--student-epochs",
      description = "Maximum student epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int studentEpochs;

  @Option(
      names = "--kd-weights",
      split = ",",
      description = "KD weights of the grid; 0 always runs (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.4,1.0,2.0")
  double[] kdWeights;

  @Override
  public Integer call() throws Exception {
    CrossModalDistiller.builder().kdWeights(kdWeights);
    if (teacherEpochs < 1 || studentEpochs < 1) {
      throw new IllegalArgumentException(
          "--teacher-epochs and --student-epochs must be >= 1, got "
              + teacherEpochs
              + " and "
              + studentEpochs);
    }
    Path dir = mahnob.dir();
    List<MahnobTrial> trials =
        Kd4jCommand.progress("reading", () -> MahnobData.read(dir, mahnob.subjects));
    MahnobData.Split<MahnobTrial> split = MahnobData.split(trials, seed, validation, test);
    int[] face = IntStream.range(0, MahnobTrial.REFERENCE_FACE_FEATURES).toArray();
    List<PairedTrial> train = split.train().stream().map(m -> m.pairedTrial(face)).toList();
    List<PairedTrial> val = split.validation().stream().map(m -> m.pairedTrial(face)).toList();
    List<PairedTrial> tst = split.test().stream().map(m -> m.pairedTrial(face)).toList();
    System.out.printf(
        Locale.ROOT,
        "kd4j distill: %d trials of %s: %d training, %d validation, %d test (seed %d)%n",
        trials.size(),
        dir,
        train.size(),
        val.size(),
        tst.size(),
        seed);
    Files.createDirectories(out);
    VisualTeacher teacher = tcn.teacher(face.length, teacherEpochs);
    CrossModalDistiller.Builder<TcnStudent> b =
        tcn.distiller(teacher, studentEpochs)
            .kdWeights(kdWeights)
            .seed(seed)
            .checkpoints(out.resolve("checkpoints"));
    if (!Kd4jCommand.quiet()) {
      b.listener(new DistillationProgress(System.out));
    }
    DistillationResult<TcnStudent> r = b.build().fit(train, val);

    WindowPlan plan = WindowPlan.DEFAULT;
    List<Trial> testFace = tst.stream().map(teacher::visualTrial).toList();
    List<Trial> testEeg = tst.stream().map(PairedTrial::eeg).toList();
    MetricSet mt = Evaluator.evaluate(teacher, testFace, plan).foldMetrics();
    MetricSet mp = Evaluator.evaluate(r.plainStudent(), testEeg, plan).foldMetrics();
    MetricSet mk = Evaluator.evaluate(r.student(), testEeg, plan).foldMetrics();
    System.out.println();
    System.out.println("validation CCC by KD weight:");
    for (Map.Entry<Double, MetricSet> e : r.validation().entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "  w = %.1f: %.4f%s%n",
          e.getKey(),
          e.getValue().ccc(),
          e.getKey() == r.chosenWeight() ? " (chosen)" : "");
    }
    System.out.printf(Locale.ROOT, "test (%d stitched trials):%n", tst.size());
    System.out.printf(Locale.ROOT, "  %-28s %8s %8s %8s%n", "model", "RMSE", "PCC", "CCC");
    row("teacher (face)", mt);
    row("student, no KD", mp);
    row(String.format(Locale.ROOT, "student + KD (w = %.1f)", r.chosenWeight()), mk);
    teacher.save(out.resolve("teacher.kd4j"));
    r.plainStudent().save(out.resolve("student-plain.kd4j"));
    r.student().save(out.resolve("student.kd4j"));
    r.exportOnnx(out);
    System.out.println(
        "Wrote teacher.kd4j, student-plain.kd4j, student.kd4j, teacher.onnx, student.onnx in "
            + out);
    return 0;
  }

  private static void row(String name, MetricSet m) {
    System.out.printf(Locale.ROOT, "  %-28s %8.4f %8.4f %8.4f%n", name, m.rmse(), m.pcc(), m.ccc());
  }
}
