package io.github.kd4j.examples.cli;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingResult;
import io.github.kd4j.eeg.mahnob.MahnobFeatures;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.examples.report.ProgressBarListener;
import io.github.kd4j.metrics.MetricSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: the whole method on the public MAHNOB-HCI feature files (SPEC 12), on one seeded
 * trial-level split (60 % training, 20 % validation, 20 % test): a visual teacher (TCN on the
 * facial features), its knowledge, the EEG student without and with distillation, test metrics, and
 * the student exported to ONNX and checked in ONNX Runtime against the Java model.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the visual teacher and the EEG student (without and with knowledge distillation) on the",
      "MAHNOB-HCI feature files, evaluates them on held-out trials, exports the student to ONNX and",
      "runs it in ONNX Runtime. Interrupted runs resume from the checkpoints in --out."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      description =
          "Folder of P*-features-resamp4hz-trial-*.mat files (default: ../shared/data/mahnob).")
  Path data;

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
      names = "--learning-rate",
      description = "Adam learning rate (SPEC 7: 1e-5; default: ${DEFAULT-VALUE}, see the README).",
      defaultValue = "1e-4")
  double learningRate;

  @Option(
      names = "--kd-weight",
      description = "Weight w of the L1 knowledge term (default: ${DEFAULT-VALUE}).",
      defaultValue = "1.0")
  double kdWeight;

  @Option(
      names = "--channels",
      split = ",",
      description = "TCN channels (default: ${DEFAULT-VALUE}).",
      defaultValue = "128,128")
  int[] channels;

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : defaultData();
    System.out.println("kd4j demo: reading the MAHNOB-HCI feature files in " + dir);
    List<MahnobTrial> all = MahnobFeatures.defaults().readDirectory(dir);
    List<MahnobTrial> order = new ArrayList<>(all);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      MahnobTrial t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    int nTrain = (int) Math.round(order.size() * 0.6);
    int nVal = (int) Math.round(order.size() * 0.2);
    List<MahnobTrial> train = order.subList(0, nTrain);
    List<MahnobTrial> val = order.subList(nTrain, nTrain + nVal);
    List<MahnobTrial> test = order.subList(nTrain + nVal, order.size());
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

    // Stage 1: the visual teacher on the 38 facial features the reference uses (SPEC 4.2, 12)
    int[] faceCols =
        java.util.stream.IntStream.range(0, MahnobTrial.REFERENCE_FACE_FEATURES).toArray();
    SequenceRegressor teacher =
        new SequenceRegressor(
            TcnConfig.builder().inputSize(faceCols.length).channels(channels).build(), seed, true);
    TrainerConfig teacherCfg =
        TrainerConfig.builder()
            .maxEpochs(teacherEpochs)
            .learningRate(learningRate)
            .minLearningRate(Math.min(1e-6, learningRate))
            .seed(seed)
            .checkpointDir(out.resolve("checkpoints/teacher"))
            .build();
    System.out.println("Stage 1: visual teacher, " + teacher.config());
    TrainingResult tr =
        teacher.fit(
            face(train, faceCols),
            face(val, faceCols),
            teacherCfg,
            new ProgressBarListener("teacher", System.out));
    System.out.println("  " + tr);

    // Knowledge: the teacher's ST features for the training and validation trials (SPEC 4.3)
    List<Trial> trainKd = new ArrayList<>();
    List<Trial> valKd = new ArrayList<>();
    for (MahnobTrial t : train) {
      trainKd.add(
          t.eegTrial().withKnowledge(teacher.features(t.faceTrial(faceCols).featuresView())));
    }
    for (MahnobTrial t : val) {
      valKd.add(t.eegTrial().withKnowledge(teacher.features(t.faceTrial(faceCols).featuresView())));
    }

    // Stage 2: the EEG student without and with distillation
    TrainerConfig studentCfg =
        TrainerConfig.student()
            .maxEpochs(studentEpochs)
            .earlyStoppingPatience(studentEpochs)
            .learningRate(learningRate)
            .minLearningRate(Math.min(1e-6, learningRate))
            .seed(seed)
            .build();
    TcnStudent plain =
        student(studentCfg.toBuilder().checkpointDir(out.resolve("checkpoints/student")).build());
    System.out.println("Stage 2a: EEG student without KD, " + plain.config());
    System.out.println(
        "  " + plain.fit(trainKd, valKd, new ProgressBarListener("student", System.out)));
    TcnStudent kd =
        student(
            studentCfg.toBuilder()
                .kdWeight(kdWeight)
                .checkpointDir(out.resolve("checkpoints/student-kd"))
                .build());
    System.out.println("Stage 2b: EEG student with KD, w = " + kdWeight);
    System.out.println(
        "  " + kd.fit(trainKd, valKd, new ProgressBarListener("student+KD", System.out)));

    // Test: stitched predictions of the held-out trials, metrics on the concatenation (SPEC 9)
    List<Trial> testFace = face(test, faceCols);
    List<Trial> testEeg = test.stream().map(MahnobTrial::eegTrial).toList();
    MetricSet mt = Evaluator.evaluate(teacher::predict, testFace, WindowPlan.DEFAULT).foldMetrics();
    MetricSet mp = Evaluator.evaluate(plain::predict, testEeg, WindowPlan.DEFAULT).foldMetrics();
    MetricSet mk = Evaluator.evaluate(kd::predict, testEeg, WindowPlan.DEFAULT).foldMetrics();

    // Deployment: the KD student through ONNX (CUDA when present, else CPU)
    Path onnx = out.resolve("student-kd.onnx");
    kd.exportOnnx(onnx, "kd4j demo, seed " + seed + ", " + kd.trainer());
    kd.save(out.resolve("student-kd.kd4j"));
    double maxDiff = 0;
    String target;
    try (OnnxModel ort = OnnxModel.load(onnx, ExecutionTarget.AUTO)) {
      target = ort.executionTarget().toString();
      for (Trial t : testEeg) {
        float[] java = kd.predict(t.featuresView());
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
                + "the 128 EEG band features (not the 192 relative band powers of the paper). Test metrics on "
                + "stitched whole trials, concatenated (SPEC 9).%n%n",
            all.size(),
            all.stream().map(MahnobTrial::subject).distinct().count(),
            seed,
            train.size(),
            val.size(),
            test.size()));
    report.append("| model | RMSE | PCC | CCC |\n|---|---|---|---|\n");
    row(report, "visual teacher (face features)", mt);
    row(report, "EEG student, no KD", mp);
    row(report, String.format(Locale.ROOT, "EEG student + KD (w = %.1f)", kdWeight), mk);
    report.append(
        String.format(
            Locale.ROOT,
            "%nPaper (SPEC 11, TRS, 10 folds, different features): teacher CCC 0.674, student 0.415, "
                + "student + KD 0.433. One split of 12 subjects is not a protocol: see `docs/design.md`.%n%n"
                + "ONNX Runtime (%s) vs the Java model on the test trials: max |valence difference| = %.2e%n",
            target,
            maxDiff));
    AtomicFiles.write(
        out.resolve("report.md"),
        os -> os.write(report.toString().getBytes(StandardCharsets.UTF_8)));
    System.out.println();
    System.out.print(report);
    System.out.println(
        "\nWrote "
            + out.resolve("report.md")
            + ", "
            + onnx
            + " and "
            + out.resolve("student-kd.kd4j"));
    return 0;
  }

  private TcnStudent student(TrainerConfig cfg) {
    return TcnStudent.builder()
        .inputSize(MahnobTrial.EEG_FEATURES)
        .channels(channels)
        .seed(seed)
        .standardize(true)
        .trainer(cfg)
        .build();
  }

  private static List<Trial> face(List<MahnobTrial> trials, int[] cols) {
    return trials.stream().map(t -> t.faceTrial(cols)).toList();
  }

  private static void row(StringBuilder sb, String name, MetricSet m) {
    sb.append(
        String.format(
            Locale.ROOT, "| %s | %.4f | %.4f | %.4f |%n", name, m.rmse(), m.pcc(), m.ccc()));
  }

  private static Path defaultData() {
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
