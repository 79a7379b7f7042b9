package io.github.kd4j.vision.teacher;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import io.github.kd4j.core.distill.Teacher;
import io.github.kd4j.core.distill.VisualInput;
import io.github.kd4j.core.internal.Checks;
import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.model.TcnModelBuilder;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingLoss;
import io.github.kd4j.core.train.TrainingResult;
import io.github.kd4j.core.train.WindowSampler;
import io.github.kd4j.vision.backbone.EmbeddingCache;
import io.github.kd4j.vision.backbone.FrameTeacherOnnx;
import io.github.kd4j.vision.backbone.OnnxBackbone;
import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The visual teacher of SPEC 1 and 4: per-step visual inputs -> TCN -> 128-D ST features (the
 * knowledge) -> linear regressor -> valence, trained with the CCC loss (SPEC 6, 7).
 *
 * <p>Two inputs:
 *
 * <ul>
 *   <li>{@link Builder#features(int) per-step visual features} {@code [T][d]} ({@link
 *       StepFeatures}; SPEC 4.2 option 3, e.g. the 327 {@code face_feats} of the MAHNOB-HCI feature
 *       files), standardised with statistics of the training partition only (SPEC 7, 12). Knowledge
 *       at 4 Hz ({@link #knowledgeRate()} 1).
 *   <li>{@link Builder#onnxBackbone(Path) video frames through a frozen ONNX backbone} ({@link
 *       FrameSequence}, 16 frames of 48x48x3 per label step; backbone input {@code [N, 3, 40, 40]}
 *       or {@code [N, 3, 48, 48]}, output {@code [N, D]}), run by ONNX Runtime (CUDA when present).
 *       Training draws, per window and epoch, one frame of each 16-frame group, one random 40x40
 *       crop and a flip with p = 0.5 for the whole window (SPEC 4.1; all from the epoch's
 *       frame-pick stream, in the order of {@code FrameTransform}); evaluation takes frame 0 of
 *       each group with the centre crop; pixels are normalised {@code (x/255 - 0.5)/0.5}. Every
 *       distinct (trial, frame, crop, flip) is embedded once and cached, so epochs do not re-run
 *       the backbone. Embeddings are not standardised (the reference feeds CNN features as they
 *       are). Knowledge is the TCN over every frame (64 Hz, {@link #knowledgeRate()} 16, SPEC 4.3).
 *       The ONNX export joins backbone and TCN into one file mapping frames to valence and
 *       features. Decoding video files is out of scope: frames come as arrays or image folders
 *       ({@code FrameFolderReader}).
 * </ul>
 *
 * <pre>{@code
 * VisualTeacher teacher = VisualTeacher.builder().features(327).seed(7).build();
 * // or VisualTeacher.builder().onnxBackbone(Path.of("backbone.onnx")).seed(7).build();
 * teacher.fit(train, validation);                // paired trials
 * float[][] knowledge = teacher.knowledge(trial); // [T * knowledgeRate()][128]
 * }</pre>
 */
public final class VisualTeacher implements Teacher {
  /** The role recorded in the provenance of teachers on per-step features. */
  public static final String ROLE = "visual-teacher";

  /** The role recorded in the provenance of teachers on frames. */
  public static final String FRAME_ROLE = FrameTeacherOnnx.ROLE;

  private final TcnConfig config;
  private final TrainerConfig trainer;
  private final SequenceRegressor model;
  private final Path backbonePath;
  private final EmbeddingCache cache;

  private VisualTeacher(
      TcnConfig config,
      TrainerConfig trainer,
      SequenceRegressor model,
      Path backbonePath,
      EmbeddingCache cache) {
    this.config = config;
    this.trainer = trainer;
    this.model = model;
    this.backbonePath = backbonePath;
    this.cache = cache;
  }

  /** Whether the teacher takes frames (through the backbone) rather than per-step features. */
  public boolean takesFrames() {
    return cache != null;
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
    if (!takesFrames()) {
      return model.fit(tr, va, cfg, listeners);
    }
    Map<String, FrameSequence> frames = new HashMap<>();
    for (PairedTrial p : train) {
      frames.put(p.id(), frameSequence(p));
    }
    return model.fit(
        tr,
        va,
        cfg,
        TrainingLoss.forKdWeight(0),
        new FrameSampler(cache, frames),
        Map.of("backbone", backbonePath.toString(), "backboneHash", cache.backbone().modelHash()),
        listeners);
  }

  /**
   * Training inputs of a frame teacher: per window one frame per group, one crop and one flip (SPEC
   * 4.1), embedded through the cache.
   */
  private record FrameSampler(EmbeddingCache cache, Map<String, FrameSequence> frames)
      implements WindowSampler {
    @Override
    public void fill(
        Trial trial,
        WindowPlan.Window window,
        SplittableRandom framePicks,
        SplittableRandom crops,
        float[] dst,
        int offset) {
      FrameSequence seq = frames.get(trial.id());
      List<FrameView> views =
          cache.transform().trainViews(seq, window.start(), window.valid(), framePicks);
      float[][] e = cache.embed(seq, views);
      int d = trial.featureSize();
      for (int t = 0; t < e.length; t++) {
        System.arraycopy(e[t], 0, dst, offset + t * d, d);
      }
    }

    @Override
    public String toString() {
      return "frames(" + cache.backbone().modelHash() + ", " + cache.transform() + ")";
    }
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
    return Trial.of(trial.id(), trial.subject(), stepInputs(trial), trial.eeg().labelsView());
  }

  /** The teacher's per-step inputs in evaluation mode: features, or eval-view embeddings. */
  private float[][] stepInputs(PairedTrial trial) {
    return takesFrames() ? cache.embedEval(frameSequence(trial)) : stepFeatures(trial);
  }

  private FrameSequence frameSequence(PairedTrial trial) {
    VisualInput v = trial.visual();
    if (!(v instanceof FrameSequence f)) {
      throw new IllegalArgumentException(
          "trial " + trial.id() + ": this teacher takes frames (FrameSequence), got " + v);
    }
    if (!f.trialId().equals(trial.id())) {
      throw new IllegalArgumentException(
          "trial " + trial.id() + ": its frames belong to trial " + f.trialId());
    }
    return f;
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

  /**
   * {@inheritDoc}
   *
   * <p>Per-step features: {@code [T][c_L]}. Frames: the TCN over the embeddings of every frame
   * (centre crop), a 64 Hz sequence, {@code [T * 16][c_L]} (SPEC 4.3).
   */
  @Override
  public float[][] knowledge(PairedTrial trial) {
    if (!takesFrames()) {
      return model.features(stepFeatures(trial));
    }
    FrameSequence seq = frameSequence(trial);
    float[][] e = cache.embed(seq, cache.transform().allFrameViews(seq));
    return model.features(e);
  }

  @Override
  public int knowledgeRate() {
    return takesFrames() ? FrameSequence.DEFAULT_FRAMES_PER_STEP : 1;
  }

  /** Valence per step from the trial's visual stream. */
  public float[] predict(PairedTrial trial) {
    return model.predict(stepInputs(trial));
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
      throw new IOException(
          file
              + ": model role must be "
              + ROLE
              + ", got "
              + m.role()
              + (FRAME_ROLE.equals(m.role()) ? " (use load(file, backbone))" : ""));
    }
    return new VisualTeacher(m.config(), m.trainer(), m, null, null);
  }

  /**
   * Reads a frame teacher written by {@link #save} with its backbone.
   *
   * @throws IOException naming the file when it is not a frame teacher, is damaged, or was trained
   *     with another backbone (hash recorded in its provenance)
   */
  public static VisualTeacher load(Path file, Path backbone) throws IOException {
    SequenceRegressor m = SequenceRegressor.load(file);
    if (!FRAME_ROLE.equals(m.role())) {
      throw new IOException(file + ": model role must be " + FRAME_ROLE + ", got " + m.role());
    }
    OnnxBackbone b = OnnxBackbone.load(backbone);
    String hash = m.provenance().extra().get("backboneHash");
    if (hash != null && !hash.equals(b.modelHash())) {
      b.close();
      throw new IOException(
          file
              + ": trained with backbone "
              + hash
              + ", got "
              + backbone
              + " ("
              + b.modelHash()
              + ")");
    }
    return new VisualTeacher(m.config(), m.trainer(), m, backbone, new EmbeddingCache(b));
  }

  /**
   * Writes the trained teacher as ONNX ({@code x [batch, time, d]} of raw visual features, the
   * standardisation inside the graph) with its provenance.
   */
  @Override
  public void exportOnnx(Path file, String note) throws IOException {
    if (!takesFrames()) {
      model.exportOnnx(
          file, note, Map.of("kd4j.step_rate_hz", "4", "kd4j.input", "per-step visual features"));
      return;
    }
    Path abs = file.toAbsolutePath();
    java.nio.file.Files.createDirectories(abs.getParent());
    Path tcn = java.nio.file.Files.createTempFile(abs.getParent(), ".tcn", ".onnx");
    try {
      model.exportOnnx(tcn, note, Map.of("kd4j.step_rate_hz", "4"));
      FrameTeacherOnnx.write(backbonePath, tcn, file);
    } finally {
      java.nio.file.Files.deleteIfExists(tcn);
    }
  }

  @Override
  public String toString() {
    return "VisualTeacher{"
        + (takesFrames() ? "frames through " + backbonePath : "per-step features")
        + ", "
        + config
        + ", "
        + trainer
        + ", fitted="
        + isFitted()
        + "}";
  }

  /** Builder of {@link VisualTeacher}; setters check their argument, {@link #build()} the rest. */
  public static final class Builder extends TcnModelBuilder<Builder> {
    private int features = -1;
    private Path backbone;

    private Builder() {
      super(true, TrainerConfig.builder().build());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Per-step visual features of this width (e.g. 327 face features); or {@link #onnxBackbone}.
     */
    public Builder features(int width) {
      features = Checks.positive("features", width);
      backbone = null;
      return this;
    }

    /**
     * Frames through this frozen ONNX backbone (input {@code [N, 3, 40, 40]} or {@code [N, 3, 48,
     * 48]}, output {@code [N, D]}); or {@link #features}. Checked and loaded by {@link #build()}.
     */
    public Builder onnxBackbone(Path file) {
      backbone = Objects.requireNonNull(file, "onnxBackbone");
      features = -1;
      return this;
    }

    /**
     * Standardise per-step features with training statistics; default true (SPEC 7). Frame
     * embeddings are never standardised.
     */
    @Override
    public Builder standardize(boolean v) {
      return super.standardize(v);
    }

    /**
     * Builds an untrained teacher (loading the backbone, if any); the builder stays reusable.
     *
     * @throws IllegalStateException when no input was chosen
     * @throws IllegalArgumentException naming the backbone file when it cannot be used
     */
    public VisualTeacher build() {
      if (features < 0 && backbone == null) {
        throw new IllegalStateException(
            "choose the teacher's input before build(): features(width) for per-step features or"
                + " onnxBackbone(file) for frames");
      }
      EmbeddingCache cache = null;
      int width = features;
      if (backbone != null) {
        try {
          cache = new EmbeddingCache(OnnxBackbone.load(backbone));
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "onnxBackbone must be a usable ONNX backbone: " + e.getMessage(), e);
        }
        width = cache.backbone().embeddingWidth();
      }
      TcnConfig cfg = network(width);
      return new VisualTeacher(
          cfg,
          seededTrainer(),
          new SequenceRegressor(
              cfg, backbone == null && standardizes(), backbone == null ? ROLE : FRAME_ROLE),
          backbone,
          cache);
    }

    @Override
    public String toString() {
      return "VisualTeacher.Builder{"
          + (backbone == null ? "features=" + features : "onnxBackbone=" + backbone)
          + ", "
          + settings()
          + "}";
    }
  }
}
