package io.github.kd4j.core.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a TCN and its per-step regressor ({@link TcnWeights}, SPEC 5) as a standard ONNX model
 * (opset {@value #OPSET}, IR version {@value #IR_VERSION}) for inference with {@link OnnxModel} or
 * any ONNX runtime.
 *
 * <p>Graph, with {@code d = 2^i} and {@code k} the kernel size:
 *
 * <pre>
 * x [batch, time, inputSize] float
 *   -&gt; Transpose(perm 0,2,1)                                  h [batch, C, time]
 *   per block i:
 *     Conv(w1, b1; dilations [d], pads [(k-1)d, 0]) -&gt; PRelu(a1)    causal conv1
 *     Conv(w2, b2; dilations [d], pads [(k-1)d, 0]) -&gt; PRelu(a2)    causal conv2
 *     residual r = h, or Conv(down.w [out,in,1], down.b) when widths differ
 *     h = PRelu(a; conv2 + r)
 *   -&gt; Transpose(perm 0,2,1)                                  features [batch, time, c_L]
 *   -&gt; MatMul(regressor.w^T [c_L,1]) -&gt; Add(regressor.b) -&gt; Squeeze(axis -1)   valence [batch, time]
 * </pre>
 *
 * Left-only padding {@code (k-1)d} equals PyTorch's symmetric padding followed by the chomp of the
 * last {@code (k-1)d} steps. Weight norm is folded into plain weights {@code w = g v / ||v||}
 * ({@link TcnWeights#effectiveConvWeight(String)}); PReLU slopes are {@code [1]} initializers that
 * broadcast; there is no dropout (inference). {@code batch} and {@code time} are named dynamic
 * dimensions.
 *
 * <p>{@code metadata_props}: {@code kd4j.version}, {@code kd4j.provenance}, {@code
 * kd4j.input_width}, {@code kd4j.config} ({@link TcnConfig#toString()}) and the caller's entries.
 *
 * <pre>{@code
 * TcnOnnxExporter.write(weights, "seed=42 fold=3", Map.of("kd4j.label_rate_hz", "4"), Path.of("student.onnx"));
 * }</pre>
 */
public final class TcnOnnxExporter {
  /** ONNX operator set version of the default domain. */
  public static final int OPSET = 17;

  /** ONNX IR version (8, accepted by the onnx 1.12 checker and ONNX Runtime). */
  public static final int IR_VERSION = 8;

  /** Name of the graph input {@code [batch, time, inputSize]}. */
  public static final String INPUT = "x";

  /** Name of the output {@code [batch, time, c_L]}. */
  public static final String FEATURES = "features";

  /** Name of the output {@code [batch, time]}. */
  public static final String VALENCE = "valence";

  /** Metadata keys written by the exporter; callers may not override them. */
  public static final String KEY_VERSION = "kd4j.version",
      KEY_PROVENANCE = "kd4j.provenance",
      KEY_INPUT_WIDTH = "kd4j.input_width",
      KEY_CONFIG = "kd4j.config";

  private TcnOnnxExporter() {}

  /**
   * Writes the model to {@code file} atomically (a temporary file in the same folder, then a move).
   *
   * @param weights the network
   * @param provenance stored as {@code kd4j.provenance}
   * @param metadata extra {@code metadata_props} (rates, bands, ...); must not use the four {@code
   *     kd4j.*} keys written here
   * @throws IOException if the file cannot be written
   */
  public static void write(
      TcnWeights weights, String provenance, Map<String, String> metadata, Path file)
      throws IOException {
    write(weights, null, null, provenance, metadata, file);
  }

  /**
   * As {@link #write(TcnWeights, String, Map, Path)}, with the input standardisation {@code (x -
   * mean) / std} per feature as the graph's first nodes (Sub, Div), so that the file takes raw
   * features like the Java model; {@code mean} and {@code std} both null for none.
   */
  public static void write(
      TcnWeights weights,
      float[] mean,
      float[] std,
      String provenance,
      Map<String, String> metadata,
      Path file)
      throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] bytes = model(weights, mean, std, provenance, metadata).toByteArray();
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The serialized ONNX model; see {@link #write}. */
  public static byte[] toBytes(
      TcnWeights weights, String provenance, Map<String, String> metadata) {
    return model(weights, provenance, metadata).toByteArray();
  }

  /** The ONNX model as a protobuf (package-private: tests edit it to build broken models). */
  static ModelProto model(TcnWeights weights, String provenance, Map<String, String> metadata) {
    return model(weights, null, null, provenance, metadata);
  }

  static ModelProto model(
      TcnWeights weights,
      float[] mean,
      float[] std,
      String provenance,
      Map<String, String> metadata) {
    Objects.requireNonNull(weights, "weights");
    if ((mean == null) != (std == null)
        || (mean != null
            && (mean.length != weights.config().inputSize()
                || std.length != weights.config().inputSize()))) {
      throw new IllegalArgumentException(
          "mean and std must both be null or both have inputSize ("
              + weights.config().inputSize()
              + ") values");
    }
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(metadata, "metadata");
    TcnConfig cfg = weights.config();
    Map<String, String> props = new LinkedHashMap<>();
    props.put(KEY_VERSION, Kd4jVersion.VERSION);
    props.put(KEY_PROVENANCE, provenance);
    props.put(KEY_INPUT_WIDTH, Integer.toString(cfg.inputSize()));
    props.put(KEY_CONFIG, cfg.toString());
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (props.containsKey(e.getKey())) {
        throw new IllegalArgumentException(
            "metadata must not set "
                + e.getKey()
                + " (written by the exporter), got "
                + e.getKey()
                + "="
                + e.getValue());
      }
      props.put(
          Objects.requireNonNull(e.getKey(), "metadata key"),
          Objects.requireNonNull(e.getValue(), "metadata value of " + e.getKey()));
    }

    GraphProto.Builder g = GraphProto.newBuilder().setName("kd4j_tcn");
    g.setDocString("kd4j TCN " + cfg + " with a per-step linear regressor (SPEC 5)");
    g.addInput(valueInfo(INPUT, "batch", "time", cfg.inputSize()));
    g.addOutput(valueInfo(FEATURES, "batch", "time", cfg.outputSize()));
    g.addOutput(valueInfo(VALENCE, "batch", "time", -1));

    String first = INPUT;
    if (mean != null) {
      g.addInitializer(floats("standardize.mean", mean, cfg.inputSize()));
      g.addInitializer(floats("standardize.std", std, cfg.inputSize()));
      g.addNode(
          node("Sub", "standardize.sub", new String[] {INPUT, "standardize.mean"}, "x.centred")
              .build());
      g.addNode(
          node("Div", "standardize.div", new String[] {"x.centred", "standardize.std"}, "x.std")
              .build());
      first = "x.std";
    }
    g.addNode(transpose(first, "h0"));
    String h = "h0";
    int k = cfg.kernelSize();
    for (int i = 0; i < cfg.levels(); i++) {
      String p = "block" + i + ".";
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      int d = cfg.dilation(i);
      for (String c : new String[] {"conv1", "conv2"}) {
        int cin = c.equals("conv1") ? in : out;
        g.addInitializer(floats(p + c + ".w", weights.effectiveConvWeight(p + c), out, cin, k));
        g.addInitializer(floats(p + c + ".b", weights.get(p + c + ".b"), out));
        String slope = p + "prelu" + c.charAt(4);
        g.addInitializer(floats(slope, weights.get(slope), 1));
      }
      g.addNode(conv(h, p + "conv1", k, d));
      g.addNode(prelu(p + "conv1.y", p + "prelu1", p + "prelu1.y"));
      g.addNode(conv(p + "prelu1.y", p + "conv2", k, d));
      g.addNode(prelu(p + "conv2.y", p + "prelu2", p + "prelu2.y"));
      String res = h;
      if (cfg.hasDownsample(i)) {
        g.addInitializer(floats(p + "down.w", weights.get(p + "down.w"), out, in, 1));
        g.addInitializer(floats(p + "down.b", weights.get(p + "down.b"), out));
        g.addNode(conv(h, p + "down", 1, 1));
        res = p + "down.y";
      }
      g.addNode(node("Add", p + "add", new String[] {p + "prelu2.y", res}, p + "add.y").build());
      g.addInitializer(floats(p + "prelu", weights.get(p + "prelu"), 1));
      h = "h" + (i + 1);
      g.addNode(prelu(p + "add.y", p + "prelu", h));
    }
    g.addNode(transpose(h, FEATURES));
    // regressor.w is [1, c_L]; MatMul wants [c_L, 1]: the same values in the same order
    g.addInitializer(floats("regressor.wt", weights.get("regressor.w"), cfg.outputSize(), 1));
    g.addInitializer(floats("regressor.b", weights.get("regressor.b"), 1));
    g.addInitializer(
        TensorProto.newBuilder()
            .setName("squeeze.axes")
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(1)
            .addInt64Data(-1)
            .build());
    g.addNode(
        node("MatMul", "regressor.matmul", new String[] {FEATURES, "regressor.wt"}, "reg.mm")
            .build());
    g.addNode(
        node("Add", "regressor.add", new String[] {"reg.mm", "regressor.b"}, "reg.y").build());
    g.addNode(
        node("Squeeze", "regressor.squeeze", new String[] {"reg.y", "squeeze.axes"}, VALENCE)
            .build());

    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .setProducerName("kd4j")
            .setProducerVersion(Kd4jVersion.VERSION)
            .setDomain("io.github.kd4j")
            .setModelVersion(1)
            .setDocString("kd4j temporal convolutional network (Zhang, Tang and Guan 2022)")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(g);
    for (Map.Entry<String, String> e : props.entrySet()) {
      m.addMetadataProps(
          OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return m.build();
  }

  /** A float tensor value info {@code [batch, time, width]}; width -1 means rank 2. */
  private static ValueInfoProto valueInfo(String name, String batch, String time, int width) {
    TensorShapeProto.Builder shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(time));
    if (width > 0) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  private static TensorProto floats(String name, float[] values, long... dims) {
    ByteBuffer buf =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .setRawData(ByteString.copyFrom(buf.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  private static NodeProto.Builder node(String op, String name, String[] inputs, String output) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n;
  }

  private static NodeProto transpose(String in, String out) {
    return node("Transpose", "transpose." + out, new String[] {in}, out)
        .addAttribute(ints("perm", 0, 2, 1))
        .build();
  }

  /** Causal dilated convolution {@code prefix.w}, {@code prefix.b} writing {@code prefix.y}. */
  private static NodeProto conv(String in, String prefix, int k, int d) {
    return node("Conv", prefix, new String[] {in, prefix + ".w", prefix + ".b"}, prefix + ".y")
        .addAttribute(ints("kernel_shape", k))
        .addAttribute(ints("dilations", d))
        .addAttribute(ints("strides", 1))
        .addAttribute(ints("pads", (long) (k - 1) * d, 0))
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("group")
                .setType(AttributeProto.AttributeType.INT)
                .setI(1))
        .build();
  }

  private static NodeProto prelu(String in, String slope, String out) {
    return node("PRelu", slope, new String[] {in, slope}, out).build();
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }
}
