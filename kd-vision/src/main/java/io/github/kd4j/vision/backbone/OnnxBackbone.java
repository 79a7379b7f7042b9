package io.github.kd4j.vision.backbone;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.kd4j.core.internal.OrtSessions;
import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxFormatException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frozen frame backbone given as an ONNX file (for example the paper's ResNet-50 exported by its
 * user, SPEC 4.2), run by ONNX Runtime.
 *
 * <p>Contract of the file: one float input {@code [N, 3, s, s]} with {@code s} 40 (the SPEC 4.1
 * crop) or 48 (the whole frame) and {@code N} dynamic; one float output {@code [N, D]} with {@code
 * D} fixed (the first output is used when there are several); export from PyTorch with {@code
 * dynamic_axes={'input': {0: 'N'}}}. Input images are normalised RGB, NCHW, as {@link
 * io.github.kd4j.vision.frames.FrameTransform#tensor} writes them.
 *
 * <p>Execution provider as in kd-core's {@code OnnxModel}: {@link ExecutionTarget#AUTO} takes CUDA
 * when ONNX Runtime lists it and it initialises ({@code -Pgpu} build), else CPU.
 *
 * <p>Thread safety: {@link #embed} may be called from several threads at once; {@link #close()}
 * waits for calls in progress.
 *
 * <pre>{@code
 * try (OnnxBackbone b = OnnxBackbone.load(Path.of("resnet50_ir.onnx"))) {
 *   float[][] e = b.embed(transform.tensor(seq, views), views.size()); // [n][512]
 * }
 * }</pre>
 */
public final class OnnxBackbone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxBackbone.class);

  /** Images per ONNX Runtime call unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private final String source;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final ExecutionTarget target;
  private final String inputName;
  private final String outputName;
  private final int inputSize;
  private final int embeddingWidth;
  private final int batchSize;
  private final String modelHash;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private OnnxBackbone(
      String source,
      OrtEnvironment env,
      OrtSession session,
      ExecutionTarget target,
      String inputName,
      String outputName,
      int inputSize,
      int embeddingWidth,
      int batchSize,
      String modelHash) {
    this.source = source;
    this.env = env;
    this.session = session;
    this.target = target;
    this.inputName = inputName;
    this.outputName = outputName;
    this.inputSize = inputSize;
    this.embeddingWidth = embeddingWidth;
    this.batchSize = batchSize;
    this.modelHash = modelHash;
  }

  /** Loads {@code file} with {@link ExecutionTarget#AUTO} and {@value #DEFAULT_BATCH_SIZE}. */
  public static OnnxBackbone load(Path file) throws IOException {
    return load(file, ExecutionTarget.AUTO, DEFAULT_BATCH_SIZE);
  }

  /**
   * Loads {@code file} on {@code target}, running at most {@code batchSize} images per call.
   *
   * @throws OnnxFormatException naming the file and the shapes it has when it is not a backbone of
   *     the contract above, or ONNX Runtime rejects it
   * @throws IllegalStateException when {@code target} is CUDA and CUDA is unavailable
   */
  public static OnnxBackbone load(Path file, ExecutionTarget target, int batchSize)
      throws IOException {
    Objects.requireNonNull(file, "file");
    return fromBytes(Files.readAllBytes(file), target, batchSize, file.toString());
  }

  /**
   * As {@link #load(Path, ExecutionTarget, int)} for a model held in memory, named {@code source}.
   */
  public static OnnxBackbone fromBytes(
      byte[] model, ExecutionTarget target, int batchSize, String source)
      throws OnnxFormatException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(source, "source");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = null;
    ExecutionTarget chosen = ExecutionTarget.CPU;
    try {
      EnumSet<OrtProvider> providers = OrtEnvironment.getAvailableProviders();
      boolean cuda = providers.contains(OrtProvider.CUDA);
      if (target == ExecutionTarget.CUDA && !cuda) {
        throw new IllegalStateException(
            "target CUDA requested for backbone "
                + source
                + " but ONNX Runtime offers only "
                + providers
                + "; build with -Pgpu or use ExecutionTarget.AUTO/CPU");
      }
      if (target != ExecutionTarget.CPU && cuda) {
        try {
          session = createSession(env, model, true);
          chosen = ExecutionTarget.CUDA;
        } catch (OrtException e) {
          if (target == ExecutionTarget.CUDA) {
            throw new IllegalStateException(
                "CUDA execution provider failed to initialise for backbone "
                    + source
                    + ": "
                    + e.getMessage(),
                e);
          }
          LOG.debug("CUDA failed to initialise for {}, using CPU: {}", source, e.getMessage());
        }
      }
      if (session == null) {
        session = createSession(env, model, false);
        chosen = ExecutionTarget.CPU;
      }
    } catch (OrtException e) {
      throw new OnnxFormatException(
          "backbone " + source + " could not be loaded by ONNX Runtime: " + e.getMessage(), e);
    }
    try {
      OnnxBackbone b = inspect(source, env, session, chosen, batchSize, sha256(model));
      LOG.debug("backbone {} on {} (requested {})", source, chosen, target);
      return b;
    } catch (OnnxFormatException | RuntimeException e) {
      OrtSessions.closeQuietly(session, e);
      throw e;
    } catch (OrtException e) {
      OrtSessions.closeQuietly(session, e);
      throw new OnnxFormatException(
          "backbone " + source + ": ONNX Runtime could not describe the model", e);
    }
  }

  private static OrtSession createSession(OrtEnvironment env, byte[] model, boolean cuda)
      throws OrtException {
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (cuda) {
        opts.addCUDA(0);
      }
      return env.createSession(model, opts);
    }
  }

  private static OnnxBackbone inspect(
      String source,
      OrtEnvironment env,
      OrtSession session,
      ExecutionTarget chosen,
      int batch,
      String hash)
      throws OrtException, OnnxFormatException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    String rule = " must have one float input [N, 3, 40, 40] or [N, 3, 48, 48] with N dynamic";
    if (inputs.size() != 1) {
      throw new OnnxFormatException(
          "backbone "
              + source
              + rule
              + ", got "
              + inputs.size()
              + " inputs: "
              + OrtSessions.describe(inputs));
    }
    NodeInfo in = inputs.values().iterator().next();
    long[] shape = floatShape(in);
    boolean ok =
        shape != null
            && shape.length == 4
            && shape[0] < 0
            && shape[1] == 3
            && shape[2] == shape[3]
            && (shape[2] == 40 || shape[2] == 48);
    if (!ok) {
      String hint =
          shape != null && shape.length == 4 && shape[0] >= 0
              ? " (export with torch.onnx.export(..., dynamic_axes={'"
                  + in.getName()
                  + "': {0: 'N'}}))"
              : "";
      throw new OnnxFormatException(
          "backbone " + source + rule + ", got " + OrtSessions.describe(inputs) + hint);
    }
    if (outputs.isEmpty()) {
      throw new OnnxFormatException("backbone " + source + " must have an output [N, D], got none");
    }
    NodeInfo out = outputs.values().iterator().next();
    long[] oshape = floatShape(out);
    if (oshape == null || oshape.length != 2 || oshape[1] <= 0) {
      throw new OnnxFormatException(
          "backbone "
              + source
              + " must have a float output [N, D] with D fixed (first output), got "
              + OrtSessions.describe(outputs));
    }
    return new OnnxBackbone(
        source,
        env,
        session,
        chosen,
        in.getName(),
        out.getName(),
        (int) shape[2],
        (int) oshape[1],
        batch,
        hash);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 must be available in every JDK", e);
    }
  }

  private static long[] floatShape(NodeInfo info) {
    if (info.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT) {
      return t.getShape();
    }
    return null;
  }

  /** Side {@code s} of the input images, 40 or 48. */
  public int inputSize() {
    return inputSize;
  }

  /** Width {@code D} of an embedding. */
  public int embeddingWidth() {
    return embeddingWidth;
  }

  /** The execution provider in use, {@link ExecutionTarget#CPU} or {@code CUDA}. */
  public ExecutionTarget executionTarget() {
    return target;
  }

  /** SHA-256 (hex) of the model file's bytes: identifies the backbone in disk caches. */
  public String modelHash() {
    return modelHash;
  }

  /** The file or name the backbone was loaded from. */
  public String source() {
    return source;
  }

  /**
   * Embeds {@code n} images given as floats NCHW {@code [n, 3, s, s]} (row-major, {@code s =
   * inputSize()}), in ONNX Runtime calls of at most the batch size.
   *
   * @return {@code [n][D]}
   * @throws IllegalArgumentException when {@code nchw.length != n * 3 * s * s}
   * @throws IllegalStateException naming the file when the backbone outputs a non-finite value
   *     (with the image index), ONNX Runtime fails, or after {@link #close()}
   */
  public float[][] embed(float[] nchw, int n) {
    Objects.requireNonNull(nchw, "nchw");
    int per = 3 * inputSize * inputSize;
    if (n < 0 || nchw.length != (long) n * per) {
      throw new IllegalArgumentException(
          "nchw must hold n * 3 * "
              + inputSize
              + " * "
              + inputSize
              + " = "
              + ((long) n * per)
              + " floats for n = "
              + n
              + ", got "
              + nchw.length
              + " (backbone "
              + source
              + ")");
    }
    float[][] out = new float[n][];
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("backbone " + source + " is closed; embed() after close()");
      }
      for (int start = 0; start < n; start += batchSize) {
        int m = Math.min(batchSize, n - start);
        FloatBuffer buf = FloatBuffer.wrap(nchw, start * per, m * per).slice();
        long[] shape = {m, 3, inputSize, inputSize};
        try (OnnxTensor t = OnnxTensor.createTensor(env, buf, shape);
            OrtSession.Result r = session.run(Map.of(inputName, t))) {
          float[][] e =
              (float[][])
                  r.get(outputName)
                      .orElseThrow(
                          () ->
                              new IllegalStateException(
                                  "backbone " + source + " produced no output " + outputName))
                      .getValue();
          for (int i = 0; i < m; i++) {
            checkFinite(e[i], start + i);
            out[start + i] = e[i];
          }
        } catch (OrtException e) {
          throw new IllegalStateException(
              "ONNX Runtime failed to run backbone " + source + " on " + Arrays.toString(shape), e);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return out;
  }

  private void checkFinite(float[] e, int image) {
    if (e.length != embeddingWidth) {
      throw new IllegalStateException(
          "backbone "
              + source
              + " must output "
              + embeddingWidth
              + " values per image, got "
              + e.length);
    }
    for (int d = 0; d < e.length; d++) {
      if (!Float.isFinite(e[d])) {
        throw new IllegalStateException(
            "backbone "
                + source
                + " must output finite embeddings, got "
                + e[d]
                + " at image "
                + image
                + ", dimension "
                + d
                + " (check the file's weights)");
      }
    }
  }

  /** Frees the native session; idempotent; waits for calls in progress. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        session.close();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed to close backbone " + source, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxBackbone{"
        + source
        + ", input [N,3,"
        + inputSize
        + ","
        + inputSize
        + "], D="
        + embeddingWidth
        + ", batchSize="
        + batchSize
        + ", target="
        + target
        + "}";
  }
}
