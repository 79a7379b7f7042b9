package io.github.kd4j.examples.synthetic;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.nn.BlasThreads;
import io.github.kd4j.core.synthetic.SyntheticDataset;
import io.github.kd4j.core.synthetic.SyntheticTrial;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.metrics.stats.Alternative;
import io.github.kd4j.metrics.stats.PairedTTest;
import io.github.kd4j.metrics.stats.TTestResult;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the three targets of the synthetic data set (issue 11, section 4) with every default:
 * {@code SyntheticDataset.builder().seed(s).build()}, the split {@link SyntheticDataset#split()},
 * and the README's fluent call ({@code VisualTeacher.builder().features(dv).seed(s)}, {@code
 * TcnStudent.builder().inputSize(de).standardize(true)}, {@code CrossModalDistiller} with its
 * default SPEC 6 grid and seed {@code s}; SPEC 7 trainer defaults). Per seed it prints the test CCC
 * (stitched, concatenated, SPEC 9) of the teacher, the plain student (w = 0) and the distilled
 * student (the grid weight chosen by validation CCC), then the mean paired gain and the one-tailed
 * paired t-test (kd-metrics {@link PairedTTest}, alternative GREATER) over the seeds. Not a unit
 * test (minutes per seed on one core); OpenBLAS is pinned to one thread.
 *
 * <pre>
 * ./mvnw -B -o -q -pl kd-examples -am test-compile
 * ./mvnw -B -o -q -pl kd-examples dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp kd-examples/target/test-classes:kd-examples/target/classes:$(cat /tmp/cp.txt) \
 *     io.github.kd4j.examples.synthetic.SyntheticTargets [firstSeed [lastSeed]]
 * </pre>
 *
 * {@code -Dsynth=key=value,...} overrides generator settings (keys as in {@link #configure}) for
 * calibration (docs/results.md, "Synthetic data set", gives the command of each reported run).
 */
public final class SyntheticTargets {
  private SyntheticTargets() {}

  public static void main(String[] args) throws Exception {
    long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
    long last = args.length > 1 ? Long.parseLong(args[1]) : first + 7;
    BlasThreads.set(1);
    List<double[]> rows = new ArrayList<>();
    for (long seed = first; seed <= last; seed++) {
      long t0 = System.nanoTime();
      SyntheticDataset data =
          configure(SyntheticDataset.builder(), System.getProperty("synth", "")).seed(seed).build();
      if (seed == first) {
        System.out.println(data);
      }
      double[] r = run(data, seed);
      rows.add(r);
      System.out.printf(
          Locale.ROOT,
          "seed %d: teacher %.3f  student %.3f  student+KD %.3f (w=%.1f)  gain %+.3f  (%.0f s)%n",
          seed,
          r[0],
          r[1],
          r[2],
          r[3],
          r[2] - r[1],
          (System.nanoTime() - t0) / 1e9);
    }
    summarise(rows);
  }

  /**
   * One seed: fits teacher and students with the defaults on the data set's default split and
   * returns {teacher, plain, distilled, chosen w} test CCC.
   */
  static double[] run(SyntheticDataset data, long seed) throws Exception {
    SyntheticDataset.Split split = data.split();
    VisualTeacher teacher =
        VisualTeacher.builder().features(data.visualFeatures()).seed(seed).build();
    CrossModalDistiller<TcnStudent> distiller =
        CrossModalDistiller.builder().teacher(teacher).student(student(data)).seed(seed).build();
    DistillationResult<TcnStudent> r =
        distiller.fit(paired(split.train()), paired(split.validation()));
    WindowPlan plan = WindowPlan.DEFAULT;
    List<PairedTrial> test = paired(split.test());
    List<Trial> testVisual = test.stream().map(teacher::visualTrial).toList();
    List<Trial> testEeg = split.test().stream().map(SyntheticTrial::eegTrial).toList();
    double t = Evaluator.evaluate(teacher, testVisual, plan).ccc();
    double plain = Evaluator.evaluate(r.plainStudent(), testEeg, plan).ccc();
    double kd = Evaluator.evaluate(r.student(), testEeg, plan).ccc();
    return new double[] {t, plain, kd, r.chosenWeight()};
  }

  /**
   * The README's student ({@code TcnStudent.builder().inputSize(de).standardize(true)}); {@code
   * -Dstudent.lr=x} replaces the SPEC 7 learning rate (calibration only, reported as such).
   */
  static TcnStudent.Builder student(SyntheticDataset data) {
    TcnStudent.Builder b = TcnStudent.builder().inputSize(data.eegFeatures()).standardize(true);
    String lr = System.getProperty("student.lr");
    if (lr != null) {
      b.trainer(TrainerConfig.student().learningRate(Double.parseDouble(lr)).build());
    }
    return b;
  }

  static void summarise(List<double[]> rows) {
    int n = rows.size();
    double[] plain = new double[n];
    double[] kd = new double[n];
    double teacher = 0;
    int positive = 0;
    for (int i = 0; i < n; i++) {
      teacher += rows.get(i)[0] / n;
      plain[i] = rows.get(i)[1];
      kd[i] = rows.get(i)[2];
      positive += kd[i] > plain[i] ? 1 : 0;
    }
    double mp = mean(plain);
    double mk = mean(kd);
    System.out.printf(
        Locale.ROOT,
        "mean over %d seeds: teacher %.3f (min %.3f)  student %.3f  student+KD %.3f  gain %+.3f"
            + " (%d of %d positive)%n",
        n,
        teacher,
        rows.stream().mapToDouble(x -> x[0]).min().orElse(Double.NaN),
        mp,
        mk,
        mk - mp,
        positive,
        n);
    if (n >= 2) {
      TTestResult tt = PairedTTest.test(kd, plain, Alternative.GREATER);
      System.out.println("paired t-test (KD > plain, one-tailed): " + tt);
    }
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static List<PairedTrial> paired(List<SyntheticTrial> ts) {
    return ts.stream().map(SyntheticTrial::pairedTrial).toList();
  }

  /** Applies {@code key=value,...} overrides to the builder (calibration only). */
  static SyntheticDataset.Builder configure(SyntheticDataset.Builder b, String spec) {
    for (String kv : spec.split(",")) {
      if (kv.isBlank()) {
        continue;
      }
      String[] p = kv.split("=");
      double x = Double.parseDouble(p[1]);
      switch (p[0]) {
        case "subjects" -> b.subjects((int) x);
        case "trials" -> b.trialsPerSubject((int) x);
        case "gain" -> b.eegValenceGain(x);
        case "eegNoise" -> b.eegNoiseSd(x);
        case "eegState" -> b.eegStateSd(x);
        case "eegSubject" -> b.eegSubjectSd(x);
        case "labelNoise" -> b.labelNoiseSd(x);
        case "bias" -> b.subjectBiasSd(x);
        case "visualNoise" -> b.visualNoiseSd(x);
        case "latentMean" -> b.latentMeanSd(x);
        case "latentSd" -> b.latentSd(x);
        case "tau" -> b.latentTimeConstant(x);
        case "nuisance" -> b.visualNuisanceSd(x);
        case "visualSubject" -> b.visualSubjectSd(x);
        case "labelTau" -> b.labelNoiseTimeConstant(x);
        case "labelScale" -> b.labelScale(x);
        default -> throw new IllegalArgumentException("unknown setting " + p[0]);
      }
    }
    return b;
  }
}
