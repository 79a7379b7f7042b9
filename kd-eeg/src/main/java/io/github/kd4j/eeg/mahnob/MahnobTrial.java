package io.github.kd4j.eeg.mahnob;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.distill.StepFeatures;
import java.util.Arrays;
import java.util.Objects;

/**
 * One MAHNOB-HCI trial of the public feature files, all streams at 4 Hz on the same {@code T} steps
 * (step {@code t} covers {@code [t/4, (t+1)/4)} s of the stimulus).
 *
 * <p>Layouts: {@code target[t]}; {@code eeg[t][32 b + k]} = band {@code b} (of 4, increasing
 * frequency) of electrode {@code k} in the BioSemi 32 order of SPEC 3 (field {@code
 * eeg_band_feats_full}); {@code face[t][j]}, {@code j < 327} (field {@code face_feats}; the
 * reference uses columns {@code 0..37}). Arrays are copied on the way in and out.
 *
 * @param subject MAHNOB-HCI participant number ({@code P{subject}} in the file name)
 * @param trial session number within the participant
 * @param id {@code "P{subject}-trial-{trial}"}, e.g. {@code "P1-trial-10"}
 * @param target continuous valence, already multiplied by the reader's {@link
 *     MahnobFeatures#labelScale()} (default 0.5: the reference scale of SPEC 12)
 * @param eeg EEG band features {@code [T][128]}
 * @param face facial features {@code [T][327]}
 */
public record MahnobTrial(
    int subject, int trial, String id, float[] target, float[][] eeg, float[][] face) {
  /** Columns of {@link #eeg()}: 32 electrodes x 4 bands. */
  public static final int EEG_FEATURES = 128;

  /** Columns of {@link #face()}. */
  public static final int FACE_FEATURES = 327;

  /** The facial columns the reference code uses ({@code 0..37}, "38 facial features"). */
  public static final int REFERENCE_FACE_FEATURES = 38;

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException for a null or empty stream, a row of the wrong width or a
   *     length that differs between streams
   */
  public MahnobTrial {
    Objects.requireNonNull(id, "id");
    if (target == null || target.length == 0) {
      throw new IllegalArgumentException("trial " + id + ": target must have at least 1 step");
    }
    target = target.clone();
    eeg = copy(id, "eeg", eeg, target.length, EEG_FEATURES);
    face = copy(id, "face", face, target.length, FACE_FEATURES);
  }

  private static float[][] copy(String id, String what, float[][] a, int steps, int width) {
    if (a == null || a.length != steps) {
      throw new IllegalArgumentException(
          "trial "
              + id
              + ": "
              + what
              + " must have "
              + steps
              + " steps like target, got "
              + (a == null ? "null" : a.length));
    }
    float[][] out = new float[steps][];
    for (int t = 0; t < steps; t++) {
      if (a[t] == null || a[t].length != width) {
        throw new IllegalArgumentException(
            "trial "
                + id
                + ": "
                + what
                + " must have "
                + width
                + " values per step, got "
                + (a[t] == null ? "null" : a[t].length)
                + " at step "
                + t);
      }
      out[t] = a[t].clone();
    }
    return out;
  }

  /** Number of 4 Hz steps {@code T}. */
  public int length() {
    return target.length;
  }

  /** A copy of the target {@code [T]}. */
  @Override
  public float[] target() {
    return target.clone();
  }

  /** A copy of the EEG features {@code [T][128]}. */
  @Override
  public float[][] eeg() {
    return deepCopy(eeg);
  }

  /** A copy of the face features {@code [T][327]}. */
  @Override
  public float[][] face() {
    return deepCopy(face);
  }

  /** The subject id used by kd-core partitions: {@code "P" + subject}. */
  public String subjectId() {
    return "P" + subject;
  }

  /** A kd-core trial of the EEG features {@code [T][128]} and the target (student input). */
  public Trial eegTrial() {
    return Trial.of(id, subjectId(), eeg, target);
  }

  /**
   * A kd-core trial of the given face feature columns, in the given order, and the target (teacher
   * input); no column means all 327. {@code faceTrial(0, 1, ..., 37)} is the reference's choice
   * ({@link #REFERENCE_FACE_FEATURES}).
   *
   * @throws IllegalArgumentException for a column outside {@code [0, 327)} or given twice
   */
  public Trial faceTrial(int... columns) {
    int[] cols = columns == null || columns.length == 0 ? range(FACE_FEATURES) : columns;
    boolean[] seen = new boolean[FACE_FEATURES];
    for (int c : cols) {
      if (c < 0 || c >= FACE_FEATURES) {
        throw new IllegalArgumentException(
            "trial " + id + ": face columns must be in [0, " + FACE_FEATURES + "), got " + c);
      }
      if (seen[c]) {
        throw new IllegalArgumentException(
            "trial " + id + ": face columns must be distinct, got " + c + " twice");
      }
      seen[c] = true;
    }
    float[][] f = new float[face.length][cols.length];
    for (int t = 0; t < face.length; t++) {
      for (int j = 0; j < cols.length; j++) {
        f[t][j] = face[t][cols[j]];
      }
    }
    return Trial.of(id, subjectId(), f, target);
  }

  /**
   * The trial as a multimodal trial for {@code CrossModalDistiller}: EEG features {@code [T][128]},
   * the target, and the given face feature columns as per-step visual features (no column means all
   * 327).
   */
  public PairedTrial pairedTrial(int... faceColumns) {
    Trial face = faceTrial(faceColumns);
    return PairedTrial.of(eegTrial(), StepFeatures.of(face.featuresView()));
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  private static float[][] deepCopy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MahnobTrial m
        && subject == m.subject
        && trial == m.trial
        && id.equals(m.id)
        && Arrays.equals(target, m.target)
        && Arrays.deepEquals(eeg, m.eeg)
        && Arrays.deepEquals(face, m.face);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        subject,
        trial,
        id,
        Arrays.hashCode(target),
        Arrays.deepHashCode(eeg),
        Arrays.deepHashCode(face));
  }

  @Override
  public String toString() {
    return "MahnobTrial[" + id + ", T=" + target.length + ", eeg=128, face=327]";
  }
}
