package io.github.kd4j.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtProvider;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.testing.TcnFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export metadata, error messages, thread safety and life cycle of {@link OnnxModel}. */
class OnnxModelTest {
  private static TcnFixture fixture;
  private static TcnWeights weights;

  @TempDir Path dir;

  @BeforeAll
  static void loadFixture() {
    fixture = TcnFixture.load("small");
    weights = fixture.weights();
  }

  private Path export(String name) throws IOException {
    Path file = dir.resolve(name);
    TcnOnnxExporter.write(weights, "test provenance", Map.of(), file);
    return file;
  }

  @Test
  void metadataRoundTrips() throws IOException {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("kd4j.label_rate_hz", "4");
    extra.put("kd4j.bands", "delta 1-4, theta 4-8; unicode µV ✓");
    String provenance = "seed=42 fold=3 config=" + weights.config() + " data=sha256:abc\nline 2";
    Path file = dir.resolve("meta.onnx");
    TcnOnnxExporter.write(weights, provenance, extra, file);
    try (OnnxModel m = OnnxModel.load(file)) {
      Map<String, String> meta = m.metadata();
      assertEquals(provenance, meta.get("kd4j.provenance"));
      assertEquals("4", meta.get("kd4j.label_rate_hz"));
      assertEquals(extra.get("kd4j.bands"), meta.get("kd4j.bands"));
      assertEquals("5", meta.get("kd4j.input_width"));
      assertEquals(weights.config().toString(), meta.get("kd4j.config"));
      assertEquals(Kd4jVersion.VERSION, meta.get("kd4j.version"));
      assertFalse(Kd4jVersion.VERSION.contains("${"), Kd4jVersion.VERSION);
      assertFalse(Kd4jVersion.VERSION.equals("unknown"));
      assertEquals(5, m.inputWidth());
      assertEquals(4, m.featureWidth());
      assertTrue(m.toString().contains("meta.onnx"), m.toString());
    }
  }

