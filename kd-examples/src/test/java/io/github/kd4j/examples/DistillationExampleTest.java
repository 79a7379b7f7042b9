package io.github.kd4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.synthetic.SyntheticDataset;
import io.github.kd4j.core.synthetic.SyntheticTrial;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.vision.frames.FrameSequence;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's distillation examples, run on a small synthetic data set. */
class DistillationExampleTest {
  static final SyntheticDataset DATA =
      SyntheticDataset.builder().subjects(3).trialsPerSubject(3).steps(60, 90).seed(5).build();

  static TrainerConfig fast() {
    return TrainerConfig.builder()
        .learningRate(3e-3)
        .minLearningRate(1e-5)
        .maxEpochs(1)
        .earlyStoppingPatience(1)
        .windows(new WindowPlan(48, 16))
        .build();
  }

  @Test
  void fluentCallWithPerStepVisualFeatures(@TempDir Path dir) throws Exception {
    List<PairedTrial> all = DATA.trials().stream().map(SyntheticTrial::pairedTrial).toList();
    TcnStudent s =
        DistillationExample.features(
            all.subList(0, 6),
            all.subList(6, 9),
            DATA.visualFeatures(),
            DATA.eegFeatures(),
            fast(),
            dir.resolve("cp"),
            dir.resolve("onnx"));
    assertEquals(DATA.eegFeatures(), s.inputSize());
    assertTrue(Files.size(dir.resolve("onnx/teacher.onnx")) > 0);
    assertTrue(Files.size(dir.resolve("onnx/student.onnx")) > 0);
    assertEquals(all.get(7).length(), s.predict(all.get(7).eeg().featuresView()).length);
  }

  @Test
  void fluentCallWithFramesThroughAnOnnxBackbone(@TempDir Path dir) throws Exception {
    Path backbone = dir.resolve("backbone.onnx");
    try (InputStream in =
        getClass().getResourceAsStream("/io/github/kd4j/vision/backbone/tiny_backbone_40.onnx")) {
      Files.copy(in, backbone);
    }
    List<PairedTrial> all = new ArrayList<>();
    for (SyntheticTrial t : DATA.trials()) {
      all.add(
          PairedTrial.of(
              t.eegTrial(), FrameSequence.ofPacked(t.id(), t.frames(), DATA.framesPerStep())));
    }
    TcnStudent s =
        DistillationExample.frames(
            all.subList(0, 6), all.subList(6, 9), backbone, DATA.eegFeatures(), fast());
    assertEquals("1.0", s.provenance().extra().get("kdWeight"));
    assertTrue(s.provenance().extra().get("teacher").startsWith("visual-teacher-frames"));
  }
}
