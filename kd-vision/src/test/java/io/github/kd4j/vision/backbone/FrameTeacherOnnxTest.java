package io.github.kd4j.vision.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.onnx.OnnxFormatException;
import io.github.kd4j.core.onnx.TcnOnnxExporter;
import io.github.kd4j.core.testing.KdAssertions;
import io.github.kd4j.vision.frames.FrameSequence;
import io.github.kd4j.vision.frames.FrameTransform;
import io.github.kd4j.vision.frames.FrameView;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The joined frame-teacher file run by ONNX Runtime equals backbone (ORT) then TCN (kd-core's Java
 * {@link TemporalConvNet#predict}) run separately.
 *
 * <p>Set {@code -Dkd4j.vision.dumpTeacher=<file>} to keep the joined model (for {@code
 * onnx.checker.check_model}, see src/test/python/README.md).
 */
class FrameTeacherOnnxTest {
  /**
   * Same backbone arithmetic on both sides (ORT); the TCN differs by float32 summation order
   * between ORT's Conv/MatMul and kd-core's loops, as in kd-core's OnnxParity (1e-5).
   */
  static final double TOL = 1e-5;

  @TempDir Path dir;

  static byte[] tcn(int inputSize, long seed) {
    TcnConfig cfg = TcnConfig.builder().inputSize(inputSize).channels(8, 6).kernelSize(3).build();
    TemporalConvNet net = TemporalConvNet.initialize(cfg, seed);
    return TcnOnnxExporter.toBytes(
        net.weights(), "test seed=" + seed, Map.of("kd4j.label_rate_hz", "4"));
  }

  @Test
  void joinedFileEqualsBackboneThenTcn() throws IOException, OrtException {
    TcnConfig cfg = TcnConfig.builder().inputSize(32).channels(8, 6).kernelSize(3).build();
    TemporalConvNet net = TemporalConvNet.initialize(cfg, 5);
    Path tcnFile = dir.resolve("tcn.onnx");
    TcnOnnxExporter.write(
        net.weights(), null, null, "test seed=5", Map.of("kd4j.label_rate_hz", "4"), tcnFile);
    Path backboneFile = OnnxBackboneTest.resource("tiny_backbone_40.onnx");
    Path teacher = dir.resolve("teacher.onnx");
    FrameTeacherOnnx.write(backboneFile, tcnFile, teacher);
    String dump = System.getProperty("kd4j.vision.dumpTeacher");
    if (dump != null) {
      Files.copy(teacher, Path.of(dump), StandardCopyOption.REPLACE_EXISTING);
    }

    int steps = 20;
    FrameSequence[] trials = {
      EmbeddingCacheTest.frames("a", steps, 1), EmbeddingCacheTest.frames("b", steps, 2)
    };
    FrameTransform t = FrameTransform.forInputSize(40);
    List<List<FrameView>> views =
        List.of(t.evalViews(trials[0]), t.trainViews(trials[1], 0, steps, new SplittableRandom(9)));
    int per = t.viewLength();
    float[] frames = new float[2 * steps * per];
    for (int b = 0; b < 2; b++) {
      System.arraycopy(t.tensor(trials[b], views.get(b)), 0, frames, b * steps * per, steps * per);
    }

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[][] valence;
    float[][][] features;
    Map<String, String> meta;
    try (OrtSession s = env.createSession(teacher.toString(), new OrtSession.SessionOptions());
        OnnxTensor x =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(frames), new long[] {2, steps, 3, 40, 40});
        OrtSession.Result r = s.run(Map.of(FrameTeacherOnnx.FRAMES, x))) {
      valence = (float[][]) r.get(TcnOnnxExporter.VALENCE).orElseThrow().getValue();
      features = (float[][][]) r.get(TcnOnnxExporter.FEATURES).orElseThrow().getValue();
      meta = s.getMetadata().getCustomMetadata();
    }

    double worst = 0;
    double peak = 0;
    try (OnnxBackbone backbone = OnnxBackbone.load(backboneFile)) {
      EmbeddingCache cache = new EmbeddingCache(backbone);
      for (int b = 0; b < 2; b++) {
        TemporalConvNet.Output want = net.predict(cache.embed(trials[b], views.get(b)));
        double[] wf = OnnxBackboneTest.flat(want.features());
        double[] gf = OnnxBackboneTest.flat(features[b]);
        double[] wv = new double[steps];
        double[] gv = new double[steps];
        for (int i = 0; i < steps; i++) {
          wv[i] = want.valence()[i];
          gv[i] = valence[b][i];
        }
        for (double v : wf) {
          peak = Math.max(peak, Math.abs(v));
        }
        for (double v : wv) {
          peak = Math.max(peak, Math.abs(v));
        }
        worst =
            Math.max(
                worst, Math.max(OnnxBackboneTest.maxAbs(wf, gf), OnnxBackboneTest.maxAbs(wv, gv)));
        KdAssertions.assertClose("features of sequence " + b, wf, gf, TOL, TOL);
        KdAssertions.assertClose("valence of sequence " + b, wv, gv, TOL, TOL);
      }
    }
    System.out.printf(
        "frame teacher ONNX vs backbone + Java TCN: max |diff| %.3g (max |value| %.3g)%n",
        worst, peak);
    assertTrue(peak > 1e-3, "outputs must not be trivially small, got max |value| " + peak);
    assertEquals(FrameTeacherOnnx.ROLE, meta.get(FrameTeacherOnnx.KEY_ROLE));
    assertEquals("test seed=5", meta.get(TcnOnnxExporter.KEY_PROVENANCE));
    assertEquals("4", meta.get("kd4j.label_rate_hz"));
    assertEquals(cfg.toString(), meta.get(TcnOnnxExporter.KEY_CONFIG));
  }

  @Test
  void namesArePrefixedAndOpsetKept() throws IOException {
    byte[] backbone = Files.readAllBytes(OnnxBackboneTest.resource("tiny_backbone_48.onnx"));
    OnnxMl.ModelProto m =
        OnnxMl.ModelProto.parseFrom(FrameTeacherOnnx.compose(backbone, "bb", tcn(32, 3), "tcn"));
    assertEquals(1, m.getOpsetImportCount());
    assertEquals(TcnOnnxExporter.OPSET, m.getOpsetImport(0).getVersion());
    assertEquals(TcnOnnxExporter.IR_VERSION, m.getIrVersion());
    assertEquals(FrameTeacherOnnx.FRAMES, m.getGraph().getInput(0).getName());
    assertEquals(
        48, m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(4).getDimValue());
    Set<String> names = new HashSet<>();
    for (OnnxMl.TensorProto i : m.getGraph().getInitializerList()) {
      assertTrue(
          i.getName().startsWith("backbone/")
              || i.getName().startsWith("tcn/")
              || i.getName().startsWith("compose/"),
          i.getName());
      assertTrue(names.add(i.getName()), "duplicate initializer " + i.getName());
    }
    Set<String> outputs = new HashSet<>();
    for (OnnxMl.NodeProto n : m.getGraph().getNodeList()) {
      for (String o : n.getOutputList()) {
        assertTrue(outputs.add(o), "value " + o + " written twice");
      }
    }
    assertTrue(outputs.containsAll(List.of(TcnOnnxExporter.VALENCE, TcnOnnxExporter.FEATURES)));
  }

  @Test
  void mismatchedWidthOrBadBackboneNamesTheFiles() throws IOException {
    byte[] backbone = Files.readAllBytes(OnnxBackboneTest.resource("tiny_backbone_40.onnx"));
    OnnxFormatException e =
        assertThrows(
            OnnxFormatException.class,
            () -> FrameTeacherOnnx.compose(backbone, "bb.onnx", tcn(16, 1), "tcn.onnx"));
    assertTrue(
        e.getMessage().contains("tcn.onnx")
            && e.getMessage().contains("bb.onnx")
            && e.getMessage().contains("must be [batch, time, 32]")
            && e.getMessage().contains("got [?, ?, 16]"),
        e.getMessage());
    byte[] gray = Files.readAllBytes(OnnxBackboneTest.resource("tiny_backbone_gray.onnx"));
    e =
        assertThrows(
            OnnxFormatException.class,
            () -> FrameTeacherOnnx.compose(gray, "gray.onnx", tcn(32, 1), "tcn.onnx"));
    assertTrue(
        e.getMessage().contains("gray.onnx") && e.getMessage().contains("image [?, 1, 40, 40]"),
        e.getMessage());
    OnnxMl.ModelProto.Builder fixed = OnnxMl.ModelProto.parseFrom(backbone).toBuilder();
    fixed
        .getGraphBuilder()
        .getInputBuilder(0)
        .getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .getDimBuilder(0)
        .setDimValue(1);
    byte[] fixedBatch = fixed.build().toByteArray();
    e =
        assertThrows(
            OnnxFormatException.class,
            () -> FrameTeacherOnnx.compose(fixedBatch, "fixed.onnx", tcn(32, 1), "tcn.onnx"));
    assertTrue(
        e.getMessage().contains("fixed.onnx")
            && e.getMessage().contains("N dynamic")
            && e.getMessage().contains("image [1, 3, 40, 40]"),
        e.getMessage());
    e =
        assertThrows(
            OnnxFormatException.class,
            () -> FrameTeacherOnnx.compose(backbone, "bb.onnx", new byte[] {9, 9}, "junk.onnx"));
    assertTrue(e.getMessage().contains("junk.onnx"), e.getMessage());
  }
}
