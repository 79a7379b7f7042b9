package io.github.kd4j.core.train;

import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.internal.Checks;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a network is trained (SPEC 7). Defaults are the SPEC's teacher settings: Adam with learning
 * rate 1e-5 and weight decay 1e-4, ReduceLROnPlateau on validation CCC (patience 5, factor 0.5,
 * minimum 1e-6), early stopping after 20 epochs without improvement, at most 30 epochs, batch size
 * 2, windows of 96 steps with hop 32, KD weight 0. {@link #student()} gives the student's (15 and
 * 15). Immutable; vary with {@link #toBuilder()}.
 */
public final class TrainerConfig {
  private final int maxEpochs;
  private final int earlyStoppingPatience;
  private final int batchSize;
  private final WindowPlan windows;
  private final double learningRate;
  private final double weightDecay;
  private final double minLearningRate;
  private final int plateauPatience;
  private final double plateauFactor;
  private final double kdWeight;
  private final long seed;
  private final Path checkpointDir;

  private TrainerConfig(Builder b) {
    maxEpochs = b.maxEpochs;
    earlyStoppingPatience = b.earlyStoppingPatience;
    batchSize = b.batchSize;
    windows = b.windows;
    learningRate = b.learningRate;
    weightDecay = b.weightDecay;
    minLearningRate = b.minLearningRate;
    plateauPatience = b.plateauPatience;
    plateauFactor = b.plateauFactor;
    kdWeight = b.kdWeight;
    seed = b.seed;
    checkpointDir = b.checkpointDir;
  }

  /** A builder with the SPEC 7 teacher defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with the SPEC 7 student defaults: at most 15 epochs, early stopping after 15. */
  public static Builder student() {
    return new Builder().maxEpochs(15).earlyStoppingPatience(15);
  }

  /** A builder preset with this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxEpochs = maxEpochs;
    b.earlyStoppingPatience = earlyStoppingPatience;
    b.batchSize = batchSize;
    b.windows = windows;
    b.learningRate = learningRate;
    b.weightDecay = weightDecay;
    b.minLearningRate = minLearningRate;
    b.plateauPatience = plateauPatience;
    b.plateauFactor = plateauFactor;
    b.kdWeight = kdWeight;
    b.seed = seed;
    b.checkpointDir = checkpointDir;
    return b;
  }

  /** Maximum number of epochs (SPEC 7: teacher 30, student 15). */
  public int maxEpochs() {
    return maxEpochs;
  }

  /** Epochs without a validation improvement before training stops (teacher 20, student 15). */
  public int earlyStoppingPatience() {
    return earlyStoppingPatience;
  }

  /** Windows per training step (SPEC 7: 2). */
  public int batchSize() {
    return batchSize;
  }

  /** How trials are cut into training and validation windows (96 / 32). */
  public WindowPlan windows() {
    return windows;
  }

  /** Initial Adam learning rate (SPEC 7: 1e-5). */
  public double learningRate() {
    return learningRate;
  }

  /** L2 weight decay added to the gradient (SPEC 7: 1e-4). */
  public double weightDecay() {
    return weightDecay;
  }

  /** Floor of the plateau scheduler (SPEC 7: 1e-6). */
  public double minLearningRate() {
    return minLearningRate;
  }

  /** Epochs without improvement before the learning rate is reduced (SPEC 7: 5). */
  public int plateauPatience() {
    return plateauPatience;
  }

  /** Learning-rate factor applied on a plateau (SPEC 7: 0.5). */
  public double plateauFactor() {
    return plateauFactor;
  }

  /** Weight {@code w} of the knowledge-distillation L1 term (0: no distillation). */
  public double kdWeight() {
    return kdWeight;
  }

  /** The one seed every random choice of training derives from (shuffles, dropout). */
  public long seed() {
    return seed;
  }

  /** Where checkpoints are written after every epoch (null: no checkpoints). */
  public Path checkpointDir() {
    return checkpointDir;
  }

  /**
   * Every setting except the checkpoint directory as {@code name -> value} strings, in a fixed
   * order; {@link #fromMap} reads it back to an equal configuration (model files store it).
   */
  public java.util.Map<String, String> toMap() {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("maxEpochs", Integer.toString(maxEpochs));
    m.put("earlyStoppingPatience", Integer.toString(earlyStoppingPatience));
    m.put("batchSize", Integer.toString(batchSize));
    m.put("windowLength", Integer.toString(windows.length()));
    m.put("windowHop", Integer.toString(windows.hop()));
    m.put("learningRate", Double.toString(learningRate));
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("minLearningRate", Double.toString(minLearningRate));
    m.put("plateauPatience", Integer.toString(plateauPatience));
    m.put("plateauFactor", Double.toString(plateauFactor));
    m.put("kdWeight", Double.toString(kdWeight));
    m.put("seed", Long.toString(seed));
    return m;
  }

  /**
   * A configuration from {@link #toMap()}.
   *
   * @throws IllegalArgumentException naming a missing or invalid setting
   */
  public static TrainerConfig fromMap(java.util.Map<String, String> m) {
    try {
      return builder()
          .maxEpochs(Integer.parseInt(req(m, "maxEpochs")))
          .earlyStoppingPatience(Integer.parseInt(req(m, "earlyStoppingPatience")))
          .batchSize(Integer.parseInt(req(m, "batchSize")))
          .windows(
              new WindowPlan(
                  Integer.parseInt(req(m, "windowLength")), Integer.parseInt(req(m, "windowHop"))))
          .learningRate(Double.parseDouble(req(m, "learningRate")))
          .weightDecay(Double.parseDouble(req(m, "weightDecay")))
          .minLearningRate(Double.parseDouble(req(m, "minLearningRate")))
          .plateauPatience(Integer.parseInt(req(m, "plateauPatience")))
          .plateauFactor(Double.parseDouble(req(m, "plateauFactor")))
          .kdWeight(Double.parseDouble(req(m, "kdWeight")))
          .seed(Long.parseLong(req(m, "seed")))
          .build();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("trainer settings must be numbers: " + e.getMessage(), e);
    }
  }

  private static String req(java.util.Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("trainer setting " + key + " is missing");
    }
    return v;
  }

  @Override
  public String toString() {
    return "TrainerConfig{maxEpochs="
        + maxEpochs
        + ", earlyStoppingPatience="
        + earlyStoppingPatience
        + ", batchSize="
        + batchSize
        + ", windows="
        + windows.length()
        + "/"
        + windows.hop()
        + ", learningRate="
        + learningRate
        + ", weightDecay="
        + weightDecay
        + ", minLearningRate="
        + minLearningRate
        + ", plateau="
        + plateauPatience
        + "x"
        + plateauFactor
        + ", kdWeight="
        + kdWeight
        + ", seed="
        + seed
        + ", checkpointDir="
        + checkpointDir
        + "}";
  }

  /** Builder of {@link TrainerConfig}; setters check their argument, {@link #build()} the rest. */
  public static final class Builder {
    private int maxEpochs = 30;
    private int earlyStoppingPatience = 20;
    private int batchSize = 2;
    private WindowPlan windows = WindowPlan.DEFAULT;
    private double learningRate = 1e-5;
    private double weightDecay = 1e-4;
    private double minLearningRate = 1e-6;
    private int plateauPatience = 5;
    private double plateauFactor = 0.5;
    private double kdWeight = 0;
    private long seed = 0;
    private Path checkpointDir;

    private Builder() {}

    /** Maximum epochs, {@code > 0}. */
    public Builder maxEpochs(int v) {
      maxEpochs = Checks.positive("maxEpochs", v);
      return this;
    }

    /** Epochs without improvement before stopping, {@code > 0}. */
    public Builder earlyStoppingPatience(int v) {
      earlyStoppingPatience = Checks.positive("earlyStoppingPatience", v);
      return this;
    }

    /** Windows per step, {@code > 0}. */
    public Builder batchSize(int v) {
      batchSize = Checks.positive("batchSize", v);
      return this;
    }

    /** Window length and hop in steps. */
    public Builder windows(WindowPlan v) {
      windows = Objects.requireNonNull(v, "windows");
      return this;
    }

    /** Initial learning rate, {@code > 0}. */
    public Builder learningRate(double v) {
      learningRate = Checks.positive("learningRate", v);
      return this;
    }

    /** L2 weight decay, {@code >= 0}. */
    public Builder weightDecay(double v) {
      weightDecay = Checks.nonNegative("weightDecay", v);
      return this;
    }

    /** Learning-rate floor, {@code > 0} and at most the learning rate. */
    public Builder minLearningRate(double v) {
      minLearningRate = Checks.positive("minLearningRate", v);
      return this;
    }

    /** Plateau patience in epochs, {@code >= 0}. */
    public Builder plateauPatience(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("plateauPatience must be >= 0, got " + v);
      }
      plateauPatience = v;
      return this;
    }

    /** Plateau factor in (0, 1). */
    public Builder plateauFactor(double v) {
      if (!(v > 0 && v < 1)) {
        throw new IllegalArgumentException("plateauFactor must be in (0, 1), got " + v);
      }
      plateauFactor = v;
      return this;
    }

    /** Weight of the knowledge-distillation L1 term, {@code >= 0} (SPEC 6 grid: 0.2 ... 2.0). */
    public Builder kdWeight(double v) {
      kdWeight = Checks.nonNegative("kdWeight", v);
      return this;
    }

    /** The seed of window shuffles and dropout masks. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Directory for the resumable checkpoint; null disables checkpoints. */
    public Builder checkpointDir(Path v) {
      checkpointDir = v;
      return this;
    }

    /** Validates rules that span fields and builds; the builder stays reusable. */
    public TrainerConfig build() {
      if (minLearningRate > learningRate) {
        throw new IllegalArgumentException(
            "minLearningRate ("
                + minLearningRate
                + ") must not exceed learningRate ("
                + learningRate
                + ")");
      }
      return new TrainerConfig(this);
    }
  }
}
