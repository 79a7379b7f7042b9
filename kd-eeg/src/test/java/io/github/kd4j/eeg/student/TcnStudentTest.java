package io.github.kd4j.eeg.student;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxModel;
import io.github.kd4j.core.testing.Trials;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcnStudentTest {
  private static final List<Trial> DATA = Trials.synthetic(10, 6, 3);

  private static TcnStudent student(boolean standardize) {
    return TcnStudent.builder()
        .inputSize(6)
        .channels(16, 16)
        .seed(4)
        .standardize(standardize)
        .trainer(
            TrainerConfig.student()
                .learningRate(3e-3)
                .minLearningRate(1e-5)
                .maxEpochs(5)
                .seed(9)
                .build())
        .build();
  }

  @Test
  void fitsPredictsAndRoundTripsThroughAFile(@TempDir Path dir) throws Exception {
    TcnStudent s = student(true);
    TrainingResult r = s.fit(DATA.subList(0, 8), DATA.subList(8, 10));
    assertTrue(r.bestValidationCcc() > 0.5, r.toString());
    float[][] x = DATA.get(9).features();
    float[] v = s.predict(x);
    float[][] f = s.features(x);
    assertEquals(x.length, v.length);
    assertEquals(16, f[0].length);
    Path file = dir.resolve("student.kd4j");
    s.save(file);
    TcnStudent back = TcnStudent.load(file);
    assertArrayEquals(v, back.predict(x));
    assertArrayEquals(f[7], back.features(x)[7]);
    assertEquals(s.config(), back.config());
  }

  @Test
  void predictBeforeFitIsAnError() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> student(false).predict(new float[10][6]));
    assertTrue(e.getMessage().contains("before fit()"), e.getMessage());
  }

  @Test
  void wrongWidthIsNamed() throws Exception {
    TcnStudent s = student(false);
    s.fit(DATA.subList(0, 8), DATA.subList(8, 10));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.predict(new float[10][5]));
    assertTrue(e.getMessage().contains("must have 6 features per step, got 5"), e.getMessage());
  }

  @Test
  void corruptModelFileIsNamed(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.kd4j");
    Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    IOException e = assertThrows(IOException.class, () -> TcnStudent.load(bad));
    assertTrue(
        e.getMessage().contains("bad.kd4j") && e.getMessage().contains("not a kd4j model"),
        e.getMessage());
  }

  @Test
  void onnxExportRunsInOnnxRuntimeLikeTheJavaModel(@TempDir Path dir) throws Exception {
    for (boolean standardize : new boolean[] {false, true}) {
      TcnStudent s = student(standardize);
      s.fit(DATA.subList(0, 8), DATA.subList(8, 10));
      Path file = dir.resolve("student-" + standardize + ".onnx");
      s.exportOnnx(file, "test seed 4");
      try (OnnxModel ort = OnnxModel.load(file, ExecutionTarget.CPU)) {
        io.github.kd4j.core.model.Provenance prov =
            io.github.kd4j.core.model.Provenance.parse(ort.metadata().get("kd4j.provenance"));
        assertEquals("test seed 4", prov.extra().get("note"));
        assertEquals(s.provenance().dataHash(), prov.dataHash());
        assertEquals(Boolean.toString(standardize), ort.metadata().get("kd4j.standardized"));
        for (Trial t : DATA.subList(8, 10)) {
          float[][] x = t.features();
          OnnxModel.SequencePrediction p = ort.run(x);
          float[] v = s.predict(x);
          float[][] f = s.features(x);
          for (int i = 0; i < v.length; i++) {
            // ORT and the ND4J engine, both float32: 1e-5 relative to the value plus 1e-5 absolute
            assertEquals(v[i], p.valence()[i], 1e-5 * (1 + Math.abs(v[i])), "valence step " + i);
            for (int c = 0; c < f[i].length; c++) {
              assertEquals(
                  f[i][c],
                  p.features()[i][c],
                  1e-5 * (1 + Math.abs(f[i][c])),
                  "feature " + i + "," + c);
            }
          }
        }
      }
    }
  }
}
