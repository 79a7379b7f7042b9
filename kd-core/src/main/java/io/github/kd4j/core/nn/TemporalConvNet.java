package io.github.kd4j.core.nn;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The temporal convolutional network of SPEC section 5 with its per-step linear regressor: a pure
 * network (forward, and backward from the gradients of its two outputs) on ND4J memory and BLAS.
 * Losses are separate values ({@code io.github.kd4j.core.train.TrainingLoss}).
 *
 * <p>Shapes: input {@code [batch, T, inputSize]} (step-major rows; the SPEC's {@code [batch, C_in,
 * T]} transposed), ST features {@code [batch, T, c_L]}, valence {@code [batch, T]}. Each block
 * {@code i} holds two causal dilated convolutions (dilation {@code 2^i}, left padding {@code
 * (k-1)2^i}, weight-normalised {@code w = g v / ||v||}), PReLU (one slope each), dropout, a
 * residual (identity or plain 1x1 convolution) and a final PReLU on the sum. Receptive field {@code
 * 1 + 2(k-1)(2^L - 1)} steps. References: Bai, Kolter, Koltun 2018 (TCN); Salimans and Kingma 2016
 * (weight normalisation).
 *
 * <p>How it computes: every convolution is one im2col copy and one GEMM (OpenBLAS, the library
 * ND4J's CPU backend uses) over all {@code batch * T} steps at once, forward and backward; PReLU,
 * dropout, weight norm and the residual sums are loops over heap arrays (which the JIT vectorises),
 * and only GEMM operands live in ND4J's off-heap buffers, moved with bulk copies. Activation
 * workspaces are allocated once per batch shape and reused. {@link #backward} can also return the
 * gradient with respect to the input (for saliency maps, SPEC 10).
 *
 * <p>Not thread-safe: one instance per thread (or use {@code OnnxModel} for concurrent inference).
 *
 * <pre>{@code
 * TemporalConvNet net = TemporalConvNet.initialize(TcnConfig.builder().inputSize(192).build(), 42L);
 * SequenceNetwork.Forward out = net.forward(inputs, 2, 96, new SplittableRandom(7));
 * float[] dInput = net.backward(dValence, dFeatures, true); // parameter gradients in gradientArray()
 * TemporalConvNet.Output o = net.predict(features);          // features[T][192], evaluation mode
 * }</pre>
 */
public final class TemporalConvNet implements SequenceNetwork {

  /**
   * The result of running the network on one sequence: valence {@code [T]}, features {@code
   * [T][c_L]}.
   */
  public record Output(float[] valence, float[][] features) {}

  private final TcnConfig cfg;
  private final TcnLayout layout;
  private final TcnLayout.Block[] blocks;
  private final int k;

  /** All parameters, flat, internal layout ({@link TcnLayout}). */
  final float[] params;

  /** Gradients of the last backward pass, same layout as {@link #params}. */
  final float[] grads;

  /** Effective (weight-normalised) convolution weights {@code [k * in, out]}, off-heap for BLAS. */
  private final FloatStore[] conv1Weight;

  private final FloatStore[] conv2Weight;

  /** Off-heap copies of the 1x1 residual weights {@code [in, out]} for BLAS (null: identity). */
  private final FloatStore[] residualWeight;

  /** {@code ||v||} per output channel of each convolution, from the last forward. */
  private final float[][] conv1Norm;

  /** The parameters the effective weights were last prepared from; null before the first. */
  private float[] preparedFrom;

  private double[] normScratch;
  private float[] rowScratch;
  private float[] scaleScratch;

  private final float[][] conv2Norm;

  private Workspace ws;

  /** The shape of the last {@link #forward}, for {@link #backward}; 0 when there is none. */
  private int lastBatch;

  private int lastSteps;
  private boolean lastDropout;

  private TemporalConvNet(TcnConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.layout = new TcnLayout(cfg);
    this.blocks = layout.blocks;
    this.k = cfg.kernelSize();
    int levels = blocks.length;
    conv1Weight = new FloatStore[levels];
    conv2Weight = new FloatStore[levels];
    residualWeight = new FloatStore[levels];
    conv1Norm = new float[levels][];
    conv2Norm = new float[levels][];
    for (int i = 0; i < levels; i++) {
      TcnLayout.Block b = blocks[i];
      conv1Weight[i] = new FloatStore(k * b.in * b.out);
      conv2Weight[i] = new FloatStore(k * b.out * b.out);
      if (b.residualWeight != null) {
        residualWeight[i] = new FloatStore(b.in * b.out);
      }
      conv1Norm[i] = new float[b.out];
      conv2Norm[i] = new float[b.out];
    }
    params = new float[layout.parameterCount];
    grads = new float[layout.parameterCount];
  }

  /**
   * A network initialised as SPEC 5 says: {@code v ~ N(0, 0.01^2)} and {@code g = ||v||} (so {@code
   * w = v}), convolution biases {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, 1x1 residual weights
   * {@code N(0, 0.01^2)}, PReLU slopes 0.25, regressor with PyTorch's {@code Linear} defaults. The
   * same seed gives the same weights; values are drawn block by block in the order of {@link
   * TcnWeights#shapes}.
   */
  public static TemporalConvNet initialize(TcnConfig cfg, long seed) {
    TemporalConvNet net = new TemporalConvNet(cfg);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] p = net.params;
    for (TcnLayout.Block b : net.blocks) {
      net.initConv(rng, b.conv1Direction, b.conv1Magnitude, b.conv1Bias, b.in * net.k, b.out);
      p[b.prelu1Slope.offset()] = 0.25f;
      net.initConv(rng, b.conv2Direction, b.conv2Magnitude, b.conv2Bias, b.out * net.k, b.out);
      p[b.prelu2Slope.offset()] = 0.25f;
      if (b.residualWeight != null) {
        for (int j = 0; j < b.residualWeight.size(); j++) {
          p[b.residualWeight.offset() + j] = (float) (0.01 * rng.nextGaussian());
        }
        uniform(rng, p, b.residualBias, 1.0 / Math.sqrt(b.in));
      }
      p[b.outputSlope.offset()] = 0.25f;
    }
    double bound = 1.0 / Math.sqrt(cfg.outputSize());
    uniform(rng, p, net.layout.regressorWeight, bound);
    uniform(rng, p, net.layout.regressorBias, bound);
    return net;
  }

  private void initConv(
      SplittableRandom rng,
      TcnLayout.Slot v,
      TcnLayout.Slot g,
      TcnLayout.Slot bias,
      int fanIn,
      int out) {
    float[] p = params;
    for (int j = 0; j < v.size(); j++) {
      p[v.offset() + j] = (float) (0.01 * rng.nextGaussian());
    }
    // g = ||v|| per output channel: column o of the [fanIn, out] layout
    for (int o = 0; o < out; o++) {
      double ss = 0;
      for (int r = 0; r < fanIn; r++) {
        double x = p[v.offset() + r * out + o];
        ss += x * x;
      }
      p[g.offset() + o] = (float) Math.sqrt(ss);
    }
    uniform(rng, p, bias, 1.0 / Math.sqrt(fanIn));
  }

  private static void uniform(SplittableRandom rng, float[] p, TcnLayout.Slot s, double bound) {
    for (int j = 0; j < s.size(); j++) {
      p[s.offset() + j] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }

  /** The number of parameters of a network of this shape (the length of its flat parameters). */
  public static int parameterCount(TcnConfig cfg) {
    return new TcnLayout(cfg).parameterCount;
  }

  /**
   * A network holding the given flat parameters (as {@link #flatParameters()} returns them),
   * without drawing initial weights first.
   *
   * @throws IllegalArgumentException when {@code flat} does not have {@link
   *     #parameterCount(TcnConfig)} values
   */
  public static TemporalConvNet fromParameters(TcnConfig cfg, float[] flat) {
    TemporalConvNet net = new TemporalConvNet(cfg);
    net.setFlatParameters(flat);
    return net;
  }

  /** A network holding the given weights (PyTorch layouts, see {@link TcnWeights}). */
  public static TemporalConvNet fromWeights(TcnWeights weights) {
    TemporalConvNet net = new TemporalConvNet(weights.config());
    net.setWeights(weights);
    return net;
  }

  /**
   * A step-by-step evaluator of this network in evaluation mode (see {@link TcnStream}), holding a
   * snapshot of the current weights: later training of this network does not change it.
   */
  public TcnStream newStream() {
    return new TcnStream(this);
  }

  /** The parameter layout (for {@link TcnStream}). */
  TcnLayout layout() {
    return layout;
  }

  /** The shape of this network. */
  public TcnConfig config() {
    return cfg;
  }

  @Override
  public int inputSize() {
    return cfg.inputSize();
  }

  @Override
  public int featureSize() {
    return cfg.outputSize();
  }

  @Override
  public int parameterCount() {
    return layout.parameterCount;
  }

  @Override
  public float[] parameterArray() {
    return params;
  }

  @Override
  public float[] gradientArray() {
    return grads;
  }

  /** Replaces all parameters. */
  public void setWeights(TcnWeights weights) {
    if (!weights.config().equals(cfg)) {
      throw new IllegalArgumentException(
          "weights must belong to " + cfg + ", got weights of " + weights.config());
    }
    System.arraycopy(layout.toFlat(weights), 0, params, 0, params.length);
  }

  /** A snapshot of the parameters in PyTorch layouts. */
  public TcnWeights weights() {
    return TcnWeights.of(cfg, layout.toNamed(params));
  }

  /**
   * The parameter gradients of the last {@link #backward} call, by parameter name (the names and
   * layouts of {@link TcnWeights}).
   */
  public Map<String, float[]> gradients() {
    return layout.toNamed(grads);
  }

  // ---------------------------------------------------------------------------------------------
  // Workspace

  /**
   * Activations and gradients for up to {@code rows = batch * steps} step-major rows, reused across
   * calls. Element-wise work runs on heap arrays; only GEMM operands live off-heap, filled and
   * drained with bulk copies.
   */
  private final class Workspace {
    final int rows;
    final float[] input;
    final FloatStore[] conv1Columns;
    final FloatStore[] conv2Columns;
    final float[][] conv1Out;
    final float[][] act1;
    final float[][] conv2Out;
    final float[][] sum;
    final float[][] blockOut;
    final float[][] mask1;
    final float[][] mask2;
    final FloatStore gemmOut;
    final FloatStore gradOff;
    final FloatStore dColumns;
    final FloatStore dWeightOff;
    final float[] dColumnsHeap;
    final float[] dWeightHeap;
    final float[] dSum;
    final float[] dPre;
    final float[] gradA;
    final float[] gradB;
    final float[] dFeatures;
    final float[] valence;

    Workspace(int rows) {
      this.rows = rows;
      int levels = blocks.length;
      input = new float[rows * cfg.inputSize()];
      conv1Columns = new FloatStore[levels];
      conv2Columns = new FloatStore[levels];
      conv1Out = new float[levels][];
      act1 = new float[levels][];
      conv2Out = new float[levels][];
      sum = new float[levels][];
      blockOut = new float[levels][];
      mask1 = new float[levels][];
      mask2 = new float[levels][];
      int maxCol = 0;
      int maxC = cfg.inputSize();
      int maxW = 0;
      for (int i = 0; i < levels; i++) {
        int in = blocks[i].in;
        int c = blocks[i].out;
        conv1Columns[i] = new FloatStore(rows * k * in);
        conv2Columns[i] = new FloatStore(rows * k * c);
        conv1Out[i] = new float[rows * c];
        act1[i] = new float[rows * c];
        conv2Out[i] = new float[rows * c];
        sum[i] = new float[rows * c];
        blockOut[i] = new float[rows * c];
        mask1[i] = new float[rows * c];
        mask2[i] = new float[rows * c];
        maxCol = Math.max(maxCol, k * Math.max(in, c));
        maxC = Math.max(maxC, c);
        maxW = Math.max(maxW, k * Math.max(in, c) * c);
      }
      gemmOut = new FloatStore(rows * maxC);
      gradOff = new FloatStore(rows * maxC);
      dColumns = new FloatStore(rows * maxCol);
      dWeightOff = new FloatStore(maxW);
      dColumnsHeap = new float[rows * maxCol];
      dWeightHeap = new float[maxW];
      dSum = new float[rows * maxC];
      dPre = new float[rows * maxC];
      gradA = new float[rows * maxC];
      gradB = new float[rows * maxC];
      dFeatures = new float[rows * cfg.outputSize()];
      valence = new float[rows];
    }
  }

  private Workspace workspace(int rows) {
    if (ws == null || ws.rows < rows) {
      ws = new Workspace(rows);
    }
    return ws;
  }

  // ---------------------------------------------------------------------------------------------
  // Forward

  /**
   * Recomputes the effective weights {@code w = g v / ||v||}, their column norms and the 1x1
   * copies.
   */
  private void prepareWeights() {
    // The effective weights depend on the parameters only: when they have not changed since the
    // last preparation (evaluation calls between optimiser steps), the prepared copies are reused.
    if (preparedFrom != null && Arrays.equals(params, preparedFrom)) {
      return;
    }
    for (int i = 0; i < blocks.length; i++) {
      TcnLayout.Block b = blocks[i];
      weightNorm(b.conv1Direction, b.conv1Magnitude, k * b.in, b.out, conv1Norm[i], conv1Weight[i]);
      weightNorm(
          b.conv2Direction, b.conv2Magnitude, k * b.out, b.out, conv2Norm[i], conv2Weight[i]);
      if (residualWeight[i] != null) {
        residualWeight[i].put(0, params, b.residualWeight.offset(), b.residualWeight.size());
      }
    }
    if (preparedFrom == null) {
      preparedFrom = params.clone();
    } else {
      System.arraycopy(params, 0, preparedFrom, 0, params.length);
    }
  }

  private void weightNorm(
      TcnLayout.Slot v, TcnLayout.Slot g, int rows, int cols, float[] norms, FloatStore w) {
    float[] scale = columnScales(v, g, rows, cols, norms);
    float[] p = params;
    int vo = v.offset();
    float[] row = rowScratch(cols);
    for (int r = 0; r < rows; r++) {
      int base = vo + r * cols;
      for (int o = 0; o < cols; o++) {
        row[o] = p[base + o] * scale[o];
      }
      w.put(r * cols, row, 0, cols);
    }
  }

  /**
   * The effective weight {@code w = g v / ||v||} ({@code [rows, cols]}, row-major, the internal
   * layout) computed from the current parameters into a new array; the column norms go into {@code
   * norms}. Shared with {@link TcnStream}: the same arithmetic as the forward pass's weights, so
   * both evaluate bit-identical weights.
   */
  float[] effectiveWeight(TcnLayout.Slot v, TcnLayout.Slot g, int rows, int cols, float[] norms) {
    float[] scale = columnScales(v, g, rows, cols, norms);
    float[] p = params;
    int vo = v.offset();
    float[] w = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      int base = vo + r * cols;
      for (int o = 0; o < cols; o++) {
        w[r * cols + o] = p[base + o] * scale[o];
      }
    }
    return w;
  }

  /**
   * The per-column factors {@code g / ||v||} of a weight-normalised convolution (norms over the
   * {@code rows} of each column, summed in double), into a scratch array; the norms go into {@code
   * norms}.
   */
  private float[] columnScales(
      TcnLayout.Slot v, TcnLayout.Slot g, int rows, int cols, float[] norms) {
    float[] p = params;
    int vo = v.offset();
    int go = g.offset();
    double[] ss = normScratch(cols);
    Arrays.fill(ss, 0, cols, 0.0);
    for (int r = 0; r < rows; r++) {
      int base = vo + r * cols;
      for (int o = 0; o < cols; o++) {
        double x = p[base + o];
        ss[o] += x * x;
      }
    }
    float[] scale = scaleScratch(cols);
    for (int o = 0; o < cols; o++) {
      double norm = Math.sqrt(ss[o]);
      norms[o] = (float) norm;
      scale[o] = (float) (p[go + o] / norm);
    }
    return scale;
  }

  private double[] normScratch(int n) {
    if (normScratch == null || normScratch.length < n) {
      normScratch = new double[n];
    }
    return normScratch;
  }

  private float[] rowScratch(int n) {
    if (rowScratch == null || rowScratch.length < n) {
      rowScratch = new float[n];
    }
    return rowScratch;
  }

  private float[] scaleScratch(int n) {
    if (scaleScratch == null || scaleScratch.length < n) {
      scaleScratch = new float[n];
    }
    return scaleScratch;
  }

  /**
   * Copies step-major rows of {@code src} ({@code [rows, c]}) into the causal im2col matrix {@code
   * dst} ({@code [rows, k * c]}): block {@code j} of row {@code (b, t)} holds step {@code t - (k -
   * 1 - j) d} of window {@code b}, or zeros before the window start. The last block ({@code j = k -
   * 1}) is the row itself, which the 1x1 residual reads in place.
   */
  private void im2col(float[] src, int c, int d, int batch, int steps, FloatStore dst) {
    int kc = k * c;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        int row = (b * steps + t) * kc;
        for (int j = 0; j < k; j++) {
          int ts = t - (k - 1 - j) * d;
          if (ts >= 0) {
            dst.put(row + j * c, src, (b * steps + ts) * c, c);
          } else {
            dst.zero(row + j * c, c);
          }
        }
      }
    }
  }

  /** {@code dst = } the adjoint of im2col applied to {@code g} ({@code [rows, k * c]}). */
  private void col2im(float[] g, int c, int d, int batch, int steps, float[] dst) {
    int kc = k * c;
    Arrays.fill(dst, 0, batch * steps * c, 0f);
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        int row = (b * steps + t) * kc;
        for (int j = 0; j < k; j++) {
          int ts = t - (k - 1 - j) * d;
          if (ts < 0) {
            continue;
          }
          int src = row + j * c;
          int to = (b * steps + ts) * c;
          for (int q = 0; q < c; q++) {
            dst[to + q] += g[src + q];
          }
        }
      }
    }
  }

  /** {@code h = bias + columns w} over {@code rows} rows, into the heap array {@code h}. */
  private void conv(
      Workspace w,
      FloatStore columns,
      int kc,
      FloatStore weight,
      TcnLayout.Slot bias,
      int c,
      int rows,
      float[] h) {
    Blas.gemm(
        false,
        false,
        rows,
        c,
        kc,
        1f,
        columns.pointer,
        kc,
        weight.pointer,
        c,
        0f,
        w.gemmOut.pointer,
        c);
    w.gemmOut.get(0, h, 0, rows * c);
    float[] p = params;
    int bo = bias.offset();
    for (int r = 0; r < rows; r++) {
      int base = r * c;
      for (int o = 0; o < c; o++) {
        h[base + o] += p[bo + o];
      }
    }
  }

  /**
   * Inverted-dropout multipliers: 0 with probability p, else {@code 1 / (1 - p)}; 32 random bits
   * each.
   */
  private static void fillMask(float[] mask, int n, double p, SplittableRandom rng) {
    float keep = (float) (1.0 / (1.0 - p));
    long threshold = (long) Math.ceil(p * 4294967296.0);
    for (int i = 0; i < n; i += 2) {
      long bits = rng.nextLong();
      mask[i] = (bits & 0xffffffffL) < threshold ? 0f : keep;
      if (i + 1 < n) {
        mask[i + 1] = (bits >>> 32) < threshold ? 0f : keep;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Dropout masks are drawn block by block (conv1's mask, then conv2's), 32 random bits per
   * element, in step-major order.
   */
  @Override
  public Forward forward(float[] inputs, int batch, int steps, SplittableRandom rng) {
    Objects.requireNonNull(inputs, "inputs");
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException(
          "batch and steps must be > 0, got " + batch + " and " + steps);
    }
    int rows = batch * steps;
    if (inputs.length != rows * cfg.inputSize()) {
      throw new IllegalArgumentException(
          "inputs must have batch * steps * inputSize = "
              + rows * cfg.inputSize()
              + " values, got "
              + inputs.length);
    }
    Workspace w = workspace(rows);
    System.arraycopy(inputs, 0, w.input, 0, rows * cfg.inputSize());
    prepareWeights();
    run(w, batch, steps, rng);
    lastBatch = batch;
    lastSteps = steps;
    lastDropout = rng != null && cfg.dropout() > 0;
    return new Forward(batch, steps, w.valence, w.blockOut[blocks.length - 1]);
  }

  /**
   * Runs the blocks and the regressor over {@code rows = batch * steps} step-major rows already in
   * {@code w.input}. With {@code rng == null} or dropout 0 no dropout is applied (evaluation).
   */
  private void run(Workspace w, int batch, int steps, SplittableRandom rng) {
    int rows = batch * steps;
    boolean drop = rng != null && cfg.dropout() > 0;
    float[] x = w.input;
    float[] p = params;
    for (int i = 0; i < blocks.length; i++) {
      TcnLayout.Block b = blocks[i];
      int in = b.in;
      int c = b.out;
      int d = b.dilation;
      int n = rows * c;
      // conv1 -> PReLU -> dropout
      im2col(x, in, d, batch, steps, w.conv1Columns[i]);
      float[] h1 = w.conv1Out[i];
      conv(w, w.conv1Columns[i], k * in, conv1Weight[i], b.conv1Bias, c, rows, h1);
      float s1 = p[b.prelu1Slope.offset()];
      float[] o1 = w.act1[i];
      for (int e = 0; e < n; e++) {
        float v = h1[e];
        o1[e] = v > 0 ? v : s1 * v;
      }
      if (drop) {
        float[] m = w.mask1[i];
        fillMask(m, n, cfg.dropout(), rng);
        for (int e = 0; e < n; e++) {
          o1[e] *= m[e];
        }
      }
      // conv2 -> PReLU -> dropout, plus the residual
      im2col(o1, c, d, batch, steps, w.conv2Columns[i]);
      float[] h2 = w.conv2Out[i];
      conv(w, w.conv2Columns[i], k * c, conv2Weight[i], b.conv2Bias, c, rows, h2);
      float[] z = w.sum[i];
      if (residualWeight[i] != null) {
        // the residual input is the last im2col block of conv1Columns (shift 0), read in place
        Blas.gemm(
            false,
            false,
            rows,
            c,
            in,
            1f,
            w.conv1Columns[i].at((k - 1) * in),
            k * in,
            residualWeight[i].pointer,
            c,
            0f,
            w.gemmOut.pointer,
            c);
        w.gemmOut.get(0, z, 0, n);
        int bo = b.residualBias.offset();
        for (int r = 0; r < rows; r++) {
          int base = r * c;
          for (int o = 0; o < c; o++) {
            z[base + o] += p[bo + o];
          }
        }
      } else {
        System.arraycopy(x, 0, z, 0, n);
      }
      float s2 = p[b.prelu2Slope.offset()];
      float s3 = p[b.outputSlope.offset()];
      float[] out = w.blockOut[i];
      if (drop) {
        float[] m = w.mask2[i];
        fillMask(m, n, cfg.dropout(), rng);
        for (int e = 0; e < n; e++) {
          float v = h2[e];
          z[e] += (v > 0 ? v : s2 * v) * m[e];
        }
      } else {
        for (int e = 0; e < n; e++) {
          float v = h2[e];
          z[e] += v > 0 ? v : s2 * v;
        }
      }
      for (int e = 0; e < n; e++) {
        float zz = z[e];
        out[e] = zz > 0 ? zz : s3 * zz;
      }
      x = out;
    }
    // regressor
    int cl = cfg.outputSize();
    float bias = p[layout.regressorBias.offset()];
    int rw = layout.regressorWeight.offset();
    for (int r = 0; r < rows; r++) {
      float acc = bias;
      int base = r * cl;
      for (int o = 0; o < cl; o++) {
        acc += x[base + o] * p[rw + o];
      }
      w.valence[r] = acc;
    }
  }

  /**
   * Runs the network in evaluation mode (no dropout) on one sequence.
   *
   * @param x features {@code [T][inputSize]}, time along the first axis
   * @return valence {@code [T]} and ST features {@code [T][c_L]}
   */
  public Output predict(float[][] x) {
    float[] flat = flatten(x, cfg.inputSize());
    int steps = x.length;
    Forward f = forward(flat, 1, steps, null);
    int cl = cfg.outputSize();
    float[][] feats = new float[steps][cl];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(f.features(), t * cl, feats[t], 0, cl);
    }
    return new Output(Arrays.copyOf(f.valence(), steps), feats);
  }

  /** {@code x [T][d]} to step-major rows, rejecting ragged rows and non-finite values. */
  static float[] flatten(float[][] x, int d) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must have at least one step, got 0");
    }
    float[] flat = new float[x.length * d];
    for (int t = 0; t < x.length; t++) {
      if (x[t].length != d) {
        throw new IllegalArgumentException(
            "x must have " + d + " features per step, got " + x[t].length + " at step " + t);
      }
      for (int c = 0; c < d; c++) {
        if (!Float.isFinite(x[t][c])) {
          throw new IllegalArgumentException(
              "x must be finite, got " + x[t][c] + " at step " + t + ", feature " + c);
        }
      }
      System.arraycopy(x[t], 0, flat, t * d, d);
    }
    return flat;
  }

  // ---------------------------------------------------------------------------------------------
  // Backward

  @Override
  public float[] backward(float[] dValence, float[] dFeatures, boolean wantInputGradient) {
    if (lastBatch == 0) {
      throw new IllegalStateException("backward called before forward");
    }
    Objects.requireNonNull(dValence, "dValence");
    int rows = lastBatch * lastSteps;
    int cl = cfg.outputSize();
    if (dValence.length < rows) {
      throw new IllegalArgumentException(
          "dValence must have batch * steps = " + rows + " values, got " + dValence.length);
    }
    if (dFeatures != null && dFeatures.length < rows * cl) {
      throw new IllegalArgumentException(
          "dFeatures must have batch * steps * featureSize = "
              + rows * cl
              + " values, got "
              + dFeatures.length);
    }
    Workspace w = ws;
    Arrays.fill(grads, 0f);
    // regressor: valence = features . w_reg + b_reg
    float[] f = w.blockOut[blocks.length - 1];
    float[] df = w.dFeatures;
    float[] p = params;
    int rw = layout.regressorWeight.offset();
    double gb = 0;
    double[] gw = new double[cl];
    for (int r = 0; r < rows; r++) {
      float dp = dValence[r];
      gb += dp;
      int base = r * cl;
      for (int o = 0; o < cl; o++) {
        gw[o] += dp * f[base + o];
        df[base + o] = dp * p[rw + o];
      }
    }
    grads[layout.regressorBias.offset()] = (float) gb;
    for (int o = 0; o < cl; o++) {
      grads[rw + o] = (float) gw[o];
    }
    if (dFeatures != null) {
      for (int e = 0; e < rows * cl; e++) {
        df[e] += dFeatures[e];
      }
    }
    return backwardBlocks(w, lastBatch, lastSteps, lastDropout, wantInputGradient);
  }

  /**
   * Back-propagates {@code w.dFeatures} through the blocks, accumulating into {@link #grads};
   * returns the input gradient (a fresh array) when asked.
   */
  private float[] backwardBlocks(
      Workspace w, int batch, int steps, boolean drop, boolean wantInputGradient) {
    int rows = batch * steps;
    float[] p = params;
    float[] g = grads;
    float[] gOut = w.dFeatures;
    float[] dz = w.dSum;
    float[] dh = w.dPre;
    for (int i = blocks.length - 1; i >= 0; i--) {
      TcnLayout.Block b = blocks[i];
      int in = b.in;
      int c = b.out;
      int d = b.dilation;
      int n = rows * c;
      boolean needInput = i > 0 || wantInputGradient;
      float s3 = p[b.outputSlope.offset()];
      float s2 = p[b.prelu2Slope.offset()];
      float s1 = p[b.prelu1Slope.offset()];
      float[] z = w.sum[i];
      float[] h2 = w.conv2Out[i];
      // out = prelu(z, s3); z = drop(prelu(h2, s2)) + res
      double ds3 = 0;
      for (int e = 0; e < n; e++) {
        float zz = z[e];
        float gg = gOut[e];
        if (zz > 0) {
          dz[e] = gg;
        } else {
          dz[e] = s3 * gg;
          ds3 += gg * zz;
        }
      }
      double ds2 = 0;
      float[] m2 = w.mask2[i];
      for (int e = 0; e < n; e++) {
        float da = drop ? dz[e] * m2[e] : dz[e];
        float hv = h2[e];
        if (hv > 0) {
          dh[e] = da;
        } else {
          dh[e] = s2 * da;
          ds2 += da * hv;
        }
      }
      g[b.outputSlope.offset()] += (float) ds3;
      g[b.prelu2Slope.offset()] += (float) ds2;
      // conv2: input act1 (its im2col in conv2Columns); d act1 into gradA
      convBackward(
          w,
          w.conv2Columns[i],
          k * c,
          conv2Weight[i],
          b.conv2Direction,
          b.conv2Magnitude,
          b.conv2Bias,
          conv2Norm[i],
          c,
          rows,
          true);
      float[] dAct1 = w.gradA;
      col2im(w.dColumnsHeap, c, d, batch, steps, dAct1);
      float[] h1 = w.conv1Out[i];
      float[] m1 = w.mask1[i];
      double ds1 = 0;
      for (int e = 0; e < n; e++) {
        float gg = drop ? dAct1[e] * m1[e] : dAct1[e];
        float hv = h1[e];
        if (hv > 0) {
          dh[e] = gg;
        } else {
          dh[e] = s1 * gg;
          ds1 += gg * hv;
        }
      }
      g[b.prelu1Slope.offset()] += (float) ds1;
      convBackward(
          w,
          w.conv1Columns[i],
          k * in,
          conv1Weight[i],
          b.conv1Direction,
          b.conv1Magnitude,
          b.conv1Bias,
          conv1Norm[i],
          c,
          rows,
          needInput);
      float[] dX = w.gradB;
      if (needInput) {
        col2im(w.dColumnsHeap, in, d, batch, steps, dX);
      }
      // residual
      if (residualWeight[i] != null) {
        // dWd [in, c] = x^T dz with x the shift-0 block of conv1Columns; dbd = colsum(dz);
        // dX += dz Wd^T
        w.gradOff.put(0, dz, 0, n);
        Blas.gemm(
            true,
            false,
            in,
            c,
            rows,
            1f,
            w.conv1Columns[i].at((k - 1) * in),
            k * in,
            w.gradOff.pointer,
            c,
            0f,
            w.dWeightOff.pointer,
            c);
        w.dWeightOff.get(0, w.dWeightHeap, 0, in * c);
        for (int e = 0, off = b.residualWeight.offset(); e < in * c; e++) {
          g[off + e] += w.dWeightHeap[e];
        }
        colSumInto(dz, rows, c, b.residualBias);
        if (needInput) {
          Blas.gemm(
              false,
              true,
              rows,
              in,
              c,
              1f,
              w.gradOff.pointer,
              c,
              residualWeight[i].pointer,
              c,
              0f,
              w.dColumns.pointer,
              in);
          w.dColumns.get(0, w.dColumnsHeap, 0, rows * in);
          for (int e = 0; e < rows * in; e++) {
            dX[e] += w.dColumnsHeap[e];
          }
        }
      } else if (needInput) {
        for (int e = 0; e < n; e++) {
          dX[e] += dz[e];
        }
      }
      if (needInput) {
        // the next block down reads its output gradient from gOut: move dX out of gradB's way
        System.arraycopy(dX, 0, w.gradA, 0, rows * in);
        gOut = w.gradA;
      }
    }
    return wantInputGradient ? Arrays.copyOf(gOut, rows * cfg.inputSize()) : null;
  }

  private void colSumInto(float[] m, int rows, int cols, TcnLayout.Slot into) {
    double[] acc = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int o = 0; o < cols; o++) {
        acc[o] += m[base + o];
      }
    }
    for (int o = 0; o < cols; o++) {
      grads[into.offset() + o] += (float) acc[o];
    }
  }

  /**
   * Backward of {@code h = b + columns w(v, g)} given {@code dh} in {@code w.dPre}: bias, weight
   * norm ({@code dg = (v . dW) / ||v||}, {@code dv = (g / ||v||) dW - (g dg / ||v||^2) v}) and,
   * when asked, {@code dColumns = dh w^T} into {@code w.dColumnsHeap}.
   */
  private void convBackward(
      Workspace w,
      FloatStore columns,
      int kc,
      FloatStore weight,
      TcnLayout.Slot v,
      TcnLayout.Slot magnitude,
      TcnLayout.Slot bias,
      float[] norms,
      int c,
      int rows,
      boolean needInput) {
    colSumInto(w.dPre, rows, c, bias);
    w.gradOff.put(0, w.dPre, 0, rows * c);
    Blas.gemm(
        true,
        false,
        kc,
        c,
        rows,
        1f,
        columns.pointer,
        kc,
        w.gradOff.pointer,
        c,
        0f,
        w.dWeightOff.pointer,
        c);
    if (needInput) {
      Blas.gemm(
          false,
          true,
          rows,
          kc,
          c,
          1f,
          w.gradOff.pointer,
          c,
          weight.pointer,
          c,
          0f,
          w.dColumns.pointer,
          kc);
      w.dColumns.get(0, w.dColumnsHeap, 0, rows * kc);
    }
    float[] dW = w.dWeightHeap;
    w.dWeightOff.get(0, dW, 0, kc * c);
    float[] p = params;
    float[] g = grads;
    int vo = v.offset();
    double[] dot = new double[c];
    for (int r = 0; r < kc; r++) {
      int base = r * c;
      for (int o = 0; o < c; o++) {
        dot[o] += dW[base + o] * p[vo + base + o];
      }
    }
    float[] a = new float[c];
    float[] bcoef = new float[c];
    for (int o = 0; o < c; o++) {
      double nrm = norms[o];
      double dg = dot[o] / nrm;
      double gv = p[magnitude.offset() + o];
      g[magnitude.offset() + o] += (float) dg;
      a[o] = (float) (gv / nrm);
      bcoef[o] = (float) (gv * dg / (nrm * nrm));
    }
    for (int r = 0; r < kc; r++) {
      int base = r * c;
      int vb = vo + base;
      for (int o = 0; o < c; o++) {
        g[vb + o] += a[o] * dW[base + o] - bcoef[o] * p[vb + o];
      }
    }
  }

  @Override
  public String toString() {
    return "TemporalConvNet{" + cfg + ", parameters=" + layout.parameterCount + "}";
  }
}
