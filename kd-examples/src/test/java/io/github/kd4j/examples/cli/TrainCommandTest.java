package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.eeg.mahnob.MahnobFeatures;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kd4j train} on two MAHNOB subjects (11 trials), one epoch, a small TCN. */
class TrainCommandTest {
  static final String MAHNOB = Cli.DATA.resolve("mahnob").toString();

  @Test
  void trainsAStudentAndWritesKd4jAndOnnx(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("student.kd4j");
    Path onnx = dir.resolve("student.onnx");
    Cli.Result r =
        Cli.run(
            "--quiet",
            "train",
            "--data",
            MAHNOB,
            "--subjects",
            "P10,P27",
            "--epochs",
            "1",
            "--channels",
            "8,8",
            "--seed",
            "11",
            "-o",
            model.toString(),
            "--onnx",
            onnx.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("11 trials"), r.out());
    assertTrue(r.out().contains("9 training, 2 validation (seed 11)"), r.out());
    TcnStudent s = TcnStudent.load(model);
    assertEquals(11, s.provenance().seed());
    assertEquals(9, s.provenance().trainingTrials());
    assertEquals(2, s.provenance().validationTrials());
    MahnobTrial t =
        MahnobFeatures.defaults().read(Path.of(MAHNOB, "P10-features-resamp4hz-trial-2.mat"));
    float[] java = s.predict(t.eeg());
    try (OnnxModel m = OnnxModel.load(onnx, ExecutionTarget.CPU)) {
      float[] o = m.run(t.eeg()).valence();
      for (int i = 0; i < java.length; i++) {
        assertTrue(Float.isFinite(java[i]));
        assertEquals(java[i], o[i], 1e-5);
      }
    }
  }

  @Test
  void trainsATeacherOnTheFaceFeatures(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("t.kd4j");
    Cli.Result r =
        Cli.run(
            "-q",
            "train",
            "--data",
            MAHNOB,
            "--subjects",
            "P27",
            "--model",
            "teacher",
            "--epochs",
            "1",
            "--channels",
            "4",
            "--validation",
            "0.34",
            "-o",
            model.toString());
    assertEquals(0, r.code(), r.err());
    VisualTeacher t = VisualTeacher.load(model);
    assertEquals(MahnobTrial.REFERENCE_FACE_FEATURES, t.inputSize());
    assertEquals(42, t.provenance().seed());
  }

  @Test
  void badValuesAreUsageErrors(@TempDir Path dir) {
    Cli.Result r = Cli.run("train", "--data", MAHNOB, "--model", "teacherz");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--model must be student or teacher, got teacherz"), r.err());
    r = Cli.run("train", "--data", MAHNOB, "--subjects", "P99");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("P99"), r.err());
    r = Cli.run("train", "--data", dir.resolve("none").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("none"), r.err());
  }
}
