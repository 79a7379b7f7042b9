package io.github.kd4j.core.distill;

import io.github.kd4j.core.data.Trial;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multimodal trial: an id, a subject, the continuous labels, the EEG features (per label step)
 * and the visual stream, all cut to the same number of label steps {@code T} (SPEC 2).
 *
 * <p>Synchronisation (SPEC 2): streams whose lengths differ by one step are trimmed to the shortest
 * (the trailing step of the longer streams is dropped, logged at DEBUG); a difference of more than
 * one step is an error naming the trial and the lengths.
 */
public final class PairedTrial {
  private static final Logger LOG = LoggerFactory.getLogger(PairedTrial.class);

  private final Trial eeg;
  private final VisualInput visual;

  private PairedTrial(Trial eeg, VisualInput visual) {
    this.eeg = eeg;
    this.visual = visual;
  }

  /**
   * Pairs the streams of one trial.
   *
   * @param eegFeatures {@code [T][d]}, time first
   * @param labels {@code [T]}
   * @throws IllegalArgumentException naming the trial for streams that differ by more than one
   *     step, or invalid values
   */
  public static PairedTrial of(
      String id, String subject, float[] labels, float[][] eegFeatures, VisualInput visual) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(eegFeatures, "eegFeatures");
    Objects.requireNonNull(visual, "visual");
    int a = labels.length;
    int b = eegFeatures.length;
    int c = visual.steps();
    int min = Math.min(a, Math.min(b, c));
    int max = Math.max(a, Math.max(b, c));
    if (max - min > 1) {
      throw new IllegalArgumentException(
          "trial "
              + id
              + ": labels, EEG and visual streams must have the same number of steps (one step of"
              + " difference is trimmed), got "
              + a
              + ", "
              + b
              + " and "
              + c);
    }
    if (min < 1) {
      throw new IllegalArgumentException("trial " + id + ": streams must have steps, got 0");
    }
    if (max != min) {
      LOG.debug("trial {}: trimming streams of {}, {} and {} steps to {}", id, a, b, c, min);
    }
    Trial eeg =
        Trial.of(
            id,
            subject,
            b == min ? eegFeatures : Arrays.copyOf(eegFeatures, min),
            a == min ? labels : Arrays.copyOf(labels, min));
    return new PairedTrial(eeg, c == min ? visual : visual.trimTo(min));
  }

  /** A paired trial from an EEG trial (features and labels) and a visual stream. */
  public static PairedTrial of(Trial eeg, VisualInput visual) {
    return of(eeg.id(), eeg.subject(), eeg.labelsView(), eeg.featuresView(), visual);
  }

  /** The trial id. */
  public String id() {
    return eeg.id();
  }

  /** The subject id. */
  public String subject() {
    return eeg.subject();
  }

  /** Label steps {@code T}. */
  public int length() {
    return eeg.length();
  }

  /** The EEG features and labels as a trial (without knowledge). */
  public Trial eeg() {
    return eeg;
  }

  /** The visual stream. */
  public VisualInput visual() {
    return visual;
  }

  @Override
  public String toString() {
    return "PairedTrial{id="
        + id()
        + ", subject="
        + subject()
        + ", steps="
        + length()
        + ", eeg="
        + eeg.featureSize()
        + ", visual="
        + visual
        + "}";
  }
}
