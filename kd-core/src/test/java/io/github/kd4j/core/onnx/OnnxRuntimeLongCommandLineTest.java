package io.github.kd4j.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test for the JVM crash of ONNX Runtime 1.29.0: {@code OrtEnvironment.getEnvironment()}
 * killed the JVM with SIGSEGV (exit 139, no hs_err file) when the process command line was longer
 * than about 4 KB. Cause: the POSIX telemetry added in 1.29.0 (microsoft/onnxruntime#27379) runs
 * regular expressions over the process command line, and GCC's backtracking {@code std::regex}
 * overflows the native stack on long input (diagnosed in vespa-engine/vespa#37786). kd4j pins
 * 1.28.0, which has no POSIX telemetry (docs/design.md, "Nothing silently wrong: input files and
 * signals").
 *
 * <p>The child JVM gets the test class path through the {@code CLASSPATH} environment variable, so
 * that its command line is long only because of a deliberate 6000-character {@code -D} property,
 * and {@code ORT_DISABLE_TELEMETRY} (the upstream workaround) is removed from its environment.
 */
class OnnxRuntimeLongCommandLineTest {
  private static final int LONG_PROPERTY_CHARS = 6000;

  @TempDir Path tmp;

  @Test
  void childJvmWithLongCommandLineCreatesSessionAndRuns() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xmx256m");
    cmd.add("-Dkd4j.padding=" + "x".repeat(LONG_PROPERTY_CHARS));
    cmd.add(Child.class.getName());
    assertTrue(String.join(" ", cmd).length() > 5000, "the command line must be long on purpose");

    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("CLASSPATH", System.getProperty("java.class.path"));
    env.remove("ORT_DISABLE_TELEMETRY");
    env.remove("JAVA_TOOL_OPTIONS");
    Path log = tmp.resolve("child.log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(done, "child JVM must finish within 120 s, output:\n" + out);
    assertEquals(
        0,
        p.exitValue(),
        "child JVM must exit 0 (139 = SIGSEGV in ONNX Runtime's telemetry), output:\n" + out);
    assertTrue(out.contains("relu [0.0, 0.0, 2.5]"), out);
  }

  /** Child JVM: environment, session on a one-node Relu model, one run. */
  public static final class Child {
    private Child() {}

    /** Prints the Relu output; exits non-zero on a wrong result. */
    public static void main(String[] args) throws Exception {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession s = env.createSession(reluModel(), new OrtSession.SessionOptions());
          OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {{-1f, 0f, 2.5f}});
          OrtSession.Result r = s.run(Map.of("x", x))) {
        float[] y = ((float[][]) r.get(0).getValue())[0];
        System.out.println("relu " + java.util.Arrays.toString(y));
        if (y[0] != 0f || y[1] != 0f || y[2] != 2.5f) {
          System.exit(3);
        }
      }
    }

    private static byte[] reluModel() throws IOException {
      OnnxMl.TypeProto type =
          OnnxMl.TypeProto.newBuilder()
              .setTensorType(
                  OnnxMl.TypeProto.Tensor.newBuilder()
                      .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                      .setShape(
                          OnnxMl.TensorShapeProto.newBuilder()
                              .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                              .addDim(
                                  OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(3))))
              .build();
      OnnxMl.GraphProto graph =
          OnnxMl.GraphProto.newBuilder()
              .setName("relu")
              .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y"))
              .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(type))
              .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(type))
              .build();
      return OnnxMl.ModelProto.newBuilder()
          .setIrVersion(8)
          .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
          .setGraph(graph)
          .build()
          .toByteArray();
    }
  }
}
