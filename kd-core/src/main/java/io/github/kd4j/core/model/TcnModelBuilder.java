package io.github.kd4j.core.model;

import io.github.kd4j.core.internal.Checks;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.train.TrainerConfig;
import java.util.Arrays;
import java.util.Objects;

/**
 * The settings that the builders of TCN models share ({@code TcnStudent.Builder} in kd-eeg, {@code
 * VisualTeacher.Builder} in kd-vision): channels, kernel size, dropout, input standardisation, the
 * one seed of the run and the trainer. Setters check their argument and return the concrete
 * builder; the network is built for the input width the concrete builder knows.
 *
 * @param <B> the concrete builder
 */
public abstract class TcnModelBuilder<B extends TcnModelBuilder<B>> {
  private int[] channels = {128, 128};
  private int kernelSize = 3;
  private double dropout = 0.1;
  private boolean standardize;
  private long seed;
  private TrainerConfig trainer;

  /**
   * @param standardize the default of {@link #standardize(boolean)}
   * @param trainer the default of {@link #trainer(TrainerConfig)}
   */
  protected TcnModelBuilder(boolean standardize, TrainerConfig trainer) {
    this.standardize = standardize;
    this.trainer = Objects.requireNonNull(trainer, "trainer");
  }

  /** This builder as its concrete type. */
  protected abstract B self();

  /** TCN channels per block; default [128, 128] (the last is the feature, or knowledge, width). */
  public B channels(int... v) {
    Objects.requireNonNull(v, "channels");
    TcnConfig.builder().inputSize(1).channels(v); // validates
    channels = v.clone();
    return self();
  }

  /** Kernel size; default 3. */
  public B kernelSize(int v) {
    kernelSize = Checks.positive("kernelSize", v);
    return self();
  }

  /** Dropout in [0, 1); default 0.1. */
  public B dropout(double v) {
    dropout = Checks.probability("dropout", v);
    return self();
  }

  /**
   * Standardise the inputs with training-partition statistics (the default depends on the model).
   */
  public B standardize(boolean v) {
    standardize = v;
    return self();
  }

  /**
   * The one seed of the model's training: initial weights, shuffles and dropout (it replaces the
   * trainer configuration's seed). Default 0; a distiller sets its own.
   */
  public B seed(long v) {
    seed = v;
    return self();
  }

  /** Training settings (the default depends on the model: SPEC 7's student or teacher). */
  public B trainer(TrainerConfig v) {
    trainer = Objects.requireNonNull(v, "trainer");
    return self();
  }

  /** The network of these settings for inputs of {@code inputSize} features per step. */
  protected TcnConfig network(int inputSize) {
    return TcnConfig.builder()
        .inputSize(inputSize)
        .channels(channels)
        .kernelSize(kernelSize)
        .dropout(dropout)
        .build();
  }

  /** Whether inputs are standardised. */
  protected boolean standardizes() {
    return standardize;
  }

  /** The trainer with {@link #seed(long)} in place of its own seed. */
  protected TrainerConfig seededTrainer() {
    return trainer.toBuilder().seed(seed).build();
  }

  /** {@code channels=[..], kernelSize=.., dropout=.., seed=..}, for {@code toString}. */
  protected String settings() {
    return "channels="
        + Arrays.toString(channels)
        + ", kernelSize="
        + kernelSize
        + ", dropout="
        + dropout
        + ", seed="
        + seed;
  }
}
