package io.github.kd4j.core.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.kd4j.core.internal.OrtSessions;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kd4j TCN ONNX model ({@link TcnOnnxExporter}'s layout) loaded into an ONNX Runtime session.
 *
 * <p>Input {@code x[b][t][f]}, {@code f < inputWidth()}; outputs {@code valence[b][t]} and {@code
 * features[b][t][c]}. Any ONNX file with one float input {@code [batch, time, width]} (fixed width)
 * and float outputs {@code features [batch, time, c]} and {@code valence [batch, time]} is
 * accepted.
 *
 * <p>Execution provider: {@link ExecutionTarget#AUTO} takes CUDA when {@link
 * OrtEnvironment#getAvailableProviders()} lists it and the provider initialises, else CPU; the
 * choice is logged at INFO the first time and at DEBUG after. The default jar is ONNX Runtime's CPU
 * build; build with {@code -Pgpu} for {@code onnxruntime_gpu}.
 *
 * <p>Thread safety: {@link #run} may be called from several threads at once on one instance (ONNX
 * Runtime sessions are thread-safe for {@code run}; each call allocates its own input and output
 * tensors). {@link #close()} waits for runs in progress, frees the native session, and makes later
 * {@code run} calls throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (OnnxModel m = OnnxModel.load(Path.of("student.onnx"))) {
 *   float[] valence = m.run(bandPowerSteps).valence(); // [T][192] -> [T]
 * }
 * }</pre>
 */
public final class OnnxModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  /** Output of a batch: {@code valence [B][T]} and {@code features [B][T][c]}. */
  public record Prediction(float[][] valence, float[][][] features) {}

  /** Output of one sequence: {@code valence [T]} and {@code features [T][c]}. */
  public record SequencePrediction(float[] valence, float[][] features) {}

  private final String source;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ExecutionTarget target;
  private final String inputName;
  private final int inputWidth;
  private final int featureWidth;
  private final Map<String, String> metadata;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private OnnxModel(
      String source,
      OrtEnvironment env,
      OrtSession session,
      ExecutionTarget target,
      String inputName,
      int inputWidth,
      int featureWidth,
      Map<String, String> metadata) {
    this.source = source;
    this.env = env;
    this.session = session;
    this.target = target;
    this.inputName = inputName;
    this.inputWidth = inputWidth;
    this.featureWidth = featureWidth;
    this.metadata = metadata;
  }

  /** Loads {@code file} with {@link ExecutionTarget#AUTO}. */
  public static OnnxModel load(Path file) throws IOException {
    return load(file, ExecutionTarget.AUTO);
  }

  /**
   * Loads {@code file} on {@code target}.
   *
   * @throws OnnxFormatException naming the file when it is not a usable kd4j ONNX model
   * @throws IllegalStateException when {@code target} is CUDA and CUDA is unavailable
   */
  public static OnnxModel load(Path file, ExecutionTarget target) throws IOException {
    Objects.requireNonNull(file, "file");
    return fromBytes(Files.readAllBytes(file), target, file.toString());
  }

  /**
   * Loads a serialized model held in memory; {@code source} names it in messages.
   *
   * @throws OnnxFormatException naming {@code source} when it is not a usable kd4j ONNX model
   * @throws IllegalStateException when {@code target} is CUDA and CUDA is unavailable
   */
  public static OnnxModel fromBytes(byte[] model, ExecutionTarget target, String source)
      throws OnnxFormatException {
    return fromBytes(model, Options.builder().target(target).build(), source);
  }

  /**
   * A builder of the session options for {@code file} (target, CUDA device, threads, graph
   * optimisation).
   */
  public static Loader builder(Path file) {
    return new Loader(Objects.requireNonNull(file, "file"));
  }

  /**
   * Loads a serialized model held in memory with the given session options; {@code source} names it
   * in messages.
   *
   * @throws OnnxFormatException naming {@code source} when it is not a usable kd4j ONNX model
   * @throws IllegalStateException when the options ask for CUDA and CUDA is unavailable
   */
  public static OnnxModel fromBytes(byte[] model, Options options, String source)
      throws OnnxFormatException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(source, "source");
    ExecutionTarget target = options.target();
    OnnxMl.ModelProto proto = parse(model, source);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    ExecutionTarget chosen = null;
    try {
      EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
      boolean cudaListed = providers.contains(OrtProvider.CUDA);
      if (target == ExecutionTarget.CUDA && !cudaListed) {
        throw new IllegalStateException(
            "target CUDA requested but ONNX Runtime offers only "
                + providers
                + "; build with -Pgpu (onnxruntime_gpu, CUDA 12 and cuDNN 9) or use"
                + " ExecutionTarget.AUTO/CPU");
      }
      if (target != ExecutionTarget.CPU && cudaListed) {
        try {
          session = createSession(env, model, true, options);
          chosen = ExecutionTarget.CUDA;
        } catch (OrtException e) {
          if (target == ExecutionTarget.CUDA) {
            throw new IllegalStateException(
                "target CUDA requested but the CUDA execution provider failed to initialise for "
                    + source
                    + ": "
                    + e.getMessage(),
                e);
          }
          LOG.warn(
              "CUDA execution provider failed to initialise for {} (device {}), using the CPU: {}",
              source,
              options.cudaDevice(),
              e.getMessage());
        }
      }
      if (session == null) {
        session = createSession(env, model, false, options);
        chosen = ExecutionTarget.CPU;
      }
    } catch (OrtException e) {
      throw new OnnxFormatException(
          source
              + " could not be loaded by ONNX Runtime (model ir_version "
              + proto.getIrVersion()
              + ", opsets "
              + opsets(proto)
              + "; kd4j writes opset "
              + TcnOnnxExporter.OPSET
              + "): "
              + e.getMessage(),
          e);
    }
    try {
      OnnxModel m = inspect(source, env, session, chosen);
      if (LOGGED.compareAndSet(false, true)) {
        LOG.info(
            "ONNX Runtime execution provider for {}: {} (requested {})", source, chosen, target);
      } else {
        LOG.debug(
            "ONNX Runtime execution provider for {}: {} (requested {})", source, chosen, target);
      }
      return m;
    } catch (OnnxFormatException | RuntimeException e) {
      OrtSessions.closeQuietly(session, e);
      throw e;
    } catch (OrtException e) {
      OrtSessions.closeQuietly(session, e);
      throw new OnnxFormatException(source + ": ONNX Runtime could not describe the model", e);
    }
  }

  private static OnnxMl.ModelProto parse(byte[] model, String source) throws OnnxFormatException {
    OnnxMl.ModelProto proto;
    try {
      proto = OnnxMl.ModelProto.parseFrom(model);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(
          source + " is not an ONNX model (protobuf parse failed: " + e.getMessage() + ")", e);
    }
    if (!proto.hasGraph() || proto.getIrVersion() <= 0) {
      throw new OnnxFormatException(
          source + " is not an ONNX model (no graph or no ir_version; " + model.length + " bytes)");
    }
    return proto;
  }

  private static String opsets(OnnxMl.ModelProto proto) {
    StringBuilder s = new StringBuilder("[");
    for (OnnxMl.OperatorSetIdProto o : proto.getOpsetImportList()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain())
          .append(' ')
          .append(o.getVersion());
    }
    return s.append(']').toString();
  }

  private static OrtSession createSession(OrtEnvironment env, byte[] model, boolean cuda, Options o)
      throws OrtException {
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(o.optimization());
      if (o.intraOpThreads() > 0) {
        opts.setIntraOpNumThreads(o.intraOpThreads());
      }
      if (o.interOpThreads() > 0) {
        opts.setInterOpNumThreads(o.interOpThreads());
      }
      if (cuda) {
        opts.addCUDA(o.cudaDevice());
      }
      return env.createSession(model, opts);
    }
  }

  /**
   * Session options: execution target (default {@link ExecutionTarget#AUTO}), CUDA device id
   * (default 0), intra- and inter-op threads (default 0: ONNX Runtime's choice) and graph
   * optimisation level (default all optimisations).
   */
  public record Options(
      ExecutionTarget target,
      int cudaDevice,
      int intraOpThreads,
      int interOpThreads,
      OrtSession.SessionOptions.OptLevel optimization) {

    /** Checks the values. */
    public Options {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(optimization, "optimization");
      if (cudaDevice < 0) {
        throw new IllegalArgumentException("cudaDevice must be >= 0, got " + cudaDevice);
      }
      if (intraOpThreads < 0 || interOpThreads < 0) {
        throw new IllegalArgumentException(
            "thread counts must be >= 0 (0: ONNX Runtime's choice), got intra "
                + intraOpThreads
                + ", inter "
                + interOpThreads);
      }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builder of {@link Options}. */
    public static class Builder {
      ExecutionTarget target = ExecutionTarget.AUTO;
      int cudaDevice;
      int intraOpThreads;
      int interOpThreads;
      OrtSession.SessionOptions.OptLevel optimization = OrtSession.SessionOptions.OptLevel.ALL_OPT;

      Builder() {}

      /** CPU, CUDA or AUTO (CUDA when usable, else CPU with a WARN saying why). */
      public Builder target(ExecutionTarget v) {
        target = Objects.requireNonNull(v, "target");
        return this;
      }

      /** The CUDA device id; default 0. */
      public Builder cudaDevice(int v) {
        if (v < 0) {
          throw new IllegalArgumentException("cudaDevice must be >= 0, got " + v);
        }
        cudaDevice = v;
        return this;
      }

      /** Threads inside one operator; 0 (default) lets ONNX Runtime choose. */
      public Builder intraOpThreads(int v) {
        if (v < 0) {
          throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + v);
        }
        intraOpThreads = v;
        return this;
      }

      /** Threads across operators; 0 (default) lets ONNX Runtime choose. */
      public Builder interOpThreads(int v) {
        if (v < 0) {
          throw new IllegalArgumentException("interOpThreads must be >= 0, got " + v);
        }
        interOpThreads = v;
        return this;
      }

      /** Graph optimisation level; default all optimisations. */
      public Builder optimization(OrtSession.SessionOptions.OptLevel v) {
        optimization = Objects.requireNonNull(v, "optimization");
        return this;
      }

      /** The options; the builder stays reusable. */
      public Options build() {
        return new Options(target, cudaDevice, intraOpThreads, interOpThreads, optimization);
      }
    }
  }

  /**
   * Loads one file with {@link Options}: {@code OnnxModel.builder(file).intraOpThreads(1).load()}.
   */
  public static final class Loader extends Options.Builder {
    private final Path file;

    private Loader(Path file) {
      this.file = file;
    }

    /**
     * Loads the file.
     *
     * @throws OnnxFormatException naming the file when it is not a usable kd4j ONNX model
     * @throws IllegalStateException when CUDA was required and is unavailable
     */
    public OnnxModel load() throws IOException {
      return fromBytes(Files.readAllBytes(file), build(), file.toString());
    }

    @Override
    public Loader target(ExecutionTarget v) {
      super.target(v);
      return this;
    }

    @Override
    public Loader cudaDevice(int v) {
      super.cudaDevice(v);
      return this;
    }

    @Override
    public Loader intraOpThreads(int v) {
      super.intraOpThreads(v);
      return this;
    }

    @Override
    public Loader interOpThreads(int v) {
      super.interOpThreads(v);
      return this;
    }

    @Override
    public Loader optimization(OrtSession.SessionOptions.OptLevel v) {
      super.optimization(v);
      return this;
    }
  }

  private static OnnxModel inspect(
      String source, OrtEnvironment env, OrtSession session, ExecutionTarget chosen)
      throws OrtException, OnnxFormatException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw new OnnxFormatException(
          source
              + " must have one input x [batch, time, width], got "
              + inputs.size()
              + ": "
              + OrtSessions.describe(inputs));
    }
    NodeInfo in = inputs.values().iterator().next();
    long[] shape = tensorShape(in, source, "input");
    if (shape.length != 3 || shape[2] <= 0) {
      throw new OnnxFormatException(
          source
              + " input "
              + in.getName()
              + " must be float [batch, time, width] with a fixed width, got "
              + OrtSessions.describe(inputs));
    }
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    NodeInfo valence = outputs.get(TcnOnnxExporter.VALENCE);
    NodeInfo features = outputs.get(TcnOnnxExporter.FEATURES);
    if (valence == null
        || features == null
        || tensorShape(valence, source, "output").length != 2
        || tensorShape(features, source, "output").length != 3) {
      throw new OnnxFormatException(
          source
              + " must have float outputs valence [batch, time] and features [batch, time, c], got "
              + OrtSessions.describe(outputs));
    }
    long c = tensorShape(features, source, "output")[2];
    Map<String, String> meta =
        Collections.unmodifiableMap(new LinkedHashMap<>(session.getMetadata().getCustomMetadata()));
    String declared = meta.get(TcnOnnxExporter.KEY_INPUT_WIDTH);
    if (declared != null && !declared.equals(Long.toString(shape[2]))) {
      throw new OnnxFormatException(
          source
              + " metadata "
              + TcnOnnxExporter.KEY_INPUT_WIDTH
              + "="
              + declared
              + " must match the input width, got "
              + shape[2]);
    }
    return new OnnxModel(source, env, session, chosen, in.getName(), (int) shape[2], (int) c, meta);
  }

  private static long[] tensorShape(NodeInfo info, String source, String role)
      throws OnnxFormatException {
    if (!(info.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
      throw new OnnxFormatException(
          source
              + " "
              + role
              + " "
              + info.getName()
              + " must be a float tensor, got "
              + info.getInfo());
    }
    return t.getShape();
  }

  /** Number of input features per step the model expects. */
  public int inputWidth() {
    return inputWidth;
  }

  /** Width {@code c} of the {@code features} output (-1 when the model leaves it dynamic). */
  public int featureWidth() {
    return featureWidth;
  }

  /** The model's {@code metadata_props} (kd4j.version, kd4j.provenance, ...), unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The execution provider actually in use: {@link ExecutionTarget#CPU} or {@code CUDA}. */
  public ExecutionTarget executionTarget() {
    return target;
  }

  /** Runs one sequence {@code x[t][f]}; see {@link #run(float[][][])}. */
  public SequencePrediction run(float[][] x) {
    Objects.requireNonNull(x, "x");
    Prediction p = run(new float[][][] {x});
    return new SequencePrediction(p.valence()[0], p.features()[0]);
  }

  /**
   * Runs a batch {@code x[b][t][f]} (every sequence the same length {@code T >= 1}, {@code f ==
   * inputWidth()}, finite values).
   *
   * @throws IllegalArgumentException for a ragged, empty, wrongly sized or non-finite input
   * @throws IllegalStateException after {@link #close()}
   */
  public Prediction run(float[][][] x) {
    Objects.requireNonNull(x, "x");
    FloatBuffer buf = flatten(x);
    long[] shape = {x.length, x[0].length, inputWidth};
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("OnnxModel " + source + " is closed; run() after close()");
      }
      try (OnnxTensor tensor = OnnxTensor.createTensor(env, buf, shape);
          OrtSession.Result r = session.run(Map.of(inputName, tensor))) {
        float[][] valence = (float[][]) value(r, TcnOnnxExporter.VALENCE).getValue();
        float[][][] features = (float[][][]) value(r, TcnOnnxExporter.FEATURES).getValue();
        return new Prediction(valence, features);
      } catch (OrtException e) {
        throw new IllegalStateException(
            "ONNX Runtime failed to run " + source + " on x " + Arrays.toString(shape), e);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private OnnxValue value(OrtSession.Result r, String name) {
    return r.get(name)
        .orElseThrow(() -> new IllegalStateException(source + " produced no output " + name));
  }

  private FloatBuffer flatten(float[][][] x) {
    if (x.length == 0) {
      throw new IllegalArgumentException("x must hold at least one sequence, got batch 0");
    }
    int steps = Objects.requireNonNull(x[0], "x[0]").length;
    if (steps == 0) {
      throw new IllegalArgumentException("x must have at least one step, got 0 in x[0]");
    }
    FloatBuffer buf = FloatBuffer.allocate(x.length * steps * inputWidth);
    for (int b = 0; b < x.length; b++) {
      float[][] seq = Objects.requireNonNull(x[b], "x[" + b + "]");
      if (seq.length != steps) {
        throw new IllegalArgumentException(
            "x must have the same number of steps in every sequence, got "
                + seq.length
                + " in x["
                + b
                + "] and "
                + steps
                + " in x[0]");
      }
      for (int t = 0; t < steps; t++) {
        float[] step = seq[t];
        if (step == null || step.length != inputWidth) {
          throw new IllegalArgumentException(
              "x must have "
                  + inputWidth
                  + " features per step, got "
                  + (step == null ? "null" : Integer.toString(step.length))
                  + " at x["
                  + b
                  + "]["
                  + t
                  + "] (model "
                  + source
                  + ")");
        }
        for (int f = 0; f < inputWidth; f++) {
          if (!Float.isFinite(step[f])) {
            throw new IllegalArgumentException(
                "x must be finite, got " + step[f] + " at x[" + b + "][" + t + "][" + f + "]");
          }
        }
        buf.put(step);
      }
    }
    return buf.flip();
  }

  /** Frees the native session; idempotent. Waits for runs in progress. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to close the session of " + source, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxModel{"
        + source
        + ", inputWidth="
        + inputWidth
        + ", featureWidth="
        + featureWidth
        + ", target="
        + target
        + ", closed="
        + closed
        + "}";
  }

  /** The providers ONNX Runtime offers in this process (CPU always). */
  static Set<OrtProvider> availableProviders() {
    return OrtEnvironment.getAvailableProviders();
  }
}
