package io.github.kd4j.core.data;

import java.util.Objects;

/**
 * One trial: per-step input features, the continuous label and, optionally, the teacher's knowledge
 * (its ST features, SPEC 4.3), all on the same step axis (4 Hz for MAHNOB).
 *
 * <p>Layouts: {@code features[t][d]} (time first), {@code labels[t]}, {@code knowledge[t][f]}.
 * Immutable: arrays are copied on the way in and out; the package-private accessors used by the
 * trainer return the internal arrays without copying.
 */
public final class Trial {
  private final String id;
  private final String subject;
  private final float[][] features;
  private final float[] labels;
  private final float[][] knowledge;

  private Trial(
      String id, String subject, float[][] features, float[] labels, float[][] knowledge) {
    this.id = id;
    this.subject = subject;
    this.features = features;
    this.labels = labels;
    this.knowledge = knowledge;
  }

  /**
   * A trial without knowledge.
   *
   * @throws IllegalArgumentException naming the trial for empty, ragged, mismatched or non-finite
   *     data
   */
  public static Trial of(String id, String subject, float[][] features, float[] labels) {
    return of(id, subject, features, labels, null);
  }

  /**
   * A trial without knowledge from ND4J arrays: {@code features} time-major {@code [T, F]} (or
   * {@code [1, T, F]}), {@code labels} {@code [T]} (layouts and data types as {@link NdArrays});
   * each array is copied exactly once, into the trial.
   *
   * @throws IllegalArgumentException naming the trial for a wrong shape or data type, or for empty,
   *     mismatched or non-finite data
   */
  public static Trial of(
      String id,
      String subject,
      org.nd4j.linalg.api.ndarray.INDArray features,
      org.nd4j.linalg.api.ndarray.INDArray labels) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    float[][] f;
    float[] y;
    try {
      f = NdArrays.toSteps(features);
      y = NdArrays.toVector(labels);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trial " + id + ": " + e.getMessage(), e);
    }
    return of(id, subject, f, y, null, false);
  }

  /**
   * A trial with the teacher's knowledge (may be null): {@code [T * r][f]}, {@code r} rows per step
   * ({@link #knowledgeRate()}: 1 for a teacher on per-step features, 16 for a teacher on 64 Hz
   * frames, SPEC 4.3), row {@code t * r + j} belonging to step {@code t}.
   */
  public static Trial of(
      String id, String subject, float[][] features, float[] labels, float[][] knowledge) {
    return of(id, subject, features, labels, knowledge, true);
  }

  /** Validates; copies the arrays when {@code copy}, else takes them over (fresh arrays only). */
  private static Trial of(
      String id,
      String subject,
      float[][] features,
      float[] labels,
      float[][] knowledge,
      boolean copy) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (features.length == 0) {
      throw new IllegalArgumentException(
          "trial " + id + ": features must have at least one step, got 0");
    }
    if (labels.length != features.length) {
      throw new IllegalArgumentException(
          "trial "
              + id
              + ": labels must have one value per step ("
              + features.length
              + "), got "
              + labels.length);
    }
    float[][] f = copy(id, "features", features, copy);
    float[] y = copy ? labels.clone() : labels;
    for (int t = 0; t < y.length; t++) {
      if (!Float.isFinite(y[t])) {
        throw new IllegalArgumentException(
            "trial " + id + ": labels must be finite, got " + y[t] + " at step " + t);
      }
    }
    float[][] k = null;
    if (knowledge != null) {
      if (knowledge.length == 0 || knowledge.length % features.length != 0) {
        throw new IllegalArgumentException(
            "trial "
                + id
                + ": knowledge must have a whole number of rows per step ("
                + features.length
                + " steps: "
                + features.length
                + " rows at 4 Hz, "
                + 16 * features.length
                + " at 64 Hz), got "
                + knowledge.length);
      }
      k = copy(id, "knowledge", knowledge, copy);
    }
    return new Trial(id, subject, f, y, k);
  }

  private static float[][] copy(String id, String what, float[][] a, boolean copy) {
    int d = a[0].length;
    if (d == 0) {
      throw new IllegalArgumentException(
          "trial " + id + ": " + what + " must have at least one column");
    }
    float[][] out = new float[a.length][];
    for (int t = 0; t < a.length; t++) {
      if (a[t].length != d) {
        throw new IllegalArgumentException(
            "trial "
                + id
                + ": "
                + what
                + " must have "
                + d
                + " values per step, got "
                + a[t].length
                + " at step "
                + t);
      }
      for (int c = 0; c < d; c++) {
        if (!Float.isFinite(a[t][c])) {
          throw new IllegalArgumentException(
              "trial "
                  + id
                  + ": "
                  + what
                  + " must be finite, got "
                  + a[t][c]
                  + " at step "
                  + t
                  + ", column "
                  + c);
        }
      }
      out[t] = copy ? a[t].clone() : a[t];
    }
    return out;
  }

  /** A copy of this trial carrying the given knowledge {@code [T * r][f]}. */
  public Trial withKnowledge(float[][] knowledge) {
    return of(id, subject, features, labels, Objects.requireNonNull(knowledge, "knowledge"));
  }

  /** The trial's id, unique within a data set (e.g. {@code "P1-trial-10"}). */
  public String id() {
    return id;
  }

  /** The subject (participant) id, for leave-one-subject-out partitions. */
  public String subject() {
    return subject;
  }

  /** Number of steps {@code T}. */
  public int length() {
    return labels.length;
  }

  /** Features per step. */
  public int featureSize() {
    return features[0].length;
  }

  /** Knowledge rows per step (1 at 4 Hz, 16 at 64 Hz), or 0 without knowledge. */
  public int knowledgeRate() {
    return knowledge == null ? 0 : knowledge.length / labels.length;
  }

  /** The knowledge width {@code f}, or 0 without knowledge. */
  public int knowledgeSize() {
    return knowledge == null ? 0 : knowledge[0].length;
  }

  /** Whether the trial carries knowledge. */
  public boolean hasKnowledge() {
    return knowledge != null;
  }

  /** A copy of the features {@code [T][d]}. */
  public float[][] features() {
    float[][] out = new float[features.length][];
    for (int t = 0; t < out.length; t++) {
      out[t] = features[t].clone();
    }
    return out;
  }

  /** A copy of the labels {@code [T]}. */
  public float[] labels() {
    return labels.clone();
  }

  /** Internal arrays, not copied: for the trainer's hot path only. */
  public float[][] featuresView() {
    return features;
  }

  /** Internal labels, not copied: for the trainer's hot path only. */
  public float[] labelsView() {
    return labels;
  }

  /** Internal knowledge (or null), not copied: for the trainer's hot path only. */
  public float[][] knowledgeView() {
    return knowledge;
  }

  @Override
  public String toString() {
    return "Trial{id="
        + id
        + ", subject="
        + subject
        + ", steps="
        + length()
        + ", features="
        + featureSize()
        + ", knowledge="
        + (knowledge == null ? "none" : knowledge[0].length + " x " + knowledgeRate() + "/step")
        + "}";
  }
}
