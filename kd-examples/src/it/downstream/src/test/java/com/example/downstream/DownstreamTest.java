package com.example.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import io.github.kd4j.eeg.student.TcnStudent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a user does after adding kd-eeg and kd-vision: features from an EDF file, a tiny student
 * trained for one epoch (synthetic labels), its ONNX export run in ONNX Runtime.
 */
class DownstreamTest {
  @Test
  void edfToFeaturesToStudentToOnnx() throws Exception {
    Path edf = Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf");
    BandPowerFeatures f = EegFeaturePipeline.defaults().extract(edf);
    int t = f.windows();
    float[] labels = new float[t];
    for (int i = 0; i < t; i++) {
      labels[i] = (float) (0.5 * Math.sin(2 * Math.PI * i / 80.0));
    }
    Trial train = f.toTrial("S001R03-a", "S001", labels);
    Trial validation = f.toTrial("S001R03-b", "S001", labels);
    TcnStudent student =
        TcnStudent.builder()
            .inputSize(f.width())
            .channels(8, 8)
            .seed(1)
            .trainer(TrainerConfig.student().maxEpochs(1).build())
            .build();
    student.fit(List.of(train), List.of(validation));
    Path onnx = Files.createTempDirectory("kd4j-downstream").resolve("student.onnx");
    student.exportOnnx(onnx, "downstream check");
    float[][] x = f.toFloats();
    float[] java = student.predict(x);
    try (OnnxModel m = OnnxModel.builder(onnx).target(ExecutionTarget.CPU).load()) {
      float[] ort = m.run(x).valence();
      assertEquals(t, ort.length);
      for (int i = 0; i < t; i++) {
        assertTrue(Float.isFinite(ort[i]));
        assertEquals(java[i], ort[i], 1e-5, "step " + i);
      }
    }
  }
}
