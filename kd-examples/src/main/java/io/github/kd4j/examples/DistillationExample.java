package io.github.kd4j.examples;

import io.github.kd4j.core.distill.CrossModalDistiller;
import io.github.kd4j.core.distill.DistillationResult;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's distillation examples as code that the build compiles (and {@code
 * DistillationExampleTest} runs): cross-modal distillation in one call, with a teacher on per-step
 * visual features and with a teacher on video frames through a frozen ONNX backbone.
 */
public final class DistillationExample {
  private DistillationExample() {}

  /** The fluent call with a teacher on per-step visual features (e.g. 327 face features). */
  public static TcnStudent features(
      List<PairedTrial> train,
      List<PairedTrial> validation,
      int visualWidth,
      int eegWidth,
      TrainerConfig trainer,
      Path checkpoints,
      Path onnxDir)
      throws Exception {
    VisualTeacher teacher =
        VisualTeacher.builder().features(visualWidth).seed(7).trainer(trainer).build();
    CrossModalDistiller<TcnStudent> distiller =
        CrossModalDistiller.builder()
            .teacher(teacher)
            .student(TcnStudent.builder().inputSize(eegWidth).standardize(true).trainer(trainer))
            .kdWeights(
                0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0) // SPEC 6; w = 0 always runs
            .seed(7)
            .checkpoints(checkpoints)
            .build();
    DistillationResult<TcnStudent> r = distiller.fit(train, validation); // paired trials
    TcnStudent best = r.student(); // chosen by validation CCC
    r.exportOnnx(onnxDir); // teacher.onnx and student.onnx, with provenance
    return best;
  }

  /** The same with a teacher on frames (16 per step, 48x48x3) through a frozen ONNX backbone. */
  public static TcnStudent frames(
      List<PairedTrial> train,
      List<PairedTrial> validation,
      Path backbone,
      int eegWidth,
      TrainerConfig trainer)
      throws Exception {
    VisualTeacher teacher =
        VisualTeacher.builder().onnxBackbone(backbone).seed(7).trainer(trainer).build();
    return CrossModalDistiller.builder()
        .teacher(teacher)
        .student(TcnStudent.builder().inputSize(eegWidth).standardize(true).trainer(trainer))
        .kdWeights(1.0)
        .seed(7)
        .build()
        .fit(train, validation)
        .student();
  }
}
