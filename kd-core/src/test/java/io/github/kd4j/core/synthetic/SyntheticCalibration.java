package io.github.kd4j.core.synthetic;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The calibration experiment behind the generator's defaults (docs/design.md, "Synthetic data"): a
 * teacher on the visual features, a student on the EEG features and a distilled student on the
 * teacher's ST features, each a TCN [32, 32] trained with SPEC 7 settings but learning rate 1e-3
 * and 15 epochs, evaluated by stitched, concatenated test CCC. Split: per subject the last trial
 * tests and the one before validates ({@code -Dsplit=loso}: the last two subjects test, the one
 * before validates). {@code -Dkd=0.2,0.5,1.0} tries KD weights and keeps the best by validation CCC
 * (default 1.0); {@code -Dsynth=gain=0.3,eegNoise=1.0,...} overrides generator settings. Not a unit
 * test (about 15 s per seed on 2 cores):
 *
 * <pre>
 * ./mvnw -B -o -q -pl kd-core -am test-compile
 * ./mvnw -B -o -q -pl kd-core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp kd-core/target/test-classes:kd-core/target/classes:$(cat /tmp/cp.txt) \
 *     io.github.kd4j.core.synthetic.SyntheticCalibration [seed [subjects [trials [minSteps [maxSteps [epochs]]]]]]
 * </pre>
 */
public final class SyntheticCalibration {
  private SyntheticCalibration() {}

  public static void main(String[] args) throws InterruptedException {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int subjects = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int trials = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int minSteps = args.length > 3 ? Integer.parseInt(args[3]) : 140;
    int maxSteps = args.length > 4 ? Integer.parseInt(args[4]) : 240;
    int epochs = args.length > 5 ? Integer.parseInt(args[5]) : 15;
    long t0 = System.nanoTime();
    SyntheticDataset.Builder builder =
        SyntheticDataset.builder()
            .subjects(subjects)
            .trialsPerSubject(trials)
            .steps(minSteps, maxSteps)
            .seed(seed);
    for (String kv : System.getProperty("synth", "").split(",")) {
      if (kv.isBlank()) {
        continue;
      }
      String[] p = kv.split("=");
      double x = Double.parseDouble(p[1]);
      switch (p[0]) {
        case "gain" -> builder.eegValenceGain(x);
        case "eegNoise" -> builder.eegNoiseSd(x);
        case "eegState" -> builder.eegStateSd(x);
        case "eegSubject" -> builder.eegSubjectSd(x);
        case "labelNoise" -> builder.labelNoiseSd(x);
        case "bias" -> builder.subjectBiasSd(x);
        case "visualNoise" -> builder.visualNoiseSd(x);
        case "visualSubject" -> builder.visualSubjectSd(x);
        case "nuisance" -> builder.visualNuisanceSd(x);
        case "latentMean" -> builder.latentMeanSd(x);
        case "latentSd" -> builder.latentSd(x);
        case "tau" -> builder.latentTimeConstant(x);
        case "labelTau" -> builder.labelNoiseTimeConstant(x);
        default -> throw new IllegalArgumentException("unknown setting " + p[0]);
      }
    }
    SyntheticDataset data = builder.build();
    System.out.println(data);
    // "trs" (default): per subject the last trial tests, the one before validates, the rest train
    // (like the demo's trial-level split); "loso": the last two subjects test, the one before
    // validates
    boolean loso = System.getProperty("split", "trs").equals("loso");
    List<SyntheticTrial> train = new ArrayList<>();
    List<SyntheticTrial> val = new ArrayList<>();
    List<SyntheticTrial> test = new ArrayList<>();
    for (SyntheticTrial t : data.trials()) {
      int s = loso ? t.subjectIndex() : t.trialIndex();
      int n = loso ? subjects : trials;
      (s == n - 1 || (loso && s == n - 2) ? test : s == n - (loso ? 3 : 2) ? val : train).add(t);
    }
    // KD weights tried (-Dkd=0.2,0.5,1.0); the best by validation CCC is kept (SPEC 6 grid)
    String[] kdGrid = System.getProperty("kd", "1.0").split(",");
    TrainerConfig base =
        TrainerConfig.builder().learningRate(1e-3).maxEpochs(epochs).seed(seed).build();
    TcnConfig visualNet =
        TcnConfig.builder().inputSize(data.visualFeatures()).channels(32, 32).build();
    TcnConfig eegNet = TcnConfig.builder().inputSize(data.eegFeatures()).channels(32, 32).build();

    SequenceRegressor teacher = new SequenceRegressor(visualNet, true);
    teacher.fit(visual(train), visual(val), base);
    double teacherCcc = ccc(teacher, visual(test), base);

    TrainerConfig student = base.toBuilder().earlyStoppingPatience(epochs).build();
    SequenceRegressor plain = new SequenceRegressor(eegNet, true);
    plain.fit(eeg(train), eeg(val), student);
    double plainCcc = ccc(plain, eeg(test), base);

    List<Trial> trainK = withKnowledge(teacher, train);
    double abs = 0;
    long count = 0;
    for (Trial t : trainK) {
      for (float[] row : t.knowledgeView()) {
        for (float x : row) {
          abs += Math.abs(x);
          count++;
        }
      }
    }
    System.out.printf(Locale.ROOT, "teacher knowledge: mean |V| %.3f%n", abs / count);
    List<Trial> valK = withKnowledge(teacher, val);
    double kdCcc = Double.NaN;
    double bestVal = Double.NEGATIVE_INFINITY;
    String bestW = "";
    StringBuilder grid = new StringBuilder();
    for (String w : kdGrid) {
      SequenceRegressor kd = new SequenceRegressor(eegNet, true);
      double v =
          kd.fit(trainK, valK, student.toBuilder().kdWeight(Double.parseDouble(w)).build())
              .bestValidationCcc();
      double c = ccc(kd, eeg(test), base);
      grid.append(String.format(Locale.ROOT, " w=%s: val %.3f test %.3f;", w, v, c));
      if (v > bestVal) {
        bestVal = v;
        kdCcc = c;
        bestW = w;
      }
    }
    System.out.println("KD grid:" + grid);
    System.out.printf(
        Locale.ROOT,
        "seed %d: teacher %.3f  student %.3f  student+KD %.3f (w=%s)  (%.0f s)%n",
        seed,
        teacherCcc,
        plainCcc,
        kdCcc,
        bestW,
        (System.nanoTime() - t0) / 1e9);
  }

  private static double ccc(SequenceRegressor m, List<Trial> trials, TrainerConfig c) {
    return Evaluator.evaluate(m, trials, c.windows()).ccc();
  }

  private static List<Trial> visual(List<SyntheticTrial> ts) {
    List<Trial> out = new ArrayList<>();
    for (SyntheticTrial t : ts) {
      out.add(t.visualTrial());
    }
    return out;
  }

  private static List<Trial> eeg(List<SyntheticTrial> ts) {
    List<Trial> out = new ArrayList<>();
    for (SyntheticTrial t : ts) {
      out.add(t.eegTrial());
    }
    return out;
  }

  private static List<Trial> withKnowledge(SequenceRegressor teacher, List<SyntheticTrial> ts) {
    List<Trial> out = new ArrayList<>();
    for (SyntheticTrial t : ts) {
      out.add(t.eegTrial().withKnowledge(teacher.features(t.visualFeatures())));
    }
    return out;
  }
}
