package io.github.kd4j.core.model;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.onnx.OnnxExportable;
import io.github.kd4j.core.onnx.TcnOnnxExporter;
import io.github.kd4j.core.train.Trainer;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TCN with its per-step regressor over any per-step features (SPEC 5), trained with {@link
 * Trainer} (SPEC 7), optionally standardising its inputs with statistics of the training trials.
 * The EEG student ({@code TcnStudent}) and the visual teacher are thin builders over this class.
 *
 * <p>Thread safety: {@link #predict} and {@link #features} may be called from several threads (they
 * serialise on the network); {@link #fit} must not run concurrently with anything else.
 */
public final class SequenceRegressor implements OnnxExportable {
  private static final int MAGIC = 0x4b44344d; // "KD4M"
  private static final int VERSION = 1;

  private final TcnConfig config;
  private final long seed;
  private final boolean standardize;
  private TemporalConvNet net;
  private Standardizer standardizer;
  private boolean fitted;

  /**
   * An untrained regressor.
   *
   * @param config the network shape
   * @param seed the seed of the initial weights
   * @param standardize whether {@link #fit} standardises the inputs (SPEC 7: not for relative band
   *     power, yes for other per-step features)
   */
  public SequenceRegressor(TcnConfig config, long seed, boolean standardize) {
    this.config = Objects.requireNonNull(config, "config");
    this.seed = seed;
    this.standardize = standardize;
    this.net = TemporalConvNet.initialize(config, seed);
  }

  /** The network shape. */
  public TcnConfig config() {
    return config;
  }

  /** Whether {@link #fit} has completed (or the model was loaded). */
  public boolean isFitted() {
    return fitted;
  }

  /** The input standardisation in use, or null. */
  public Standardizer standardizer() {
    return standardizer;
  }

  /** The current weights (PyTorch layouts), e.g. for ONNX export. */
  public TcnWeights weights() {
    synchronized (this) {
      return net.weights();
    }
  }

  /**
   * Trains from the initial weights of the seed (a second call starts again from them).
   *
   * @throws InterruptedException if interrupted; with a checkpoint directory the run can resume
   */
  public synchronized TrainingResult fit(
      List<Trial> train,
      List<Trial> validation,
      TrainerConfig trainer,
      TrainingListener... listeners)
      throws InterruptedException {
    Objects.requireNonNull(trainer, "trainer");
    if (train == null || train.isEmpty()) {
      throw new IllegalArgumentException("training trials must not be empty");
    }
    if (validation == null || validation.isEmpty()) {
      throw new IllegalArgumentException("validation trials must not be empty");
    }
    Standardizer s = standardize ? Standardizer.fit(train) : null;
    List<Trial> tr = s == null ? train : map(s, train);
    List<Trial> va = s == null ? validation : map(s, validation);
    TemporalConvNet fresh = TemporalConvNet.initialize(config, seed);
    TrainingResult r = new Trainer(trainer, listeners).fit(fresh, tr, va);
    net = fresh;
    standardizer = s;
    fitted = true;
    return r;
  }

  private static List<Trial> map(Standardizer s, List<Trial> trials) {
    List<Trial> out = new ArrayList<>(trials.size());
    for (Trial t : trials) {
      out.add(s.apply(t));
    }
    return out;
  }

  /**
   * Predicts the valence trace of one sequence.
   *
   * @param x features {@code [T][inputSize]}
   * @return one value per step
   * @throws IllegalStateException before {@link #fit} or {@link #load}
   */
  public float[] predict(float[][] x) {
    return run(x).valence();
  }

  /** The ST features {@code [T][c_L]} of one sequence (the knowledge, SPEC 4.3). */
  public float[][] features(float[][] x) {
    return run(x).features();
  }

  private TemporalConvNet.Output run(float[][] x) {
    if (!fitted) {
      throw new IllegalStateException("predict/features called before fit() or load()");
    }
    float[][] in = standardizer == null ? x : standardizer.apply(x);
    synchronized (this) {
      return net.predict(in);
    }
  }

  /** Writes the model (config, standardisation, weights) atomically. */
  public synchronized void save(Path file) throws IOException {
    if (!fitted) {
      throw new IllegalStateException("save called before fit()");
    }
    float[] flat = net.flatParameters();
    AtomicFiles.write(
        file,
        os -> {
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
          out.writeInt(MAGIC);
          out.writeInt(VERSION);
          out.writeInt(config.inputSize());
          out.writeInt(config.levels());
          for (int c : config.channels()) {
            out.writeInt(c);
          }
          out.writeInt(config.kernelSize());
          out.writeDouble(config.dropout());
          out.writeLong(seed);
          out.writeBoolean(standardizer != null);
          if (standardizer != null) {
            writeFloats(out, standardizer.mean());
            writeFloats(out, standardizer.std());
          }
          writeFloats(out, flat);
          out.flush();
        });
  }

  /**
   * Reads a model written by {@link #save}.
   *
   * @throws IOException naming the file for a file that is not a kd4j model, truncated or of
   *     another version
   */
  public static SequenceRegressor load(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + ": not a kd4j model file (bad magic number at byte 0)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(
            file + ": model format version must be " + VERSION + ", got " + version);
      }
      int inputSize = in.readInt();
      int levels = in.readInt();
      if (levels <= 0 || levels > 16) {
        throw new IOException(file + ": number of blocks must be in [1, 16], got " + levels);
      }
      int[] channels = new int[levels];
      for (int i = 0; i < levels; i++) {
        channels[i] = in.readInt();
      }
      TcnConfig cfg;
      try {
        cfg =
            TcnConfig.builder()
                .inputSize(inputSize)
                .channels(channels)
                .kernelSize(in.readInt())
                .dropout(in.readDouble())
                .build();
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": invalid network configuration: " + e.getMessage(), e);
      }
      long seed = in.readLong();
      boolean std = in.readBoolean();
      Standardizer s = std ? new Standardizer(readFloats(in), readFloats(in)) : null;
      float[] flat = readFloats(in);
      SequenceRegressor m = new SequenceRegressor(cfg, seed, std);
      if (flat.length != m.net.parameterCount()) {
        throw new IOException(
            file
                + ": expected "
                + m.net.parameterCount()
                + " parameters for "
                + cfg
                + ", got "
                + flat.length);
      }
      m.net.setFlatParameters(flat);
      m.standardizer = s;
      m.fitted = true;
      return m;
    } catch (EOFException e) {
      throw new IOException(file + ": model file is truncated", e);
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float f : a) {
      out.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 28) {
      throw new IOException("array length must be in [0, 2^28], got " + n);
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }

  /**
   * Writes the trained model as ONNX (input {@code x [batch, time, inputSize]} of raw features; the
   * standardisation, if any, is part of the graph), with {@code kd4j.standardized} and any extra
   * metadata.
   */
  public synchronized void exportOnnx(Path file, String provenance, Map<String, String> metadata)
      throws IOException {
    if (!fitted) {
      throw new IllegalStateException("exportOnnx called before fit() or load()");
    }
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("kd4j.standardized", Boolean.toString(standardizer != null));
    TcnOnnxExporter.write(
        net.weights(),
        standardizer == null ? null : standardizer.mean(),
        standardizer == null ? null : standardizer.std(),
        provenance,
        meta,
        file);
  }

  @Override
  public void exportOnnx(Path file, String provenance) throws IOException {
    exportOnnx(file, provenance, Map.of());
  }

  @Override
  public String toString() {
    return "SequenceRegressor{"
        + config
        + ", seed="
        + seed
        + ", standardize="
        + standardize
        + ", fitted="
        + fitted
        + "}";
  }
}
