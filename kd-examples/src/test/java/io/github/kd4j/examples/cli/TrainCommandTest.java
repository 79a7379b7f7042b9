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

  /** features -> a labelled CSV folder -> train --csv -> predict, equal to the model's predict. */
  @Test
  void trainsAStudentOnLabelledFeatureCsvs(@TempDir Path dir) throws Exception {
    Path folder = java.nio.file.Files.createDirectories(dir.resolve("csv"));
    io.github.kd4j.eeg.pipeline.EegFeaturePipeline[] pipelines = {
      io.github.kd4j.eeg.pipeline.EegFeaturePipeline.defaults(),
      io.github.kd4j.eeg.pipeline.EegFeaturePipeline.builder().noCrop().build()
    };
    float[][] first = null;
    for (int k = 0; k < pipelines.length; k++) {
      double[][] v = pipelines[k].extract(FeaturesCommandTest.EDF).values();
      StringBuilder sb = new StringBuilder("step,time_s");
      for (int c = 0; c < v[0].length; c++) {
        sb.append(",f").append(c);
      }
      sb.append(",valence\n");
      for (int t = 0; t < v.length; t++) {
        sb.append(t).append(',').append(t * 0.25);
        for (double x : v[t]) {
          sb.append(',').append(x);
        }
        sb.append(',').append(Math.sin(t / 15.0)).append('\n');
      }
      java.nio.file.Files.writeString(folder.resolve("rec" + k + ".csv"), sb);
      if (k == 0) {
        first = pipelines[k].extract(FeaturesCommandTest.EDF).toFloats();
      }
    }
    Path model = dir.resolve("csv.kd4j");
    Cli.Result r =
        Cli.run(
            "-q",
            "train",
            "--csv",
            folder.toString(),
            "--epochs",
            "1",
            "--channels",
            "4,4",
            "--validation",
            "0.5",
            "-o",
            model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("2 CSV trials") && r.out().contains("(192 features)"), r.out());
    TcnStudent s = TcnStudent.load(model);
    assertEquals(192, s.inputSize());
    Path out = dir.resolve("v.csv");
    r =
        Cli.run(
            "predict",
            folder.resolve("rec0.csv").toString(),
            "-m",
            model.toString(),
            "-o",
            out.toString());
    assertEquals(0, r.code(), r.err());
    float[] expected = s.predict(first);
    float[] got = PredictCommandTest.valence(out);
    assertEquals(expected.length, got.length);
    for (int t = 0; t < got.length; t++) {
      assertEquals(expected[t], got[t], 0f, "step " + t);
    }
    java.nio.file.Files.writeString(folder.resolve("nolabels.csv"), "step,a\n0,1.0\n");
    r = Cli.run("train", "--csv", folder.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("nolabels.csv") && r.err().contains("valence"), r.err());
  }
}
