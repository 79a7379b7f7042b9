package io.github.kd4j.core.onnx;

import static io.github.kd4j.core.testing.KdAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
  static final double FLOAT32_TOL = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void ortMatchesPyTorch(String name, @TempDir Path dir) throws IOException {
    TcnFixture f = TcnFixture.load(name);
    Path file = dir.resolve(name + ".onnx");
    TcnOnnxExporter.write(f.weights(), "fixture " + name, Map.of(), file);
    try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.CPU)) {
      assertEquals(ExecutionTarget.CPU, m.executionTarget());
      assertEquals(f.config().inputSize(), m.inputWidth());
      assertEquals(f.config().outputSize(), m.featureWidth());
      OnnxModel.Prediction p = m.run(f.xStepMajor());
      float[] features = flat(p.features());
      float[] valence = flat(p.valence());
      double[] expectedF = f.tensors().get("features").values();
      double[] expectedP = f.tensors().get("prediction").values();
      assertClose(name + " features", expectedF, features, FLOAT32_TOL, FLOAT32_TOL);
      assertClose(name + " valence", expectedP, valence, FLOAT32_TOL, FLOAT32_TOL);
      System.out.printf(
          "ONNX parity %s: max |features diff| %.3g, max |valence diff| %.3g%n",
          name, maxAbsDiff(expectedF, features), maxAbsDiff(expectedP, valence));

      // single-sequence convenience equals the batch row
      OnnxModel.SequencePrediction one = m.run(f.xStepMajor()[0]);
      assertArrayEquals(p.valence()[0], one.valence());
      assertArrayEquals(p.features()[0][f.steps() - 1], one.features()[f.steps() - 1]);
    }
  }

  static double maxAbsDiff(double[] expected, float[] actual) {
    double m = 0;
    for (int i = 0; i < expected.length; i++) {
      m = Math.max(m, Math.abs(expected[i] - actual[i]));
    }
    return m;
  }

  static float[] flat(float[][][] a) {
    int b = a.length;
    int t = a[0].length;
    int c = a[0][0].length;
    float[] f = new float[b * t * c];
    for (int i = 0; i < b; i++) {
      for (int s = 0; s < t; s++) {
        System.arraycopy(a[i][s], 0, f, (i * t + s) * c, c);
      }
    }
    return f;
  }

  static float[] flat(float[][] a) {
    int b = a.length;
    int t = a[0].length;
    float[] f = new float[b * t];
    for (int i = 0; i < b; i++) {
      System.arraycopy(a[i], 0, f, i * t, t);
    }
    return f;
  }
}
