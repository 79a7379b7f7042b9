package io.github.kd4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxFormatException;
import io.github.kd4j.core.testing.KdAssertions;
import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import io.github.kd4j.vision.frames.FrameView;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ONNX Runtime in Java against PyTorch 1.13 on the tiny backbone (make_tiny_backbone.py). */
class OnnxBackboneTest {
  /**
   * ORT and PyTorch CPU sum the same float32 products in different orders (convolution kernels,
   * global average pool over 100 values, a 16-wide linear layer): a few ulps of outputs of size
   * about 0.1-1.
   */
  static final double PARITY_TOL = 1e-5;

  static final String DIR = "/io/github/kd4j/vision/backbone/";

  static Path resource(String name) {
    try {
      return Path.of(OnnxBackboneTest.class.getResource(DIR + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static TensorFile fixture() {
    return TensorFile.resource(DIR + "tiny_backbone.txt");
  }

  static FrameSequence fixtureFrames(TensorFile f) {
    double[] v = f.get("frames").values();
    byte[] packed = new byte[16 * FrameSequence.FRAME_BYTES];
    for (int i = 0; i < v.length; i++) {
      packed[i] = (byte) (int) v[i];
    }
    return FrameSequence.ofPacked("fixture", packed, 16);
  }

  static List<FrameView> fixtureViews(TensorFile f) {
    double[] v = f.get("views").values();
    List<FrameView> views = new ArrayList<>();
    for (int i = 0; i < v.length; i += 4) {
      views.add(new FrameView((int) v[i], (int) v[i + 1], (int) v[i + 2], v[i + 3] != 0));
    }
    return views;
  }

  static double[] flat(float[][] a) {
    double[] out = new double[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        out[i * a[0].length + j] = a[i][j];
      }
    }
    return out;
  }

  static double maxAbs(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void matchesPyTorchOn40And48Inputs() throws IOException {
    TensorFile f = fixture();
    FrameSequence seq = fixtureFrames(f);
    try (OnnxBackbone b = OnnxBackbone.load(resource("tiny_backbone_40.onnx"))) {
      assertEquals(40, b.inputSize());
      assertEquals(32, b.embeddingWidth());
      List<FrameView> views = fixtureViews(f);
      float[][] e = b.embed(FrameTransform.forInputSize(40).tensor(seq, views), views.size());
      double[] want = f.get("embedding40").values();
      System.out.printf(
          "tiny backbone 40x40, ORT %s vs PyTorch: max |diff| %.3g%n",
          b.executionTarget(), maxAbs(flat(e), want));
      KdAssertions.assertClose("embedding40", want, flat(e), PARITY_TOL, PARITY_TOL);
    }
    try (OnnxBackbone b = OnnxBackbone.load(resource("tiny_backbone_48.onnx"))) {
      assertEquals(48, b.inputSize());
      List<FrameView> views = List.of(new FrameView(0, 0, 0, false), new FrameView(1, 0, 0, true));
      float[][] e = b.embed(FrameTransform.forInputSize(48).tensor(seq, views), 2);
      double[] want = f.get("embedding48").values();
      System.out.printf(
          "tiny backbone 48x48, ORT %s vs PyTorch: max |diff| %.3g%n",
          b.executionTarget(), maxAbs(flat(e), want));
      KdAssertions.assertClose("embedding48", want, flat(e), PARITY_TOL, PARITY_TOL);
    }
  }

  /** Batching changes nothing: batch size 3 over 7 images equals one call of 7. */
  @Test
  void batchesGiveTheSameEmbeddings() throws IOException {
    FrameSequence seq = fixtureFrames(fixture());
    FrameTransform t = FrameTransform.forInputSize(40);
    List<FrameView> views = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      views.add(new FrameView(i % 2, i, 8 - i, i % 3 == 0));
    }
    float[] x = t.tensor(seq, views);
    try (OnnxBackbone small =
            OnnxBackbone.load(resource("tiny_backbone_40.onnx"), ExecutionTarget.CPU, 3);
        OnnxBackbone big = OnnxBackbone.load(resource("tiny_backbone_40.onnx"))) {
      float[][] a = small.embed(x, 7);
      float[][] b = big.embed(x, 7);
      for (int i = 0; i < 7; i++) {
        assertArrayEquals(b[i], a[i], 1e-6f, "image " + i);
      }
      assertEquals(0, big.embed(new float[0], 0).length);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> big.embed(new float[10], 1));
      assertTrue(e.getMessage().contains("got 10"), e.getMessage());
      big.close();
      assertThrows(IllegalStateException.class, () -> big.embed(x, 7));
    }
  }

  @Test
  void wrongInputShapeNamesFileAndShape() throws IOException {
    Path gray = resource("tiny_backbone_gray.onnx");
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxBackbone.load(gray));
    assertTrue(
        e.getMessage().contains(gray.toString())
            && e.getMessage().contains("[N, 3, 40, 40] or [N, 3, 48, 48]")
            && e.getMessage().contains("image FLOAT [-1, 1, 40, 40]"),
        e.getMessage());
    OnnxFormatException fixed =
        assertThrows(
            OnnxFormatException.class,
            () -> OnnxBackbone.fromBytes(fixedBatch(), ExecutionTarget.CPU, 8, "fixed.onnx"));
    assertTrue(
        fixed.getMessage().contains("fixed.onnx")
            && fixed.getMessage().contains("image FLOAT [1, 3, 40, 40]")
            && fixed.getMessage().contains("dynamic_axes={'image': {0: 'N'}}"),
        fixed.getMessage());
    OnnxFormatException notOnnx =
        assertThrows(
            OnnxFormatException.class,
            () ->
                OnnxBackbone.fromBytes(new byte[] {1, 2, 3}, ExecutionTarget.CPU, 8, "junk.onnx"));
    assertTrue(notOnnx.getMessage().contains("junk.onnx"), notOnnx.getMessage());
  }

  /** The 40x40 tiny backbone with its batch dimension fixed to 1. */
  static byte[] fixedBatch() throws IOException {
    OnnxMl.ModelProto.Builder m =
        OnnxMl.ModelProto.parseFrom(Files.readAllBytes(resource("tiny_backbone_40.onnx")))
            .toBuilder();
    m.getGraphBuilder()
        .getInputBuilder(0)
        .getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .getDimBuilder(0)
        .setDimValue(1);
    return m.build().toByteArray();
  }

  @Test
  void nonFiniteEmbeddingNamesTheFile() throws IOException {
    Path nan = resource("tiny_backbone_nan.onnx");
    FrameSequence seq = fixtureFrames(fixture());
    FrameTransform t = FrameTransform.forInputSize(40);
    try (OnnxBackbone b = OnnxBackbone.load(nan)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> b.embed(t.tensor(seq, t.evalViews(seq)), 1));
      assertTrue(
          e.getMessage().contains(nan.toString())
              && e.getMessage().contains("got NaN at image 0, dimension 3"),
          e.getMessage());
    }
  }
}
