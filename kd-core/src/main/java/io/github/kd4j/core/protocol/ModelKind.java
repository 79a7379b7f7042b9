package io.github.kd4j.core.protocol;

import java.util.Locale;

/**
 * The models of the paper's comparison (SPEC 1, 11, 13). Only {@link #STUDENT} takes a KD weight
 * {@code w > 0}; {@code w = 0} is the student without distillation.
 */
public enum ModelKind {
  /** The visual teacher: TCN + regressor on facial features (SPEC 4, 12). */
  TEACHER("visual teacher (TCN)", "visual"),
  /** The Soleymani et al. LSTM on the teacher's visual input (SPEC 13). */
  LSTM_VISUAL("visual, Soleymani LSTM", "visual"),
  /** The EEG student: TCN + regressor on EEG features, with KD weight w (0 = no KD). */
  STUDENT("EEG student (TCN)", "EEG"),
  /** The Soleymani et al. LSTM on the student's EEG input (SPEC 13). */
  LSTM_EEG("EEG, Soleymani LSTM", "EEG");

  private final String label;
  private final String modality;

  ModelKind(String label, String modality) {
    this.label = label;
    this.modality = modality;
  }

  /** A readable label for reports, for example {@code "EEG student (TCN)"}. */
  public String label() {
    return label;
  }

  /** {@code "visual"} or {@code "EEG"}: the model's input at test time. */
  public String modality() {
    return modality;
  }

  /** Lower-case key used in job ids ({@code "student"}, {@code "lstm_eeg"}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind of a name ({@code "student"}, {@code "LSTM_EEG"}, case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, suggesting the nearest one
   */
  public static ModelKind parse(String name) {
    for (ModelKind m : values()) {
      if (m.name().equalsIgnoreCase(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "model must be one of TEACHER, LSTM_VISUAL, STUDENT, LSTM_EEG, got '"
            + name
            + "'"
            + FoldScheme.suggest(name, values()));
  }
}
