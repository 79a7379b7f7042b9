package io.github.kd4j.core.distill;

import io.github.kd4j.core.data.DataFingerprint;
import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.train.EpochReport;
import io.github.kd4j.core.train.RunSeeds;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingLoss;
import io.github.kd4j.core.train.WindowSampler;
import io.github.kd4j.metrics.MetricSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visual-to-EEG cross-modal knowledge distillation in one call (SPEC 1, 4.3, 6, 7): trains the
 * teacher on the visual streams (or takes a trained one), extracts its knowledge once for the
 * training and validation trials, trains the EEG student at {@code w = 0} and at every weight of
 * the grid, and chooses the weight by validation CCC on stitched trials.
 *
 * <pre>{@code
 * CrossModalDistiller<TcnStudent> distiller = CrossModalDistiller.builder()
 *     .teacher(VisualTeacher.builder().features(327).build())
 *     .student(TcnStudent.builder().inputSize(128))
 *     .kdWeights(0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0)
 *     .seed(7).checkpoints(dir).build();
 * DistillationResult<TcnStudent> r = distiller.fit(train, validation);
 * TcnStudent best = r.student();
 * }</pre>
 *
 * <p>Design: every student starts from the same initial weights and sees the same batches in the
 * same order with the same dropout masks (one student seed, {@link RunSeeds#child(int)} 1 of the
 * run seed; the teacher gets child 0), so the students differ only by {@code w}: a paired design.
 * Test trials never get knowledge, and students predict from EEG features alone. With a checkpoint
 * directory every stage checkpoints (teacher/, student-w0.0/, student-w0.2/, ...): an interrupted
 * {@code fit} called again with the same settings and data resumes and ends bit-identical to an
 * uninterrupted one.
 *
 * @param <S> the student type ({@code TcnStudent} when built from its builder)
 */
public final class CrossModalDistiller<S extends SequenceModel> {
  private static final Logger LOG = LoggerFactory.getLogger(CrossModalDistiller.class);

  /** The KD weight grid of SPEC 6. */
  public static final double[] SPEC_GRID = {0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0};

  private final Teacher teacher;
  private final StudentTemplate<S> student;
  private final double[] weights;
  private final long seed;
  private final Path checkpoints;
  private final List<DistillationListener> listeners;

  private CrossModalDistiller(Builder<S> b) {
    this.teacher = b.teacher;
    this.student = b.student;
    this.weights = b.weights.clone();
    this.seed = b.seed;
    this.checkpoints = b.checkpoints;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A builder; {@code teacher} and {@code student} are required. */
  public static Builder<SequenceModel> builder() {
    return new Builder<>();
  }

  /** The teacher. */
  public Teacher teacher() {
    return teacher;
  }

  /** The KD weights of the grid (w = 0 is always run besides them). */
  public double[] kdWeights() {
    return weights.clone();
  }

  /** The one seed of the run. */
  public long seed() {
    return seed;
  }

  /**
   * Runs the whole method on paired trials.
   *
   * @throws IllegalArgumentException naming the trial for empty partitions, duplicate ids, a trial
   *     in both partitions, or streams that do not fit the teacher or the student
   * @throws InterruptedException if interrupted; with checkpoints the run resumes on the next call
   */
  public DistillationResult<S> fit(List<PairedTrial> train, List<PairedTrial> validation)
      throws InterruptedException {
    check(train, validation);
    long t0 = System.nanoTime();
    RunSeeds seeds = RunSeeds.of(seed);
    Map<String, Double> seconds = new LinkedHashMap<>();
    int stages = 2 + 1 + weights.length;
    Clock clock = new Clock(stages);

    // Stage 1: the teacher
    stage(DistillationListener.Stage.TEACHER, Double.NaN, 0, stages);
    long s = System.nanoTime();
    if (teacher.isFitted()) {
      LOG.info("Teacher is already trained: {}", teacher.provenance());
    } else {
      teacher.fit(
          train,
          validation,
          seeds.child(0),
          dir("teacher"),
          listener(DistillationListener.Stage.TEACHER, Double.NaN, 0, clock));
    }
    clock.finished(0);
    List<Trial> teacherVal = new ArrayList<>();
    for (PairedTrial p : validation) {
      teacherVal.add(teacher.visualTrial(p));
    }
    MetricSet teacherValidation =
        Evaluator.evaluate(teacher, teacherVal, student.trainer().windows()).foldMetrics();
    seconds.put("teacher", (System.nanoTime() - s) / 1e9);
    LOG.info("Teacher validation: {}", teacherValidation);

    // Stage 2: knowledge for the training and validation trials only (SPEC 4.3)
    stage(DistillationListener.Stage.KNOWLEDGE, Double.NaN, 1, stages);
    s = System.nanoTime();
    List<Trial> trainK = withKnowledge(train);
    List<Trial> valK = withKnowledge(validation);
    List<Trial> valEeg = validation.stream().map(PairedTrial::eeg).toList();
    seconds.put("knowledge", (System.nanoTime() - s) / 1e9);
    clock.finished(1);

    // Stage 3: students at w = 0 and the grid, paired (same seed: same weights, batches, masks)
    long studentSeed = seeds.child(1);
    double[] all = new double[weights.length + 1];
    System.arraycopy(weights, 0, all, 1, weights.length);
    Map<Double, S> students = new LinkedHashMap<>();
    Map<Double, MetricSet> val = new LinkedHashMap<>();
    String teacherHash = teacher.provenance().dataHash();
    for (int i = 0; i < all.length; i++) {
      double w = all[i];
      int index = 2 + i;
      stage(DistillationListener.Stage.STUDENT, w, index, stages);
      s = System.nanoTime();
      TrainerConfig cfg =
          student.trainer().toBuilder()
              .seed(studentSeed)
              .kdWeight(w)
              .checkpointDir(dir(String.format(Locale.ROOT, "student-w%.2f", w)))
              .build();
      SequenceRegressor model =
          new SequenceRegressor(student.network(), student.standardize(), "eeg-student");
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("kdWeight", Double.toString(w));
      extra.put("runSeed", Long.toString(seed));
      extra.put("teacher", teacher.provenance().role() + " " + teacherHash.substring(0, 12));
      model.fit(
          trainK,
          valK,
          cfg,
          TrainingLoss.forKdWeight(w),
          WindowSampler.FEATURES,
          extra,
          listener(DistillationListener.Stage.STUDENT, w, index, clock));
      clock.finished(index);
      S wrapped = student.wrap(model);
      students.put(w, wrapped);
      val.put(w, Evaluator.evaluate(wrapped, valEeg, cfg.windows()).foldMetrics());
      seconds.put(String.format(Locale.ROOT, "student w=%.1f", w), (System.nanoTime() - s) / 1e9);
      LOG.info("Student w={}: validation {}", w, val.get(w));
    }
    double chosen = weights[0];
    for (double w : weights) {
      if (val.get(w).ccc() > val.get(chosen).ccc()) {
        chosen = w;
      }
    }
    seconds.put("total", (System.nanoTime() - t0) / 1e9);
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("grid", Arrays.toString(weights));
    extra.put("chosenWeight", Double.toString(chosen));
    extra.put("teacher", teacher.toString());
    extra.put("studentSeed", Long.toString(studentSeed));
    Provenance provenance =
        Provenance.of(
            "cross-modal-distillation",
            student.network().toString(),
            student.trainer().toBuilder().checkpointDir(null).build().toString(),
            seed,
            DataFingerprint.of(trainK, valK),
            train.size(),
            validation.size(),
            extra);
    DistillationResult<S> r =
        new DistillationResult<>(
            teacher, teacherValidation, students, val, chosen, provenance, seconds);
    LOG.info("{}", r);
    return r;
  }

  private List<Trial> withKnowledge(List<PairedTrial> trials) {
    List<Trial> out = new ArrayList<>(trials.size());
    for (PairedTrial p : trials) {
      float[][] k = teacher.knowledge(p);
      if (k.length != p.length() * teacher.knowledgeRate()) {
        throw new IllegalStateException(
            "teacher knowledge of trial "
                + p.id()
                + " must have "
                + p.length() * teacher.knowledgeRate()
                + " rows, got "
                + k.length);
      }
      out.add(p.eeg().withKnowledge(k));
    }
    return out;
  }

  private void check(List<PairedTrial> train, List<PairedTrial> validation) {
    if (train == null || train.isEmpty()) {
      throw new IllegalArgumentException("training trials must not be empty");
    }
    if (validation == null || validation.isEmpty()) {
      throw new IllegalArgumentException("validation trials must not be empty");
    }
    Set<String> ids = new HashSet<>();
    int d = student.network().inputSize();
    for (List<PairedTrial> part : List.of(train, validation)) {
      for (PairedTrial p : part) {
        Objects.requireNonNull(p, "trial");
        if (!ids.add(p.id())) {
          throw new IllegalArgumentException(
              "trial "
                  + p.id()
                  + " appears twice (within a partition or in both training and validation)");
        }
        if (p.eeg().featureSize() != d) {
          throw new IllegalArgumentException(
              "trial "
                  + p.id()
                  + ": EEG features must have "
                  + d
                  + " values per step (the student's inputSize), got "
                  + p.eeg().featureSize());
        }
      }
    }
  }

  private Path dir(String name) {
    return checkpoints == null ? null : checkpoints.resolve(name);
  }

  private void stage(DistillationListener.Stage st, double w, int index, int stages) {
    for (DistillationListener l : listeners) {
      l.onStage(st, w, index, stages);
    }
  }

  private TrainingListener listener(
      DistillationListener.Stage st, double w, int index, Clock clock) {
    return new TrainingListener() {
      private int maxEpochs;

      @Override
      public void onStart(int firstEpoch, int maxEpochs, int stepsPerEpoch) {
        this.maxEpochs = maxEpochs;
      }

      @Override
      public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
        for (DistillationListener l : listeners) {
          l.onStep(st, w, step, stepsPerEpoch);
        }
      }

      @Override
      public void onEpoch(EpochReport report) {
        clock.epoch(index, report.seconds());
        DistillationListener.Progress p =
            new DistillationListener.Progress(
                st,
                w,
                index,
                clock.stages,
                report.epoch(),
                maxEpochs,
                clock.elapsed(),
                clock.eta(index, report.epoch(), maxEpochs));
        for (DistillationListener l : listeners) {
          l.onEpoch(p, report);
        }
      }
    };
  }

  /** Elapsed time and an estimate of the rest: mean epoch time x epochs left at most. */
  private final class Clock {
    final int stages;
    final long start = System.nanoTime();
    double epochSeconds;
    int epochs;

    Clock(int stages) {
      this.stages = stages;
    }

    void epoch(int stage, double seconds) {
      epochSeconds += seconds;
      epochs++;
    }

    void finished(int stage) {}

    double elapsed() {
      return (System.nanoTime() - start) / 1e9;
    }

    double eta(int stage, int epoch, int maxEpochs) {
      if (epochs == 0) {
        return Double.NaN;
      }
      double mean = epochSeconds / epochs;
      int studentsLeft = Math.max(0, stages - 1 - Math.max(stage, 2));
      int left = (maxEpochs - epoch) + studentsLeft * student.trainer().maxEpochs();
      return mean * left;
    }
  }

  @Override
  public String toString() {
    return "CrossModalDistiller{teacher="
        + teacher
        + ", student="
        + student
        + ", kdWeights="
        + Arrays.toString(weights)
        + ", seed="
        + seed
        + ", checkpoints="
        + checkpoints
        + "}";
  }

  /**
   * Builder of {@link CrossModalDistiller}; setters check their argument, {@link #build()} the
   * rest.
   *
   * @param <S> the student type, fixed by {@link #student}
   */
  public static final class Builder<S extends SequenceModel> {
    private Teacher teacher;
    private StudentTemplate<S> student;
    private double[] weights = SPEC_GRID.clone();
    private long seed;
    private Path checkpoints;
    private final List<DistillationListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The teacher (trained or not: an untrained one is trained first). Required. */
    public Builder<S> teacher(Teacher v) {
      teacher = Objects.requireNonNull(v, "teacher");
      return this;
    }

    /** The student template (e.g. {@code TcnStudent.builder().inputSize(128)}). Required. */
    @SuppressWarnings("unchecked")
    public <T extends SequenceModel> Builder<T> student(StudentTemplate<T> v) {
      Builder<T> b = (Builder<T>) this;
      b.student = Objects.requireNonNull(v, "student");
      return b;
    }

    /**
     * The KD weight grid, each {@code > 0}, distinct, in the order given; w = 0 is always run too.
     * Default: {@link #SPEC_GRID} (0.2 to 2.0 by 0.2).
     */
    public Builder<S> kdWeights(double... v) {
      Objects.requireNonNull(v, "kdWeights");
      if (v.length == 0) {
        throw new IllegalArgumentException(
            "kdWeights must hold at least one weight > 0, got an empty grid");
      }
      Set<Double> seen = new HashSet<>();
      for (double w : v) {
        if (!(w > 0) || Double.isInfinite(w)) {
          throw new IllegalArgumentException(
              "kdWeights must be finite and > 0 (w = 0 is always run), got "
                  + w
                  + " in "
                  + Arrays.toString(v));
        }
        if (!seen.add(w)) {
          throw new IllegalArgumentException(
              "kdWeights must be distinct, got " + w + " twice in " + Arrays.toString(v));
        }
      }
      weights = v.clone();
      return this;
    }

    /** The one seed of the run; default 0. */
    public Builder<S> seed(long v) {
      seed = v;
      return this;
    }

    /** Checkpoint directory (one folder per stage); default none. */
    public Builder<S> checkpoints(Path v) {
      checkpoints = v;
      return this;
    }

    /** Adds a progress listener. */
    public Builder<S> listener(DistillationListener v) {
      listeners.add(Objects.requireNonNull(v, "listener"));
      return this;
    }

    /**
     * Builds the distiller; the builder stays reusable.
     *
     * @throws IllegalStateException without a teacher or a student
     * @throws IllegalArgumentException when the teacher's and the student's feature widths differ
     */
    public CrossModalDistiller<S> build() {
      if (teacher == null) {
        throw new IllegalStateException("teacher must be set before build()");
      }
      if (student == null) {
        throw new IllegalStateException("student must be set before build()");
      }
      if (teacher.featureSize() != student.network().outputSize()) {
        throw new IllegalArgumentException(
            "the teacher's features ("
                + teacher.featureSize()
                + " per step) must be as wide as the student's ("
                + student.network().outputSize()
                + "): the KD term compares them element by element");
      }
      return new CrossModalDistiller<>(this);
    }
  }
}
