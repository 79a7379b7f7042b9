package io.github.kd4j.core.onnx;

import static io.github.kd4j.core.testing.KdAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kd4j.core.testing.TcnFixture;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CUDA execution provider reproduces PyTorch. Tagged {@code gpu}: runs only with {@code -Pgpu}
 * (onnxruntime_gpu) on a machine with CUDA 12 and cuDNN 9.
 */
@Tag("gpu")
class OnnxGpuTest {
  /** cuDNN may pick other convolution algorithms (TF32 is off by default in ORT): float32 error. */
  private static final double GPU_TOL = 1e-4;

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void cudaMatchesPyTorch(String name) throws IOException {
    TcnFixture f = TcnFixture.load(name);
    byte[] bytes = TcnOnnxExporter.toBytes(f.weights(), "gpu test", Map.of());
    try (OnnxModel m = OnnxModel.fromBytes(bytes, ExecutionTarget.CUDA, name)) {
      assertEquals(ExecutionTarget.CUDA, m.executionTarget());
      OnnxModel.Prediction p = m.run(f.xStepMajor());
      assertClose(
          name + " features",
          f.tensors().get("features").values(),
          OnnxParityTest.flat(p.features()),
          GPU_TOL,
          GPU_TOL);
      assertClose(
          name + " valence",
          f.tensors().get("prediction").values(),
          OnnxParityTest.flat(p.valence()),
          GPU_TOL,
          GPU_TOL);
    }
    try (OnnxModel m = OnnxModel.fromBytes(bytes, ExecutionTarget.AUTO, name)) {
      assertEquals(ExecutionTarget.CUDA, m.executionTarget());
    }
  }
}