  @Test
  void builderOptionsGiveTheSameOutputsAndCheckTheirValues() throws IOException {
    Path file = export("opts.onnx");
    float[][] x = new float[20][5];
    for (int t = 0; t < 20; t++) {
      for (int c = 0; c < 5; c++) {
        x[t][c] = (float) Math.sin(0.3 * t + c);
      }
    }
    float[] plain;
    try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.CPU)) {
      plain = m.run(x).valence();
    }
    try (OnnxModel m =
        OnnxModel.builder(file)
            .target(ExecutionTarget.CPU)
            .intraOpThreads(1)
            .interOpThreads(1)
            .optimization(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT)
            .load()) {
      assertEquals(ExecutionTarget.CPU, m.executionTarget());
      assertArrayEquals(plain, m.run(x).valence(), 1e-6f);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnnxModel.builder(file).cudaDevice(-1));
    assertTrue(e.getMessage().contains("cudaDevice must be >= 0, got -1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> OnnxModel.builder(file).intraOpThreads(-2));
    assertTrue(e.getMessage().contains("got -2"), e.getMessage());
  }

  @Test
  void exporterRejectsReservedMetadataKeys() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TcnOnnxExporter.toBytes(weights, "p", Map.of("kd4j.input_width", "7")));
    assertTrue(e.getMessage().contains("metadata must not set kd4j.input_width"), e.getMessage());
  }

  @Test
  void exportReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("m.onnx");
    Files.writeString(file, "old");
    TcnOnnxExporter.write(weights, "p", Map.of(), file);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
    assertArrayEquals(TcnOnnxExporter.toBytes(weights, "p", Map.of()), Files.readAllBytes(file));
  }

  @Test
  void exportedGraphDeclaresOpsetIrVersionAndDynamicDims() throws IOException {
    OnnxMl.ModelProto p = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(export("g.onnx")));
    assertEquals(8, p.getIrVersion());
    assertEquals(17, p.getOpsetImport(0).getVersion());
    var x = p.getGraph().getInput(0).getType().getTensorType().getShape();
    assertEquals("batch", x.getDim(0).getDimParam());
    assertEquals("time", x.getDim(1).getDimParam());
    assertEquals(5, x.getDim(2).getDimValue());
    List<String> ops = new ArrayList<>();
    p.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
    // three blocks: 2 causal convs + 3 PReLU + Add each, 1x1 residual convs in blocks 0 and 2
    assertEquals(8, ops.stream().filter("Conv"::equals).count());
    assertEquals(9, ops.stream().filter("PRelu"::equals).count());
    assertFalse(ops.contains("Dropout"));
  }

  @Test
  void corruptFileIsReportedWithItsName() throws IOException {
    Path bad = dir.resolve("garbage.onnx");
    Files.write(
        bad,
        "this is not a protobuf, just text \u0000\u0001\u00ff".getBytes(StandardCharsets.UTF_8));
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.load(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not an ONNX model"), e.getMessage());
  }

  @Test
  void truncatedFileIsReportedWithItsName() throws IOException {
    byte[] good = Files.readAllBytes(export("good.onnx"));
    Path bad = dir.resolve("truncated.onnx");
    Files.write(bad, java.util.Arrays.copyOf(good, good.length / 2));
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.load(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }

  @Test
  void opsetNewerThanOnnxRuntimeIsNamed() throws IOException {
    OnnxMl.ModelProto p = TcnOnnxExporter.model(weights, "p", Map.of());
    OnnxMl.ModelProto future =
        p.toBuilder()
            .setOpsetImport(0, OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(99))
            .build();
    OnnxFormatException e =
        assertThrows(
            OnnxFormatException.class,
            () -> OnnxModel.fromBytes(future.toByteArray(), ExecutionTarget.CPU, "future.onnx"));
    assertTrue(e.getMessage().startsWith("future.onnx could not be loaded"), e.getMessage());
    assertTrue(e.getMessage().contains("opsets [ai.onnx 99]"), e.getMessage());
  }

  @Test
  void unexpectedInputShapeIsNamed() {
    OnnxMl.ModelProto p = TcnOnnxExporter.model(weights, "p", Map.of());
    OnnxMl.GraphProto.Builder g = p.getGraph().toBuilder();
    // a rank-3 input whose width is dynamic: the model cannot say how many features it takes
    var shape =
        g.getInput(0).getType().getTensorType().getShape().toBuilder()
            .setDim(2, OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("width"));
    g.setInput(
        0,
        g.getInput(0).toBuilder()
            .setType(
                OnnxMl.TypeProto.newBuilder()
                    .setTensorType(
                        g.getInput(0).getType().getTensorType().toBuilder().setShape(shape))));
    byte[] bytes = p.toBuilder().setGraph(g).build().toByteArray();
    OnnxFormatException e =
        assertThrows(
            OnnxFormatException.class,
            () -> OnnxModel.fromBytes(bytes, ExecutionTarget.CPU, "dynamic-width.onnx"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "dynamic-width.onnx input x must be float [batch, time, width] with a fixed width"),
        e.getMessage());
    assertTrue(e.getMessage().contains("x FLOAT [-1, -1, -1]"), e.getMessage());
  }

  @Test
  void missingOutputIsNamed() {
    OnnxMl.ModelProto p = TcnOnnxExporter.model(weights, "p", Map.of());
    OnnxMl.GraphProto g = p.getGraph().toBuilder().removeOutput(1).build();
    byte[] bytes = p.toBuilder().setGraph(g).build().toByteArray();
    OnnxFormatException e =
        assertThrows(
            OnnxFormatException.class,
            () -> OnnxModel.fromBytes(bytes, ExecutionTarget.CPU, "no-valence.onnx"));
    assertTrue(
        e.getMessage().contains("must have float outputs valence [batch, time]"), e.getMessage());
    assertTrue(e.getMessage().contains("got features FLOAT [-1, -1, 4]"), e.getMessage());
  }

  @Test
  void widthMismatchSaysWhatIsExpected() throws IOException {
    try (OnnxModel m = OnnxModel.load(export("w.onnx"))) {
      float[][] x = new float[7][3];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(x));
      assertTrue(
          e.getMessage().startsWith("x must have 5 features per step, got 3"), e.getMessage());
      assertTrue(e.getMessage().contains("x[0][0]"), e.getMessage());
    }
  }

  @Test
  void raggedEmptyAndNonFiniteInputsAreRejected() throws IOException {
    try (OnnxModel m = OnnxModel.load(export("r.onnx"))) {
      float[][][] ragged = {new float[4][5], new float[3][5]};
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> m.run(ragged))
              .getMessage()
              .contains("got 3 in x[1] and 4 in x[0]"));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> m.run(new float[0][][]))
              .getMessage()
              .contains("batch 0"));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> m.run(new float[0][5]))
              .getMessage()
              .contains("at least one step"));
      float[][] nan = new float[4][5];
      nan[2][3] = Float.NaN;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(nan));
      assertEquals("x must be finite, got NaN at x[0][2][3]", e.getMessage());
    }
  }

  @Test
  void runAfterCloseIsAnIllegalState() throws IOException {
    OnnxModel m = OnnxModel.load(export("c.onnx"));
    m.run(new float[3][5]);
    m.close();
    m.close(); // idempotent
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> m.run(new float[3][5]));
    assertTrue(e.getMessage().contains("is closed"), e.getMessage());
  }

  @Test
  void concurrentRunsEqualSingleThreadedRuns() throws Exception {
    try (OnnxModel m = OnnxModel.load(export("t.onnx"))) {
      int threads = 4;
      int runs = 20;
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
      float[][][][] inputs = new float[threads * runs][][][];
      OnnxModel.Prediction[] expected = new OnnxModel.Prediction[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        int steps = 10 + rnd.nextInt(40);
        inputs[i] = new float[1 + rnd.nextInt(3)][steps][5];
        for (float[][] seq : inputs[i]) {
          for (float[] step : seq) {
            for (int f = 0; f < 5; f++) {
              step[f] = (float) rnd.nextGaussian();
            }
          }
        }
        expected[i] = m.run(inputs[i]);
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int start = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int r = 0; r < runs; r++) {
                      int i = (start * runs + r * 7) % inputs.length;
                      OnnxModel.Prediction p = m.run(inputs[i]);
                      for (int b = 0; b < inputs[i].length; b++) {
                        assertArrayEquals(expected[i].valence()[b], p.valence()[b]);
                        for (int s = 0; s < inputs[i][b].length; s++) {
                          assertArrayEquals(expected[i].features()[b][s], p.features()[b][s]);
                        }
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void cudaTargetFailsClearlyWithoutCuda() throws IOException {
    Path file = export("cuda.onnx");
    if (!OnnxModel.availableProviders().contains(OrtProvider.CUDA)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> OnnxModel.load(file, ExecutionTarget.CUDA));
      assertTrue(e.getMessage().startsWith("target CUDA requested"), e.getMessage());
      assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
      try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.AUTO)) {
        assertEquals(ExecutionTarget.CPU, m.executionTarget());
      }
    } else {
      // the GPU build: AUTO must not pick CPU silently when CUDA works (see OnnxGpuTest)
      try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.CPU)) {
        assertEquals(ExecutionTarget.CPU, m.executionTarget());
      }
    }
  }
}
