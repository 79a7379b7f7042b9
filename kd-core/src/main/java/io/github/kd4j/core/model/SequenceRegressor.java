package io.github.kd4j.core.model;

import io.github.kd4j.core.data.DataFingerprint;
import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.internal.ChecksummedFile;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.onnx.TcnOnnxExporter;
import io.github.kd4j.core.train.RunSeeds;
import io.github.kd4j.core.train.Trainer;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingLoss;
import io.github.kd4j.core.train.TrainingResult;
import io.github.kd4j.core.train.WindowSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TCN with its per-step regressor over any per-step features (SPEC 5), trained with {@link
 * Trainer} (SPEC 7), optionally standardising its inputs with statistics of the training trials:
 * the engine behind {@code TcnStudent} (kd-eeg) and {@code VisualTeacher} (kd-vision).
 *
 * <p>One seed per run: the trainer configuration's seed ({@link TrainerConfig#seed()}) gives the
 * initial weights ({@link RunSeeds#weights()}) as well as every training stream, so a model trained
 * twice with the same settings and data is the same bit for bit. The trained model records its
 * {@link Provenance} and saves every setting: {@link #load} restores the network shape, the
 * standardisation, the trainer settings (seed included) and the provenance.
 *
 * <p>Thread safety: {@link #predict} and {@link #features} may be called from several threads (they
 * serialise on the network); {@link #fit} must not run concurrently with anything else.
 */
public final class SequenceRegressor implements SequenceModel {
  private static final int MAGIC = 0x4b44344d; // "KD4M"
  private static final int VERSION = 2;

  private final TcnConfig config;
  private final boolean standardize;
  private final String role;
  private TemporalConvNet net;
  private Standardizer standardizer;
  private TrainerConfig trainer;
  private Provenance provenance;
  private TrainingResult result;

  /**
   * An untrained regressor.
   *
   * @param config the network shape
   * @param standardize whether {@link #fit} standardises the inputs (SPEC 7: not for relative band
   *     power, yes for other per-step features)
   * @param role what the model is, recorded in its provenance ("eeg-student", "visual-teacher")
   */
  public SequenceRegressor(TcnConfig config, boolean standardize, String role) {
    this.config = Objects.requireNonNull(config, "config");
    this.standardize = standardize;
    this.role = Objects.requireNonNull(role, "role");
  }

  /** An untrained regressor with the role "sequence-regressor". */
  public SequenceRegressor(TcnConfig config, boolean standardize) {
    this(config, standardize, "sequence-regressor");
  }

  /** The network shape. */
  public TcnConfig config() {
    return config;
  }

  @Override
  public int inputSize() {
    return config.inputSize();
  }

  @Override
  public int featureSize() {
    return config.outputSize();
  }

  /** Whether {@link #fit} standardises inputs. */
  public boolean standardizes() {
    return standardize;
  }

  /** The role recorded in the provenance. */
  public String role() {
    return role;
  }

  /** Whether {@link #fit} has completed (or the model was loaded). */
  public boolean isFitted() {
    return net != null;
  }

  /** The input standardisation in use, or null. */
  public Standardizer standardizer() {
    return standardizer;
  }

  /** The trainer settings of the last fit (or of the loaded file), or null before. */
  public TrainerConfig trainer() {
    return trainer;
  }

  /** The training history of the last {@link #fit} in this JVM, or null (loaded models). */
  public TrainingResult trainingResult() {
    return result;
  }

  @Override
  public Provenance provenance() {
    requireFitted("provenance");
    return provenance;
  }

  /** The current weights (PyTorch layouts), e.g. for ONNX export. */
  public synchronized TcnWeights weights() {
    requireFitted("weights");
    return net.weights();
  }

  /**
   * The network initialised from {@code seed} as {@link #fit} initialises it (for paired designs
   * that compare several losses from the same initial weights).
   */
  public TemporalConvNet initialNetwork(long seed) {
    return TemporalConvNet.initialize(config, RunSeeds.of(seed).weights());
  }

  /**
   * Trains with the loss of {@link TrainerConfig#kdWeight()} from the initial weights of the
   * trainer's seed (a second call starts again from them).
   *
   * @throws InterruptedException if interrupted; with a checkpoint directory the run can resume
   */
  public TrainingResult fit(
      List<Trial> train,
      List<Trial> validation,
      TrainerConfig trainer,
      TrainingListener... listeners)
      throws InterruptedException {
    Objects.requireNonNull(trainer, "trainer");
    return fit(
        train,
        validation,
        trainer,
        TrainingLoss.forKdWeight(trainer.kdWeight()),
        WindowSampler.FEATURES,
        Map.of(),
        listeners);
  }

  /**
   * Trains with an explicit loss and window sampler; {@code extra} entries go into the provenance.
   * Standardisation statistics come from the training trials' features.
   */
  public synchronized TrainingResult fit(
      List<Trial> train,
      List<Trial> validation,
      TrainerConfig trainer,
      TrainingLoss loss,
      WindowSampler sampler,
      Map<String, String> extra,
      TrainingListener... listeners)
      throws InterruptedException {
    Objects.requireNonNull(trainer, "trainer");
    Objects.requireNonNull(loss, "loss");
    if (train == null || train.isEmpty()) {
      throw new IllegalArgumentException("training trials must not be empty");
    }
    if (validation == null || validation.isEmpty()) {
      throw new IllegalArgumentException("validation trials must not be empty");
    }
    Standardizer s = standardize ? Standardizer.fit(train) : null;
    List<Trial> tr = s == null ? train : map(s, train);
    List<Trial> va = s == null ? validation : map(s, validation);
    TemporalConvNet fresh = initialNetwork(trainer.seed());
    TrainingResult r = new Trainer(trainer, listeners).fit(fresh, loss, tr, va, sampler);
    Map<String, String> ex = new LinkedHashMap<>();
    ex.put("loss", loss.toString());
    ex.put("standardized", Boolean.toString(s != null));
    ex.put("bestEpoch", Integer.toString(r.bestEpoch()));
    ex.put("validationCcc", Double.toString(r.bestValidationCcc()));
    ex.putAll(extra);
    net = fresh;
    standardizer = s;
    this.trainer = trainer.toBuilder().checkpointDir(null).build();
    this.result = r;
    this.provenance =
        Provenance.of(
            role,
            config.toString(),
            this.trainer.toString(),
            trainer.seed(),
            DataFingerprint.of(train, validation),
            train.size(),
            validation.size(),
            ex);
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
  @Override
  public float[] predict(float[][] x) {
    return run(x).valence();
  }

  /** The ST features {@code [T][c_L]} of one sequence (the knowledge, SPEC 4.3). */
  @Override
  public float[][] features(float[][] x) {
    return run(x).features();
  }

  /** Valence and features of one sequence in one pass. */
  public TemporalConvNet.Output run(float[][] x) {
    requireFitted("predict/features");
    float[][] in = standardizer == null ? x : standardizer.apply(x);
    synchronized (this) {
      return net.predict(in);
    }
  }

  /**
   * A step-by-step evaluator of the trained model for online use ({@link ValenceStream}), with a
   * snapshot of the current weights and standardisation.
   *
   * @throws IllegalStateException before {@link #fit} or {@link #load}
   */
  public synchronized ValenceStream newStream() {
    requireFitted("newStream");
    return new ValenceStream(net.newStream(), standardizer);
  }

  /**
   * A copy of the trained network, with the standardisation folded out (its inputs are standardised
   * features): for input gradients (saliency, SPEC 10) and for paired designs.
   */
  public synchronized TemporalConvNet network() {
    requireFitted("network");
    return TemporalConvNet.fromWeights(net.weights());
  }

  /**
   * The gradient of the peak predicted value with respect to the raw input features (SPEC 10): the
   * trace of {@code x [T][inputSize]} is predicted in evaluation mode, the step {@code t*} of its
   * maximum is taken (the first one on ties), and {@code d valence[t*] / d x} is returned, {@code
   * [T][inputSize]}, through the standardisation when there is one ({@code d/dx = d/dz / std}).
   * Steps after {@code t*} get zero (the network is causal).
   */
  public synchronized float[][] gradientOfPeak(float[][] x) {
    requireFitted("gradientOfPeak");
    float[][] in = standardizer == null ? x : standardizer.apply(x);
    int steps = in.length;
    int d = config.inputSize();
    float[] flat = new float[steps * d];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(in[t], 0, flat, t * d, d);
    }
    float[] v = net.forward(flat, 1, steps, null).valence();
    int peak = 0;
    for (int t = 1; t < steps; t++) {
      if (v[t] > v[peak]) {
        peak = t;
      }
    }
    float[] dv = new float[steps];
    dv[peak] = 1f;
    float[] g = net.backward(dv, null, true);
    float[][] out = new float[steps][d];
    float[] std = standardizer == null ? null : standardizer.std();
    for (int t = 0; t < steps; t++) {
      for (int c = 0; c < d; c++) {
        out[t][c] = std == null ? g[t * d + c] : g[t * d + c] / std[c];
      }
    }
    return out;
  }

  private void requireFitted(String what) {
    if (net == null) {
      throw new IllegalStateException(what + " called before fit() or load()");
    }
  }

  /**
   * Wraps an already trained network (for the distiller, whose students are trained on shared
   * batches).
   */
  public static SequenceRegressor trained(
      String role,
      TemporalConvNet net,
      Standardizer standardizer,
      TrainerConfig trainer,
      Provenance provenance,
      TrainingResult result) {
    SequenceRegressor m = new SequenceRegressor(net.config(), standardizer != null, role);
    m.net = net;
    m.standardizer = standardizer;
    m.trainer = trainer.toBuilder().checkpointDir(null).build();
    m.provenance = Objects.requireNonNull(provenance, "provenance");
    m.result = result;
    return m;
  }

  /**
   * Writes the model (role, network shape, trainer settings, provenance, standardisation, weights)
   * atomically, in a checksummed file.
   */
  @Override
  public synchronized void save(Path file) throws IOException {
    requireFitted("save");
    float[] flat = net.flatParameters();
    ChecksummedFile.write(
        file,
        MAGIC,
        VERSION,
        out -> {
          out.writeUTF(role);
          out.writeInt(config.inputSize());
          out.writeInt(config.levels());
          for (int c : config.channels()) {
            out.writeInt(c);
          }
          out.writeInt(config.kernelSize());
          out.writeDouble(config.dropout());
          out.writeBoolean(standardize);
          Map<String, String> t = trainer.toMap();
          out.writeInt(t.size());
          for (Map.Entry<String, String> e : t.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
          }
          byte[] prov = provenance.toText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          out.writeInt(prov.length);
          out.write(prov);
          out.writeBoolean(standardizer != null);
          if (standardizer != null) {
            ChecksummedFile.writeFloats(out, standardizer.mean());
            ChecksummedFile.writeFloats(out, standardizer.std());
          }
          ChecksummedFile.writeFloats(out, flat);
        });
  }

  /**
   * Reads a model written by {@link #save}, with every setting.
   *
   * @throws IOException naming the file for a file that is not a kd4j model, damaged (checksum),
   *     truncated, of another format version, or inconsistent
   */
  public static SequenceRegressor load(Path file) throws IOException {
    ChecksummedFile.Payload in = ChecksummedFile.read(file, "kd4j model", MAGIC, VERSION);
    String role = in.readUtf();
    int inputSize = in.readInt();
    int levels = in.readCount("number of blocks", 16);
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
      throw in.error("invalid network configuration: " + e.getMessage());
    }
    boolean standardize = in.readBoolean();
    int n = in.readCount("trainer settings", 64);
    Map<String, String> t = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      t.put(in.readUtf(), in.readUtf());
    }
    TrainerConfig trainer;
    Provenance provenance;
    try {
      trainer = TrainerConfig.fromMap(t);
      int len = in.readCount("provenance length", 1 << 20);
      byte[] prov = new byte[len];
      in.in().readFully(prov);
      provenance = Provenance.parse(new String(prov, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw in.error(e.getMessage());
    }
    Standardizer s = null;
    if (in.readBoolean()) {
      float[] mean = in.readFloats("standardisation mean");
      float[] std = in.readFloats("standardisation std");
      try {
        s = new Standardizer(mean, std);
      } catch (RuntimeException e) {
        throw in.error("invalid standardisation: " + e.getMessage());
      }
    }
    float[] flat = in.readFloats("parameters");
    in.expectEnd();
    int count = TemporalConvNet.parameterCount(cfg);
    if (flat == null || flat.length != count) {
      throw in.error(
          "expected "
              + count
              + " parameters for "
              + cfg
              + ", got "
              + (flat == null ? "none" : flat.length));
    }
    for (int i = 0; i < flat.length; i++) {
      if (!Float.isFinite(flat[i])) {
        throw in.error("parameter " + i + " must be finite, got " + flat[i]);
      }
    }
    TemporalConvNet net = TemporalConvNet.fromParameters(cfg, flat);
    SequenceRegressor m = new SequenceRegressor(cfg, standardize, role);
    m.net = net;
    m.standardizer = s;
    m.trainer = trainer;
    m.provenance = provenance;
    return m;
  }

  /**
   * Writes the trained model as ONNX (input {@code x [batch, time, inputSize]} of raw features; the
   * standardisation, if any, is part of the graph), with {@code kd4j.provenance} (the text form of
   * {@link #provenance()}, plus {@code note} when given), {@code kd4j.role}, {@code
   * kd4j.standardized} and any extra metadata.
   */
  public synchronized void exportOnnx(Path file, String note, Map<String, String> metadata)
      throws IOException {
    requireFitted("exportOnnx");
    Map<String, String> meta = new LinkedHashMap<>(metadata);
    meta.put("kd4j.standardized", Boolean.toString(standardizer != null));
    meta.putIfAbsent("kd4j.role", role);
    Provenance p =
        note == null || note.isEmpty() ? provenance : provenance.withExtra(Map.of("note", note));
    TcnOnnxExporter.write(
        net.weights(),
        standardizer == null ? null : standardizer.mean(),
        standardizer == null ? null : standardizer.std(),
        p.toText(),
        meta,
        file);
  }

  @Override
  public void exportOnnx(Path file, String note) throws IOException {
    exportOnnx(file, note, Map.of());
  }

  @Override
  public String toString() {
    return "SequenceRegressor{"
        + role
        + ", "
        + config
        + ", standardize="
        + standardize
        + ", fitted="
        + isFitted()
        + (trainer == null ? "" : ", seed=" + trainer.seed())
        + "}";
  }
}
