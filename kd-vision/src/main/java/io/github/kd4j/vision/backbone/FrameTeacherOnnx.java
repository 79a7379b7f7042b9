package io.github.kd4j.vision.backbone;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.onnx.OnnxFormatException;
import io.github.kd4j.core.onnx.TcnOnnxExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Joins a frame backbone ONNX file and a TCN ONNX file (kd-core's {@link TcnOnnxExporter} layout)
 * into ONE ONNX model that maps frames to valence and features: the ONNX export of a frame teacher.
 *
 * <p>Graph:
 *
 * <pre>
 * frames [batch, time, 3, s, s] float (s = 40 or 48, the backbone's input size)
 *   -&gt; Reshape([-1, 3, s, s])                        [batch*time, 3, s, s]
 *   -&gt; backbone nodes (names prefixed "backbone/")   [batch*time, D]
 *   -&gt; Reshape(Concat(Shape(frames)[0:2], [D]))       [batch, time, D]
 *   -&gt; TCN nodes (names prefixed "tcn/")             valence [batch, time], features [batch, time, c]
 * </pre>
 *
 * <p>Input convention: {@code frames} are already picked, cropped and normalised exactly as {@link
 * io.github.kd4j.vision.frames.FrameTransform#tensor} writes them (frame 0 of each step, centre
 * crop and {@code (x/255 - 0.5)/0.5} for evaluation): one image per label step, so {@code time}
 * counts label steps (or frames, for knowledge at the frame rate, SPEC 4.3). Keeping crop and
 * normalisation out of the graph keeps the file usable with any frame sampling.
 *
 * <p>The two graphs keep their nodes and initializers; every name is prefixed (the TCN's graph
 * outputs keep their names {@code valence} and {@code features}), so nothing clashes. The default
 * opset is the larger of the two (both must be at least 13; ops of opsets 13 to 17 keep their
 * default semantics in later versions for the layers CNNs and kd4j's TCN use), the IR version the
 * larger of the two. {@code metadata_props}: the TCN's (kd4j.version, kd4j.provenance, kd4j.config,
 * ...) plus {@value #KEY_ROLE}={@value #ROLE} and {@value #KEY_FRAME_INPUT} describing the input.
 * Subgraphs (If/Loop), local functions and sparse initializers are not supported.
 *
 * <pre>{@code
 * FrameTeacherOnnx.write(Path.of("backbone.onnx"), Path.of("tcn.onnx"), Path.of("teacher.onnx"));
 * }</pre>
 */
public final class FrameTeacherOnnx {
  /** Name of the graph input {@code [batch, time, 3, s, s]}. */
  public static final String FRAMES = "frames";

  /** Metadata key naming the role of the file. */
  public static final String KEY_ROLE = "kd4j.role";

  /** Value of {@link #KEY_ROLE} for a frame teacher. */
  public static final String ROLE = "visual-teacher-frames";

  /** Metadata key describing the frames input. */
  public static final String KEY_FRAME_INPUT = "kd4j.frame_input";

  private static final String BACKBONE = "backbone/";
  private static final String TCN = "tcn/";
  private static final String GLUE = "compose/";
  private static final int MIN_OPSET = 13;

  private FrameTeacherOnnx() {}

  /**
   * Reads the two files and writes the joined model to {@code out} atomically.
   *
   * @throws OnnxFormatException naming the file that is not a usable backbone or TCN
   */
  public static void write(Path backbone, Path tcn, Path out) throws IOException {
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(tcn, "tcn");
    Objects.requireNonNull(out, "out");
    byte[] joined =
        compose(
            Files.readAllBytes(backbone),
            backbone.toString(),
            Files.readAllBytes(tcn),
            tcn.toString());
    AtomicFiles.write(out, o -> o.write(joined));
  }

  /**
   * The joined model, serialized; {@code backboneSource} and {@code tcnSource} name the inputs in
   * messages.
   *
   * @throws OnnxFormatException naming the source that is not ONNX, has the wrong inputs or
   *     outputs, or uses an unsupported feature; or when the backbone's embedding width differs
   *     from the TCN's input width
   */
  public static byte[] compose(byte[] backbone, String backboneSource, byte[] tcn, String tcnSource)
      throws OnnxFormatException {
    ModelProto b = parse(backbone, backboneSource);
    ModelProto t = parse(tcn, tcnSource);
    return compose(b, backboneSource, t, tcnSource).toByteArray();
  }

  static ModelProto compose(ModelProto b, String bSrc, ModelProto t, String tSrc)
      throws OnnxFormatException {
    checkSupported(b, bSrc);
    checkSupported(t, tSrc);
    GraphProto bg = b.getGraph();
    GraphProto tg = t.getGraph();

    ValueInfoProto bIn = singleInput(bg, bSrc, "backbone", "[N, 3, s, s]");
    long[] bInShape = dims(bIn);
    if (bInShape.length != 4
        || bInShape[0] >= 0
        || bInShape[1] != 3
        || bInShape[2] != bInShape[3]
        || (bInShape[2] != 40 && bInShape[2] != 48)) {
      throw new OnnxFormatException(
          "backbone "
              + bSrc
              + " must have one float input [N, 3, 40, 40] or [N, 3, 48, 48] with N dynamic, got "
              + bIn.getName()
              + " "
              + shapeString(bInShape));
    }
    int s = (int) bInShape[2];
    if (bg.getOutputCount() == 0) {
      throw new OnnxFormatException("backbone " + bSrc + " must have an output [N, D], got none");
    }
    ValueInfoProto bOut = bg.getOutput(0);
    long[] bOutShape = dims(bOut);
    if (bOutShape.length != 2 || bOutShape[1] <= 0) {
      throw new OnnxFormatException(
          "backbone "
              + bSrc
              + " must have a float output [N, D] with D fixed, got "
              + bOut.getName()
              + " "
              + shapeString(bOutShape));
    }
    long d = bOutShape[1];

    ValueInfoProto tIn = singleInput(tg, tSrc, "TCN", "x [batch, time, D]");
    long[] tInShape = dims(tIn);
    if (tInShape.length != 3 || tInShape[2] != d) {
      throw new OnnxFormatException(
          "TCN "
              + tSrc
              + " input "
              + tIn.getName()
              + " must be [batch, time, "
              + d
              + "] to take the embeddings of backbone "
              + bSrc
              + " (D = "
              + d
              + "), got "
              + shapeString(tInShape));
    }
    Set<String> tOutputs = new HashSet<>();
    for (ValueInfoProto o : tg.getOutputList()) {
      tOutputs.add(o.getName());
    }
    if (!tOutputs.contains(TcnOnnxExporter.VALENCE)
        || !tOutputs.contains(TcnOnnxExporter.FEATURES)) {
      throw new OnnxFormatException(
          "TCN "
              + tSrc
              + " must have outputs "
              + TcnOnnxExporter.VALENCE
              + " and "
              + TcnOnnxExporter.FEATURES
              + ", got "
              + tOutputs);
    }

    String embeddings = GLUE + "embeddings";
    UnaryOperator<String> bName =
        n -> n.isEmpty() ? n : n.equals(bIn.getName()) ? GLUE + "images" : BACKBONE + n;
    UnaryOperator<String> tName =
        n ->
            n.isEmpty() || tOutputs.contains(n)
                ? n
                : n.equals(tIn.getName()) ? embeddings : TCN + n;

    GraphProto.Builder g =
        GraphProto.newBuilder()
            .setName("kd4j_frame_teacher")
            .setDocString(
                "kd4j frame teacher: frames -> backbone ("
                    + bSrc
                    + ") -> TCN ("
                    + tSrc
                    + ") -> valence, features");
    g.addInput(
        ValueInfoProto.newBuilder()
            .setName(FRAMES)
            .setType(
                TypeProto.newBuilder()
                    .setTensorType(
                        TypeProto.Tensor.newBuilder()
                            .setElemType(TensorProto.DataType.FLOAT_VALUE)
                            .setShape(
                                TensorShapeProto.newBuilder()
                                    .addDim(dimParam("batch"))
                                    .addDim(dimParam("time"))
                                    .addDim(dimValue(3))
                                    .addDim(dimValue(s))
                                    .addDim(dimValue(s))))));
    g.addAllOutput(tg.getOutputList());

    g.addInitializer(ints64(GLUE + "image_shape", -1, 3, s, s));
    g.addInitializer(ints64(GLUE + "zero", 0));
    g.addInitializer(ints64(GLUE + "two", 2));
    g.addInitializer(ints64(GLUE + "width", d));
    g.addNode(
        node("Reshape", GLUE + "reshape_images", GLUE + "images", FRAMES, GLUE + "image_shape"));
    g.addNode(node("Shape", GLUE + "shape", GLUE + "frames_shape", FRAMES));
    g.addNode(
        node(
            "Slice",
            GLUE + "slice",
            GLUE + "batch_time",
            GLUE + "frames_shape",
            GLUE + "zero",
            GLUE + "two",
            GLUE + "zero"));
    g.addNode(
        node(
                "Concat",
                GLUE + "concat",
                GLUE + "sequence_shape",
                GLUE + "batch_time",
                GLUE + "width")
            .toBuilder()
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("axis")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(0))
            .build());

    copyGraph(bg, bName, g);
    g.addNode(
        node(
            "Reshape",
            GLUE + "reshape_sequence",
            embeddings,
            bName.apply(bOut.getName()),
            GLUE + "sequence_shape"));
    copyGraph(tg, tName, g);

    ModelProto.Builder m =
        ModelProto.newBuilder()
            .setIrVersion(Math.max(b.getIrVersion(), t.getIrVersion()))
            .setProducerName(t.getProducerName().isEmpty() ? "kd4j" : t.getProducerName())
            .setProducerVersion(t.getProducerVersion())
            .setDomain(t.getDomain())
            .setModelVersion(t.getModelVersion())
            .setDocString("kd4j frame teacher (backbone + TCN, SPEC 4.2)")
            .setGraph(g);
    for (Map.Entry<String, Long> e : opsets(b, bSrc, t, tSrc).entrySet()) {
      m.addOpsetImport(
          OnnxMl.OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()));
    }
    Map<String, String> props = new LinkedHashMap<>();
    for (OnnxMl.StringStringEntryProto p : t.getMetadataPropsList()) {
      props.put(p.getKey(), p.getValue());
    }
    props.put(KEY_ROLE, ROLE);
    props.put(
        KEY_FRAME_INPUT,
        "frames [batch, time, 3, "
            + s
            + ", "
            + s
            + "] float RGB NCHW per step, cropped, (x/255-0.5)/0.5; embedding width "
            + d);
    for (Map.Entry<String, String> e : props.entrySet()) {
      m.addMetadataProps(
          OnnxMl.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return m.build();
  }

  private static ModelProto parse(byte[] bytes, String source) throws OnnxFormatException {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(source, "source");
    ModelProto m;
    try {
      m = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(
          source + " is not an ONNX model (protobuf parse failed: " + e.getMessage() + ")", e);
    }
    if (!m.hasGraph() || m.getIrVersion() <= 0) {
      throw new OnnxFormatException(
          source + " is not an ONNX model (no graph or no ir_version; " + bytes.length + " bytes)");
    }
    return m;
  }

  private static void checkSupported(ModelProto m, String src) throws OnnxFormatException {
    if (m.getFunctionsCount() > 0 || m.getGraph().getSparseInitializerCount() > 0) {
      throw new OnnxFormatException(
          src
              + " must not use local functions or sparse initializers (not supported), got "
              + m.getFunctionsCount()
              + " functions, "
              + m.getGraph().getSparseInitializerCount()
              + " sparse initializers");
    }
    for (NodeProto n : m.getGraph().getNodeList()) {
      for (AttributeProto a : n.getAttributeList()) {
        if (a.hasG() || a.getGraphsCount() > 0) {
          throw new OnnxFormatException(
              src
                  + " must not contain subgraphs (not supported), got node "
                  + n.getName()
                  + " ("
                  + n.getOpType()
                  + ") with graph attribute "
                  + a.getName());
        }
      }
    }
  }

  /** The one graph input that is not an initializer. */
  private static ValueInfoProto singleInput(GraphProto g, String src, String role, String want)
      throws OnnxFormatException {
    Set<String> inits = new HashSet<>();
    for (TensorProto i : g.getInitializerList()) {
      inits.add(i.getName());
    }
    List<ValueInfoProto> real = new ArrayList<>();
    for (ValueInfoProto v : g.getInputList()) {
      if (!inits.contains(v.getName())) {
        real.add(v);
      }
    }
    if (real.size() != 1
        || !real.get(0).getType().hasTensorType()
        || real.get(0).getType().getTensorType().getElemType()
            != TensorProto.DataType.FLOAT_VALUE) {
      List<String> names = new ArrayList<>();
      for (ValueInfoProto v : real) {
        names.add(v.getName() + " " + shapeString(dims(v)));
      }
      throw new OnnxFormatException(
          role + " " + src + " must have one float input " + want + ", got " + names);
    }
    return real.get(0);
  }

  /** Dimensions of a tensor value, -1 for a named or unknown dimension. */
  private static long[] dims(ValueInfoProto v) {
    if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
      return new long[0];
    }
    TensorShapeProto shape = v.getType().getTensorType().getShape();
    long[] d = new long[shape.getDimCount()];
    for (int i = 0; i < d.length; i++) {
      d[i] = shape.getDim(i).hasDimValue() ? shape.getDim(i).getDimValue() : -1;
    }
    return d;
  }

  private static String shapeString(long[] d) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < d.length; i++) {
      s.append(i == 0 ? "" : ", ").append(d[i] < 0 ? "?" : Long.toString(d[i]));
    }
    return s.append(']').toString();
  }

  private static Map<String, Long> opsets(ModelProto b, String bSrc, ModelProto t, String tSrc)
      throws OnnxFormatException {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("", 0L);
    for (ModelProto m : List.of(t, b)) {
      for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
        String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
        out.merge(domain, o.getVersion(), Math::max);
      }
    }
    for (ModelProto m : List.of(b, t)) {
      long v = 0;
      for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
        if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
          v = o.getVersion();
        }
      }
      if (v < MIN_OPSET) {
        throw new OnnxFormatException(
            (m == b ? "backbone " + bSrc : "TCN " + tSrc)
                + " must use default opset >= "
                + MIN_OPSET
                + ", got "
                + v
                + " (re-export with opset_version=17)");
      }
    }
    return out;
  }

  private static void copyGraph(
      GraphProto src, UnaryOperator<String> rename, GraphProto.Builder g) {
    for (TensorProto i : src.getInitializerList()) {
      g.addInitializer(i.toBuilder().setName(rename.apply(i.getName())));
    }
    for (NodeProto n : src.getNodeList()) {
      NodeProto.Builder c = n.toBuilder().clearInput().clearOutput();
      if (!n.getName().isEmpty()) {
        c.setName(rename.apply(n.getName()));
      }
      for (String in : n.getInputList()) {
        c.addInput(rename.apply(in));
      }
      for (String out : n.getOutputList()) {
        c.addOutput(rename.apply(out));
      }
      g.addNode(c);
    }
    for (ValueInfoProto v : src.getValueInfoList()) {
      g.addValueInfo(v.toBuilder().setName(rename.apply(v.getName())));
    }
  }

  private static NodeProto node(String op, String name, String output, String... inputs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    return n.build();
  }

  private static TensorProto ints64(String name, long... values) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    return t.build();
  }

  private static TensorShapeProto.Dimension dimParam(String name) {
    return TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
  }

  private static TensorShapeProto.Dimension dimValue(long v) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
  }
}
