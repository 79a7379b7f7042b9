package io.github.kd4j.examples.protocol;

import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.vision.teacher.VisualTeacher;

/**
 * The distiller that the demo, {@code kd4j distill} and the protocol's folds use on the MAHNOB-HCI
 * feature files: a {@link VisualTeacher} on the first face-feature columns and a {@link TcnStudent}
 * on the EEG features, both with Adam at one learning rate (floor {@code min(1e-6, lr)}), the
 * teacher with its SPEC 7 early stopping, the students for a fixed number of epochs (patience =
 * epochs). Callers add the KD grid, the seed, checkpoints and a listener.
 */
public final class MahnobDistiller {
  private MahnobDistiller() {}

  /**
   * The visual teacher on the first {@code faceColumns} face-feature columns.
   *
   * @param channels TCN channels
   * @param learningRate Adam's learning rate
   * @param teacherEpochs maximum epochs (SPEC 7 early stopping applies)
   */
  public static VisualTeacher teacher(
      int faceColumns, int[] channels, double learningRate, int teacherEpochs) {
    return VisualTeacher.builder()
        .features(faceColumns)
        .channels(channels)
        .trainer(base(learningRate).toBuilder().maxEpochs(teacherEpochs).build())
        .build();
  }

  /**
   * The distiller of {@code teacher} and a {@link TcnStudent} on the EEG features.
   *
   * @param eegFeatures the student's input width
   * @param channels the student's TCN channels
   * @param learningRate Adam's learning rate
   * @param studentEpochs every student's epochs
   * @param standardizeEeg whether the student standardises its input with training statistics
   */
  public static CrossModalDistiller.Builder<TcnStudent> builder(
      VisualTeacher teacher,
      int eegFeatures,
      int[] channels,
      double learningRate,
      int studentEpochs,
      boolean standardizeEeg) {
    return CrossModalDistiller.builder()
        .teacher(teacher)
        .student(
            TcnStudent.builder()
                .inputSize(eegFeatures)
                .channels(channels)
                .standardize(standardizeEeg)
                .trainer(
                    base(learningRate).toBuilder()
                        .maxEpochs(studentEpochs)
                        .earlyStoppingPatience(studentEpochs)
                        .build()));
  }

  /**
   * Adam at {@code learningRate} with the floor {@code min(1e-6, learningRate)}; the other SPEC 7
   * defaults.
   */
  static TrainerConfig base(double learningRate) {
    return TrainerConfig.builder()
        .learningRate(learningRate)
        .minLearningRate(Math.min(1e-6, learningRate))
        .build();
  }
}
