package io.github.kd4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.testing.KdAssertions;
import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import io.github.kd4j.vision.frames.FrameView;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA execution provider reproduces PyTorch on the tiny backbone. Tagged {@code gpu}: runs
 * only with {@code -Pgpu} (onnxruntime_gpu) on a machine with CUDA 12 and cuDNN 9.
 */
@Tag("gpu")
class OnnxBackboneGpuTest {
  /** cuDNN may choose other convolution algorithms than PyTorch CPU: float32 error. */
  static final double GPU_TOL = 1e-4;

  @Test
  void cudaMatchesPyTorch() throws IOException {
    TensorFile f = OnnxBackboneTest.fixture();
    FrameSequence seq = OnnxBackboneTest.fixtureFrames(f);
    List<FrameView> views = OnnxBackboneTest.fixtureViews(f);
    try (OnnxBackbone b =
        OnnxBackbone.load(
            OnnxBackboneTest.resource("tiny_backbone_40.onnx"), ExecutionTarget.CUDA, 64)) {
      assertEquals(ExecutionTarget.CUDA, b.executionTarget());
      float[][] e = b.embed(FrameTransform.forInputSize(40).tensor(seq, views), views.size());
      KdAssertions.assertClose(
          "embedding40 on CUDA",
          f.get("embedding40").values(),
          OnnxBackboneTest.flat(e),
          GPU_TOL,
          GPU_TOL);
    }
  }
}
