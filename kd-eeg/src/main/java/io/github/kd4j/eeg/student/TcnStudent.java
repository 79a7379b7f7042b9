package io.github.kd4j.eeg.student;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.distill.StudentTemplate;
import io.github.kd4j.core.internal.Checks;
import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.model.TcnModelBuilder;
import io.github.kd4j.core.model.ValenceStream;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The EEG student of SPEC 1: band-power features per 4 Hz step -> TCN -> 128-D ST features ->
 * linear regressor -> valence, trained with {@code (1 - CCC) + w * L1(teacher, student features)}.
 *
 * <p>Input: {@code [T][inputSize]} per trial, time first (192 = 6 bands x 32 channels, band-major,
 * for the features of SPEC 3; 128 for the MAHNOB feature files of SPEC 12). Output: one valence
 * value per step. With a KD weight {@code w > 0} ({@link TrainerConfig#kdWeight()}), every training
 * trial must carry the teacher's knowledge ({@link Trial#withKnowledge}) of width {@code
 * channels[L-1]}; at test time the student needs EEG only.
 *
 * <pre>{@code
 * TcnStudent student = TcnStudent.builder().inputSize(192).seed(42)
 *     .trainer(TrainerConfig.student().kdWeight(1.0).build())
 *     .build();
 * TrainingResult r = student.fit(trainTrials, validationTrials);
 * float[] valence = student.predict(bandPower); // bandPower[T][192]
 * student.save(Path.of("student.kd4j"));
 * }</pre>
 */
public final class TcnStudent implements SequenceModel {
  private final TcnConfig config;
  private final long seed;
  private final boolean standardize;
  private final TrainerConfig trainer;
  private final SequenceRegressor model;

  private TcnStudent(Builder b) {
    this.config = b.network();
    this.seed = b.trainer().seed();
    this.standardize = b.standardize();
    this.trainer = b.trainer();
    this.model = new SequenceRegressor(config, standardize, ROLE);
  }

  private TcnStudent(SequenceRegressor model) {
    this.config = model.config();
    this.trainer = model.trainer();
    this.seed = trainer.seed();
    this.standardize = model.standardizes();
    this.model = model;
  }

  /** The role recorded in the provenance of students. */
  public static final String ROLE = "eeg-student";

  /** A student around a trained regressor (the distiller's students). */
  public static TcnStudent of(SequenceRegressor trained) {
    if (!trained.isFitted()) {
      throw new IllegalArgumentException("the regressor must be trained, got " + trained);
    }
    return new TcnStudent(trained);
  }

  /**
   * A builder with the SPEC defaults: channels [128, 128], kernel 3, dropout 0.1, student trainer.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Trains on {@code train}, selecting the epoch by CCC on {@code validation}. */
  public TrainingResult fit(
      List<Trial> train, List<Trial> validation, TrainingListener... listeners)
      throws InterruptedException {
    return model.fit(train, validation, trainer, listeners);
  }

  /** Valence per step for features {@code [T][inputSize]}. */
  @Override
  public float[] predict(float[][] features) {
    return model.predict(features);
  }

  /** The 128-D (c_L) ST features per step, {@code [T][c_L]}. */
  @Override
  public float[][] features(float[][] features) {
    return model.features(features);
  }

  /**
   * A step-by-step evaluator for online use (one 4 Hz step per call, one step of computation each;
   * see {@code ValenceStream} for the parity reference).
   */
  public ValenceStream newStream() {
    return model.newStream();
  }

  /** Writes the trained student atomically (checksummed, with every setting and provenance). */
  @Override
  public void save(Path file) throws IOException {
    model.save(file);
  }

  /**
   * Reads a student written by {@link #save}, with every setting (network, standardisation, trainer
   * settings and seed, provenance); it predicts at once.
   */
  public static TcnStudent load(Path file) throws IOException {
    return new TcnStudent(SequenceRegressor.load(file));
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

  /** The one seed of the student's training (initial weights and every training stream). */
  public long seed() {
    return seed;
  }

  /**
   * Writes the trained student as ONNX, runnable by {@code OnnxModel} on the CPU or GPU; metadata
   * records the role, the step rate (4 Hz) and the input width.
   */
  @Override
  public void exportOnnx(Path file, String note) throws IOException {
    model.exportOnnx(
        file,
        note,
        Map.of(
            "kd4j.role",
            "eeg-student",
            "kd4j.step_rate_hz",
            "4",
            "kd4j.trainer",
            trainer.toString()));
  }

  /**
   * The gradient of the peak predicted value with respect to the input features, {@code
   * [T][inputSize]} (SPEC 10; see {@code SequenceRegressor.gradientOfPeak}): plug it into {@code
   * PeakResponseSaliency} as {@code student::gradientOfPeak}.
   */
  public float[][] gradientOfPeak(float[][] features) {
    return model.gradientOfPeak(features);
  }

  /** The network shape. */
  public TcnConfig config() {
    return config;
  }

  /** The training configuration. */
  public TrainerConfig trainer() {
    return trainer;
  }

  /** The underlying regressor (weights, standardisation), e.g. for export. */
  public SequenceRegressor model() {
    return model;
  }

  /** The current weights. */
  public TcnWeights weights() {
    return model.weights();
  }

  @Override
  public String toString() {
    return "TcnStudent{"
        + config
        + ", seed="
        + seed
        + ", standardize="
        + standardize
        + ", "
        + trainer
        + ", fitted="
        + model.isFitted()
        + "}";
  }

  /**
   * Builder of {@link TcnStudent}; setters check their argument, {@link #build()} the rest. It is
   * also the student template of {@code CrossModalDistiller}.
   */
  public static final class Builder extends TcnModelBuilder<Builder>
      implements StudentTemplate<TcnStudent> {
    private int inputSize = 192;

    private Builder() {
      super(false, TrainerConfig.student().build());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Input features per step; default 192 (SPEC 3.5). */
    public Builder inputSize(int v) {
      inputSize = Checks.positive("inputSize", v);
      return this;
    }

    /**
     * Standardise inputs with training-partition statistics; default false (SPEC 7: relative band
     * power is used as is; log-power features such as the MAHNOB files' need it).
     */
    @Override
    public Builder standardize(boolean v) {
      return super.standardize(v);
    }

    /** Builds an untrained student; the builder stays reusable. */
    public TcnStudent build() {
      return new TcnStudent(this);
    }

    @Override
    public TcnConfig network() {
      return network(inputSize);
    }

    @Override
    public boolean standardize() {
      return standardizes();
    }

    @Override
    public TrainerConfig trainer() {
      return seededTrainer();
    }

    @Override
    public TcnStudent wrap(SequenceRegressor trained) {
      return TcnStudent.of(trained);
    }

    @Override
    public String toString() {
      return "TcnStudent.Builder{inputSize=" + inputSize + ", " + settings() + "}";
    }
  }
}
