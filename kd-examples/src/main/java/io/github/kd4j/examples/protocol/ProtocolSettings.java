package io.github.kd4j.examples.protocol;

import io.github.kd4j.core.internal.Checks;
import io.github.kd4j.core.protocol.FoldScheme;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that changes the results of a protocol run besides the data and the fold: the scheme,
 * the KD weight grid, epochs, learning rate, network widths, the face columns of the teacher, the
 * EEG standardisation and whether the LSTM baselines run. Immutable and serialisable, so that a
 * {@link FoldTask} carrying it can be shipped to a worker.
 *
 * <p>EEG standardisation: {@link EegStandardization#TRAINING} fits mean and std on the fold's
 * training trials (SPEC 7, the default); {@link EegStandardization#PER_SUBJECT} z-scores every EEG
 * column over all steps of each subject, as the source of the MAHNOB feature files does. The latter
 * uses the test subject's unlabelled EEG (transductive): reported as such.
 */
public record ProtocolSettings(
    FoldScheme scheme,
    int folds,
    double[] weights,
    int teacherEpochs,
    int studentEpochs,
    double learningRate,
    int[] channels,
    int faceColumns,
    EegStandardization eegStandardization,
    boolean baselines,
    int lstmEpochs)
    implements Serializable {

  /** How the student's EEG features are standardised. */
  public enum EegStandardization {
    /** Mean and std of the fold's training trials (SPEC 7). */
    TRAINING,
    /** Per subject over all of the subject's steps (the feature source's choice; transductive). */
    PER_SUBJECT
  }

  /** Checks the values. */
  public ProtocolSettings {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(eegStandardization, "eegStandardization");
    weights = weights.clone();
    channels = channels.clone();
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights must hold at least one w > 0, got none");
    }
    for (double w : weights) {
      if (!(w > 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "weights must be finite and > 0 (w = 0 always runs), got " + w);
      }
    }
    Checks.positive("teacherEpochs", teacherEpochs);
    Checks.positive("studentEpochs", studentEpochs);
    Checks.positive("lstmEpochs", lstmEpochs);
    Checks.positive("learningRate", learningRate);
    if (faceColumns < 1 || faceColumns > 327) {
      throw new IllegalArgumentException("faceColumns must be in [1, 327], got " + faceColumns);
    }
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public int[] channels() {
    return channels.clone();
  }

  @Override
  public String toString() {
    return "ProtocolSettings{scheme="
        + scheme
        + ", folds="
        + folds
        + ", weights="
        + Arrays.toString(weights)
        + ", teacherEpochs="
        + teacherEpochs
        + ", studentEpochs="
        + studentEpochs
        + ", learningRate="
        + learningRate
        + ", channels="
        + Arrays.toString(channels)
        + ", faceColumns="
        + faceColumns
        + ", eegStandardization="
        + eegStandardization
        + ", baselines="
        + baselines
        + ", lstmEpochs="
        + lstmEpochs
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolSettings p && p.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
