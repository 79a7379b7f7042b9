package io.github.kd4j.core.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * One batch of equally long windows for a training step, stored flat and step-major.
 *
 * <p>Layouts (row-major): {@code inputs[(b * steps + t) * inputSize + c]} is feature {@code c} of
 * step {@code t} of window {@code b}; {@code labels[b * steps + t]}; optional {@code teacher[(b *
 * steps + t) * featureSize + f]} holds the teacher's ST features (the knowledge, SPEC 4.3). {@code
 * valid[b]} is the number of real (not zero-padded) steps of window {@code b}: losses use steps
 * {@code t < valid[b]} only (SPEC 7: padding is excluded).
 *
 * <p>The arrays are not copied (a batch is built once per step on the hot path); callers must not
 * change them while a step runs.
 */
public final class TrainingBatch {
  private final int batch;
  private final int steps;
  private final int inputSize;
  private final float[] inputs;
  private final float[] labels;
  private final int[] valid;
  private final float[] teacher;

  /**
   * Wraps the arrays after checking their sizes.
   *
   * @param teacher the teacher features, {@code batch * steps * featureSize} values, or null when
   *     the step has no knowledge term
   */
  public TrainingBatch(
      int batch,
      int steps,
      int inputSize,
      float[] inputs,
      float[] labels,
      int[] valid,
      float[] teacher) {
    if (batch <= 0 || steps <= 0 || inputSize <= 0) {
      throw new IllegalArgumentException(
          "batch, steps and inputSize must be > 0, got " + batch + ", " + steps + ", " + inputSize);
    }
    this.batch = batch;
    this.steps = steps;
    this.inputSize = inputSize;
    this.inputs = Objects.requireNonNull(inputs, "inputs");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.valid = valid == null ? filled(batch, steps) : valid;
    this.teacher = teacher;
    long n = (long) batch * steps;
    if (inputs.length != n * inputSize) {
      throw new IllegalArgumentException(
          "inputs must have batch * steps * inputSize = "
              + n * inputSize
              + " values, got "
              + inputs.length);
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "labels must have batch * steps = " + n + " values, got " + labels.length);
    }
    if (this.valid.length != batch) {
      throw new IllegalArgumentException(
          "valid must have one length per window (" + batch + "), got " + this.valid.length);
    }
    for (int b = 0; b < batch; b++) {
      if (this.valid[b] < 2 || this.valid[b] > steps) {
        throw new IllegalArgumentException(
            "valid[" + b + "] must be in [2, " + steps + "], got " + this.valid[b]);
      }
    }
    if (teacher != null && teacher.length % n != 0) {
      throw new IllegalArgumentException(
          "teacher must have batch * steps * featureSize values, got "
              + teacher.length
              + " (not a multiple of "
              + n
              + ")");
    }
  }

  private static int[] filled(int batch, int steps) {
    int[] v = new int[batch];
    Arrays.fill(v, steps);
    return v;
  }

  /** Number of windows. */
  public int batch() {
    return batch;
  }

  /** Steps per window. */
  public int steps() {
    return steps;
  }

  /** Input features per step. */
  public int inputSize() {
    return inputSize;
  }

  /** The inputs, not copied (layout in the class javadoc). */
  public float[] inputs() {
    return inputs;
  }

  /** The labels, not copied. */
  public float[] labels() {
    return labels;
  }

  /** The number of real (not zero-padded) steps of window {@code b}. */
  public int valid(int b) {
    return valid[b];
  }

  /** The teacher features, not copied, or null. */
  public float[] teacher() {
    return teacher;
  }

  /** Whether the batch carries teacher features (a knowledge-distillation term). */
  public boolean hasTeacher() {
    return teacher != null;
  }

  @Override
  public String toString() {
    return "TrainingBatch{batch="
        + batch
        + ", steps="
        + steps
        + ", inputSize="
        + inputSize
        + ", valid="
        + Arrays.toString(valid)
        + ", teacher="
        + (teacher != null)
        + "}";
  }
}
