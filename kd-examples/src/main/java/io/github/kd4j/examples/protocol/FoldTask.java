package io.github.kd4j.examples.protocol;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationListener;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldResult;
import io.github.kd4j.core.protocol.ModelKind;
import io.github.kd4j.core.protocol.ProtocolJob;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The unit of work of a protocol run: one fold with one seed, naming its data and its fold file by
 * path (so it can be shipped to another machine, e.g. as an Apache Spark task). It runs the
 * teacher, the knowledge, the student at w = 0 and every grid weight (paired, through {@link
 * CrossModalDistiller}) and, when asked, the LSTM baselines, and returns one {@link FoldResult} per
 * {@link ProtocolJob} as a mergeable {@link ProtocolResults}. Every fold starts from freshly
 * initialised models (the seeds depend on the run seed only, not on other folds).
 *
 * @param fold the fold (its trial ids per part)
 * @param seed the run seed of this task
 * @param dataDir the MAHNOB feature folder
 * @param checkpointDir where this task's checkpoints go (null: none)
 * @param settings the run's settings
 * @param modelDir where the fold's plain and distilled students are saved ({@code
 *     <id>-student.kd4j}, {@code <id>-student-kd.kd4j}) for saliency maps (null: not saved)
 */
public record FoldTask(
    Fold fold,
    long seed,
    String dataDir,
    String checkpointDir,
    ProtocolSettings settings,
    String modelDir)
    implements Serializable {

  /** Checks the components. */
  public FoldTask {
    Objects.requireNonNull(fold, "fold");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(settings, "settings");
  }

  /** A stable id: {@code loso-f03-s42}. */
  public String id() {
    return String.format(
        java.util.Locale.ROOT,
        "%s-f%02d-s%d",
        fold.scheme().name().toLowerCase(java.util.Locale.ROOT),
        fold.index(),
        seed);
  }

  /** The jobs this task answers, in a fixed order. */
  public List<ProtocolJob> jobs() {
    List<ProtocolJob> out = new ArrayList<>();
    String ff = checkpointDir == null ? "-" : checkpointDir;
    out.add(job(ModelKind.TEACHER, 0, ff));
    out.add(job(ModelKind.STUDENT, 0, ff));
    for (double w : settings.weights()) {
      out.add(job(ModelKind.STUDENT, w, ff));
    }
    if (settings.baselines()) {
      out.add(job(ModelKind.LSTM_VISUAL, 0, ff));
      out.add(job(ModelKind.LSTM_EEG, 0, ff));
    }
    return out;
  }

  private ProtocolJob job(ModelKind m, double w, String ff) {
    return new ProtocolJob(fold.scheme(), fold.index(), m, w, seed, dataDir, ff);
  }

  /**
   * Predicted and true valence of one test trial, for the report's trace plot.
   *
   * @param model what predicted ("student + KD w=1.0")
   */
  public record Trace(String trialId, String model, double[] predicted, double[] truth)
      implements Serializable {}

  /** What a task produces: its results (one per job) and the traces of its first test trial. */
  public record Output(ProtocolResults results, List<Trace> traces) implements Serializable {}

  /**
   * Runs the task on the loaded data ({@code trials} by id).
   *
   * @throws InterruptedException if interrupted (checkpoints keep the progress)
   */
  public Output run(Map<String, PairedTrial> trials, DistillationListener listener)
      throws InterruptedException {
    return run(trials, listener, null);
  }

  /**
   * Runs the task on the loaded data, with progress listeners for the distillation and (when the
   * settings ask for them) the LSTM baselines.
   *
   * @param baselines gives the listener of the baseline of that name ("lstm-visual", "lstm-eeg");
   *     null, or returning null, for none
   * @throws InterruptedException if interrupted (checkpoints keep the progress)
   */
  public Output run(
      Map<String, PairedTrial> trials,
      DistillationListener listener,
      Function<String, TrainingListener> baselines)
      throws InterruptedException {
    List<PairedTrial> train = pick(trials, Fold.Part.TRAIN);
    List<PairedTrial> val = pick(trials, Fold.Part.VALIDATION);
    List<PairedTrial> test = pick(trials, Fold.Part.TEST);
    long t0 = System.nanoTime();
    VisualTeacher teacher =
        MahnobDistiller.teacher(
            settings.faceColumns(),
            settings.channels(),
            settings.learningRate(),
            settings.teacherEpochs());
    CrossModalDistiller.Builder<TcnStudent> b =
        MahnobDistiller.builder(
                teacher,
                train.get(0).eeg().featureSize(),
                settings.channels(),
                settings.learningRate(),
                settings.studentEpochs(),
                settings.eegStandardization() == ProtocolSettings.EegStandardization.TRAINING)
            .kdWeights(settings.weights())
            .seed(seed)
            .checkpoints(checkpointDir == null ? null : Path.of(checkpointDir));
    if (listener != null) {
      b.listener(listener);
    }
    DistillationResult<TcnStudent> r = b.build().fit(train, val);
    double distillSeconds = (System.nanoTime() - t0) / 1e9;
    if (modelDir != null) {
      try {
        r.plainStudent().save(Path.of(modelDir, id() + "-student.kd4j"));
        r.student().save(Path.of(modelDir, id() + "-student-kd.kd4j"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("could not save the students of " + id(), e);
      }
    }
    WindowPlan plan = WindowPlan.DEFAULT;
    List<Trial> testFace = test.stream().map(teacher::visualTrial).toList();
    List<Trial> testEeg = test.stream().map(PairedTrial::eeg).toList();
    List<FoldResult> out = new ArrayList<>();
    Evaluator.Evaluation te = Evaluator.evaluate(teacher, testFace, plan);
    out.add(
        FoldResult.of(
            job(ModelKind.TEACHER, 0, "-"),
            r.teacherValidation(),
            te.foldMetrics(),
            te.trialMetrics(),
            r.seconds().get("teacher"),
            Math.max(1, teacher.model().trainingResult().bestEpoch())));
    for (Map.Entry<Double, TcnStudent> e : r.students().entrySet()) {
      double w = e.getKey();
      Evaluator.Evaluation ev = Evaluator.evaluate(e.getValue(), testEeg, plan);
      MetricSet val0 = r.validation().get(w);
      out.add(
          FoldResult.of(
              job(ModelKind.STUDENT, w, "-"),
              val0,
              ev.foldMetrics(),
              ev.trialMetrics(),
              r.seconds()
                  .getOrDefault(
                      String.format(java.util.Locale.ROOT, "student w=%.1f", w), distillSeconds),
              Math.max(1, e.getValue().model().trainingResult().bestEpoch())));
    }
    if (settings.baselines()) {
      out.addAll(
          Baselines.run(
              this, train, val, test, MahnobDistiller.base(settings.learningRate()), baselines));
    }
    List<Trace> traces = new ArrayList<>();
    Evaluator.Evaluation plain = Evaluator.evaluate(r.plainStudent(), testEeg, plan);
    Evaluator.Evaluation kd = Evaluator.evaluate(r.student(), testEeg, plan);
    String first = test.get(0).id();
    double[] truth = new double[test.get(0).length()];
    float[] y = test.get(0).eeg().labelsView();
    for (int t = 0; t < truth.length; t++) {
      truth[t] = y[t];
    }
    traces.add(new Trace(first, "visual teacher", te.predictions().trial(first), truth));
    traces.add(new Trace(first, "EEG student", plain.predictions().trial(first), truth));
    traces.add(
        new Trace(
            first,
            String.format(java.util.Locale.ROOT, "EEG student + KD (w=%.1f)", r.chosenWeight()),
            kd.predictions().trial(first),
            truth));
    return new Output(ProtocolResults.of(out), traces);
  }

  private List<PairedTrial> pick(Map<String, PairedTrial> trials, Fold.Part part) {
    List<PairedTrial> out = new ArrayList<>();
    for (String id : fold.ids(part)) {
      PairedTrial p = trials.get(id);
      if (p == null) {
        throw new IllegalArgumentException(
            "fold " + fold.name() + " names trial " + id + ", which is not in " + dataDir);
      }
      out.add(p);
    }
    return out;
  }

  /** A job of this task (used by the baselines). */
  ProtocolJob baselineJob(ModelKind m) {
    return job(m, 0, "-");
  }
}
