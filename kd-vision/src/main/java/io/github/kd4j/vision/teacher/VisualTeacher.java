package io.github.kd4j.vision.teacher;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import io.github.kd4j.core.distill.Teacher;
import io.github.kd4j.core.distill.VisualInput;
import io.github.kd4j.core.internal.Checks;
import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The visual teacher of SPEC 1 and 4: per-step visual inputs -> TCN -> 128-D ST features (the
 * knowledge) -> linear regressor -> valence, trained with the CCC loss (SPEC 6, 7).
 *
 * <p>Input here: per-step visual features {@code [T][d]} ({@link StepFeatures}; SPEC 4.2 option 3,
 * e.g. the 327 {@code face_feats} of the MAHNOB-HCI feature files), standardised with statistics of
 * the training partition only (SPEC 7, 12). Knowledge is at the label rate (4 Hz, {@link
 * #knowledgeRate()} 1).
 *
 * <pre>{@code
 * VisualTeacher teacher = VisualTeacher.builder().features(327).seed(7).build();
 * teacher.fit(train, validation);                // paired trials
 * float[][] knowledge = teacher.knowledge(trial); // [T][128]
 * }</pre>
 */
public final class VisualTeacher implements Teacher {
  /** The role recorded in the provenance of teachers. */
  public static final String ROLE = "visual-teacher";

  private final TcnConfig config;
  private final TrainerConfig trainer;
  private final SequenceRegressor model;

  private VisualTeacher(TcnConfig config, TrainerConfig trainer, SequenceRegressor model) {
    this.config = config;
    this.trainer = trainer;
    this.model = model;
  }

  /**
   * A builder with the SPEC defaults: channels [128, 128], kernel 3, dropout 0.1, teacher trainer.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains with the builder's seed (see {@link #fit(List, List, long, Path, TrainingListener...)}).
   */
  public TrainingResult fit(
      List<PairedTrial> train, List<PairedTrial> validation, TrainingListener... listeners)
      throws InterruptedException {
    return fit(train, validation, trainer.seed(), trainer.checkpointDir(), listeners);
  }

  @Override
  public TrainingResult fit(
      List<PairedTrial> train,
      List<PairedTrial> validation,
      long seed,
      Path checkpointDir,
      TrainingListener... listeners)
      throws InterruptedException {
    List<Trial> tr = visualTrials(train, "training");
    List<Trial> va = visualTrials(validation, "validation");
    TrainerConfig cfg = trainer.toBuilder().seed(seed).checkpointDir(checkpointDir).build();
    return model.fit(tr, va, cfg, listeners);
  }

  private List<Trial> visualTrials(List<PairedTrial> trials, String what) {
    if (trials == null || trials.isEmpty()) {
      throw new IllegalArgumentException(what + " trials must not be empty");
    }
    List<Trial> out = new ArrayList<>(trials.size());
    for (PairedTrial p : trials) {
      out.add(visualTrial(p));
    }
    return out;
  }

  @Override
  public boolean isFitted() {
    return model.isFitted();
  }

  @Override
  public Trial visualTrial(PairedTrial trial) {
    Objects.requireNonNull(trial, "trial");
    return Trial.of(trial.id(), trial.subject(), stepFeatures(trial), trial.eeg().labelsView());
  }

  private float[][] stepFeatures(PairedTrial trial) {
    VisualInput v = trial.visual();
    if (!(v instanceof StepFeatures f)) {
      throw new IllegalArgumentException(
          "trial "
              + trial.id()
              + ": this teacher takes per-step visual features (StepFeatures), got "
              + v);
    }
    if (f.width() != config.inputSize()) {
      throw new IllegalArgumentException(
          "trial "
              + trial.id()
              + ": visual features must have "
              + config.inputSize()
              + " values per step (the teacher's features()), got "
              + f.width());
    }
    return f.view();
  }

  @Override
  public float[][] knowledge(PairedTrial trial) {
    return model.features(stepFeatures(trial));
  }

  @Override
  public int knowledgeRate() {
    return 1;
  }

  /** Valence per step from the trial's visual stream. */
  public float[] predict(PairedTrial trial) {
    return model.predict(stepFeatures(trial));
  }

  @Override
  public float[] predict(float[][] x) {
    return model.predict(x);
  }

  @Override
  public float[][] features(float[][] x) {
    return model.features(x);
  }

  @Override
  public int inputSize() {
    return config.inputSize();
  }

  @Override
  public int featureSize() {
    return config.outputSize();
  }

  @Override
  public Provenance provenance() {
    return model.provenance();
  }

  /** The network shape. */
  public TcnConfig config() {
    return config;
  }

  /** The training settings. */
  public TrainerConfig trainer() {
    return trainer;
  }

  /** The underlying regressor. */
  public SequenceRegressor model() {
    return model;
  }

  @Override
  public void save(Path file) throws IOException {
    model.save(file);
  }

  /**
   * Reads a teacher written by {@link #save}, with every setting.
   *
   * @throws IOException naming the file when it is not a visual teacher or is damaged
   */
  public static VisualTeacher load(Path file) throws IOException {
    SequenceRegressor m = SequenceRegressor.load(file);
    if (!ROLE.equals(m.role())) {
      throw new IOException(file + ": model role must be " + ROLE + ", got " + m.role());
    }
    return new VisualTeacher(m.config(), m.trainer(), m);
  }

  /**
   * Writes the trained teacher as ONNX ({@code x [batch, time, d]} of raw visual features, the
   * standardisation inside the graph) with its provenance.
   */
  @Override
  public void exportOnnx(Path file, String note) throws IOException {
    model.exportOnnx(
        file, note, Map.of("kd4j.step_rate_hz", "4", "kd4j.input", "per-step visual features"));
  }

  @Override
  public String toString() {
    return "VisualTeacher{per-step features, "
        + config
        + ", "
        + trainer
        + ", fitted="
        + isFitted()
        + "}";
  }

  /** Builder of {@link VisualTeacher}; setters check their argument, {@link #build()} the rest. */
  public static final class Builder {
    private int features = -1;
    private int[] channels = {128, 128};
    private int kernelSize = 3;
    private double dropout = 0.1;
    private boolean standardize = true;
    private long seed;
    private TrainerConfig trainer = TrainerConfig.builder().build();

    private Builder() {}

    /** Per-step visual features of this width (e.g. 327 face features). Required. */
    public Builder features(int width) {
      features = Checks.positive("features", width);
      return this;
    }

    /** TCN channels per block; default [128, 128] (the last is the knowledge width). */
    public Builder channels(int... v) {
      Objects.requireNonNull(v, "channels");
      channels = v.clone();
      TcnConfig.builder().inputSize(1).channels(channels); // validates
      return this;
    }

    /** Kernel size; default 3. */
    public Builder kernelSize(int v) {
      kernelSize = Checks.positive("kernelSize", v);
      return this;
    }

    /** Dropout in [0, 1); default 0.1. */
    public Builder dropout(double v) {
      dropout = Checks.probability("dropout", v);
      return this;
    }

    /** Standardise features with training statistics; default true (SPEC 7). */
    public Builder standardize(boolean v) {
      standardize = v;
      return this;
    }

    /** The one seed of the teacher's training when trained on its own; default 0. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Training settings; default SPEC 7's teacher (30 epochs, early stopping after 20). */
    public Builder trainer(TrainerConfig v) {
      trainer = Objects.requireNonNull(v, "trainer");
      return this;
    }

    /**
     * Builds an untrained teacher; the builder stays reusable.
     *
     * @throws IllegalStateException when no input was chosen ({@link #features})
     */
    public VisualTeacher build() {
      if (features < 0) {
        throw new IllegalStateException(
            "choose the teacher's input before build(): features(width) for per-step features");
      }
      TcnConfig cfg =
          TcnConfig.builder()
              .inputSize(features)
              .channels(channels)
              .kernelSize(kernelSize)
              .dropout(dropout)
              .build();
      return new VisualTeacher(
          cfg,
          trainer.toBuilder().seed(seed).build(),
          new SequenceRegressor(cfg, standardize, ROLE));
    }

    @Override
    public String toString() {
      return "VisualTeacher.Builder{features="
          + features
          + ", channels="
          + Arrays.toString(channels)
          + ", seed="
          + seed
          + "}";
    }
  }
}
