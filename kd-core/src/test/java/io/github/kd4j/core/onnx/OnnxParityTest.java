package io.github.kd4j.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.testing.OnnxParity;
import io.github.kd4j.core.testing.TcnFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every PyTorch fixture, exported with {@link TcnOnnxExporter} and run in ONNX Runtime (CPU),
 * reproduces PyTorch's float64 features and prediction.
 */
class OnnxParityTest {
  /**
   * ONNX Runtime computes in float32 (weights folded and rounded to float32, float accumulation):
   * relative error near 1e-7 per operation, a few 1e-7 after the blocks; 1e-5 leaves margin.
   */
  static final double FLOAT32_TOL = OnnxParity.TOLERANCE;

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void ortMatchesPyTorch(String name, @TempDir Path dir) throws IOException {
    TcnFixture f = TcnFixture.load(name);
    TcnWeights w = f.weights();
    OnnxExportable exportable =
        (file, provenance) -> TcnOnnxExporter.write(w, provenance, Map.of(), file);
    OnnxParity.Errors e =
        OnnxParity.assertExportMatches(
            exportable,
            f.xStepMajor(),
            f.tensors().get("prediction").values(),
            f.tensors().get("features").values(),
            dir,
            FLOAT32_TOL);
    System.out.printf(
        "ONNX parity %s: max |valence diff| %.3g (normwise rel %.3g), max |features diff| %.3g"
            + " (normwise rel %.3g)%n",
        name, e.valence(), e.valenceRelative(), e.features(), e.featuresRelative());
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void sequenceRunEqualsBatchRow(String name) throws IOException {
    TcnFixture f = TcnFixture.load(name);
    byte[] bytes = TcnOnnxExporter.toBytes(f.weights(), "p", Map.of());
    try (OnnxModel m = OnnxModel.fromBytes(bytes, ExecutionTarget.CPU, name)) {
      assertEquals(ExecutionTarget.CPU, m.executionTarget());
      assertEquals(f.config().inputSize(), m.inputWidth());
      assertEquals(f.config().outputSize(), m.featureWidth());
      float[][][] x = f.xStepMajor();
      OnnxModel.Prediction p = m.run(x);
      for (int b = 0; b < x.length; b++) {
        OnnxModel.SequencePrediction one = m.run(x[b]);
        assertArrayEquals(p.valence()[b], one.valence());
        for (int t = 0; t < x[b].length; t++) {
          assertArrayEquals(p.features()[b][t], one.features()[t]);
        }
      }
    }
  }

  static float[] flat(float[][][] a) {
    double[] d = OnnxParity.flatten(a);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  static float[] flat(float[][] a) {
    double[] d = OnnxParity.flatten(a);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
