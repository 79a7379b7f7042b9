package io.github.kd4j.examples;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingResult;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import io.github.kd4j.eeg.student.TcnStudent;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's "Using it" example as code that the build compiles, so that it cannot drift from the
 * API. {@link #run} is what the README shows; it needs trials that carry the teacher's knowledge
 * when the KD weight is positive.
 */
public final class Quickstart {
  private Quickstart() {}

  /** Raw EEG file to 192 band powers per 4 Hz step (SPEC 3). */
  public static float[][] features(Path eegFile) throws java.io.IOException {
    BandPowerFeatures bp = EegFeaturePipeline.builder().build().extract(eegFile);
    return bp.toFloats();
  }

  /** Train, predict, export and run in ONNX Runtime. */
  public static float[] run(
      List<Trial> trainTrials, List<Trial> validationTrials, float[][] features, Path onnx)
      throws Exception {
    TcnStudent student =
        TcnStudent.builder()
            .inputSize(192)
            .seed(42)
            .trainer(TrainerConfig.student().kdWeight(1.0).seed(42).build())
            .build();
    TrainingResult result = student.fit(trainTrials, validationTrials);
    System.out.println(result);
    float[] valence = student.predict(features); // features[T][192]
    student.exportOnnx(onnx, "fold 3, seed 42");
    try (OnnxModel model = OnnxModel.load(onnx)) {
      float[] v = model.run(features).valence();
      System.out.println("ONNX Runtime and Java agree to " + maxDiff(valence, v));
      return v;
    }
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
