package io.github.kd4j.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The temporal convolutional network of SPEC section 5 with its per-step linear regressor, trained
 * with hand-derived backward passes on ND4J memory and BLAS.
 *
 * <p>Shapes: input {@code [batch, T, inputSize]} (step-major rows; the SPEC's {@code [batch, C_in,
 * T]} transposed), ST features {@code [batch, T, c_L]}, valence {@code [batch, T]}. Each block
 * {@code i} holds two causal dilated convolutions (dilation {@code 2^i}, left padding {@code
 * (k-1)2^i}, weight-normalised {@code w = g v / ||v||}), PReLU (one slope each), dropout, a
 * residual (identity or plain 1x1 convolution) and a final PReLU on the sum. Receptive field {@code
 * 1 + 2(k-1)(2^L - 1)} steps. References: Bai, Kolter, Koltun 2018 (TCN); Salimans and Kingma 2016
 * (weight normalisation); Lin 1989 (CCC).
 *
 * <p>How it computes: every convolution is one im2col copy and one GEMM (OpenBLAS, the library
 * ND4J's CPU backend uses) over all {@code batch * T} steps at once, forward and backward; PReLU,
 * dropout, weight norm, the residual sums and the loss are loops over heap arrays (which the JIT
 * vectorises), and only GEMM operands live in ND4J's off-heap buffers, moved with bulk copies.
 * Activation workspaces are allocated once per batch shape and reused; a step allocates only small
 * per-channel scratch arrays.
 *
 * <p>Not thread-safe: one instance per thread (or use {@code OnnxModel} for concurrent inference).
 *
 * <pre>{@code
 * TemporalConvNet net = TemporalConvNet.initialize(TcnConfig.builder().inputSize(192).build(), 42L);
 * Adam adam = Adam.builder().learningRate(1e-5).weightDecay(1e-4).build();
 * double loss = net.trainStep(batch, 0.0, adam, new SplittableRandom(7));
 * TemporalConvNet.Output out = net.predict(features); // features[T][192]
 * }</pre>
 */
public final class TemporalConvNet {

  /** Where one parameter tensor lives in the flat parameter buffer. */
  private record Slot(int offset, int size) {}

  /**
   * The result of running the network on one sequence: valence {@code [T]}, features {@code
   * [T][c_L]}.
   */
  public record Output(float[] valence, float[][] features) {}

  /** The three parts of a training loss: {@code total = ccc + kdWeight * kd}. */
  public record Loss(double total, double ccc, double kd) {}

  private final TcnConfig cfg;
  private final int levels;
  private final int k;
  private final Slot[] v1;
  private final Slot[] g1;
  private final Slot[] b1;
  private final Slot[] a1;
  private final Slot[] v2;
  private final Slot[] g2;
  private final Slot[] b2;
  private final Slot[] a2;
  private final Slot[] dw;
  private final Slot[] db;
  private final Slot[] a3;
  private final Slot rw;
  private final Slot rb;
  private final int parameterCount;

  /** All parameters, flat, internal layout (see {@link #store}). */
  final float[] params;

  /** Gradients of the last backward pass, same layout as {@link #params}. */
  final float[] grads;

  /** Effective (weight-normalised) convolution weights {@code [k * in, out]}, off-heap for BLAS. */
  private final FloatStore[] w1;

  private final FloatStore[] w2;

  /** Off-heap copies of the 1x1 residual weights {@code [in, out]} for BLAS (null: identity). */
  private final FloatStore[] wd;

  private final float[][] n1;
  private final float[][] n2;

  private Workspace ws;

  private TemporalConvNet(TcnConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    this.levels = cfg.levels();
    this.k = cfg.kernelSize();
    v1 = new Slot[levels];
    g1 = new Slot[levels];
    b1 = new Slot[levels];
    a1 = new Slot[levels];
    v2 = new Slot[levels];
    g2 = new Slot[levels];
    b2 = new Slot[levels];
    a2 = new Slot[levels];
    dw = new Slot[levels];
    db = new Slot[levels];
    a3 = new Slot[levels];
    w1 = new FloatStore[levels];
    w2 = new FloatStore[levels];
    wd = new FloatStore[levels];
    n1 = new float[levels][];
    n2 = new float[levels][];
    int off = 0;
    for (int i = 0; i < levels; i++) {
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      v1[i] = new Slot(off, k * in * out);
      off += k * in * out;
      g1[i] = new Slot(off, out);
      off += out;
      b1[i] = new Slot(off, out);
      off += out;
      a1[i] = new Slot(off, 1);
      off += 1;
      v2[i] = new Slot(off, k * out * out);
      off += k * out * out;
      g2[i] = new Slot(off, out);
      off += out;
      b2[i] = new Slot(off, out);
      off += out;
      a2[i] = new Slot(off, 1);
      off += 1;
      if (cfg.hasDownsample(i)) {
        dw[i] = new Slot(off, in * out);
        off += in * out;
        db[i] = new Slot(off, out);
        off += out;
        wd[i] = new FloatStore(in * out);
      }
      a3[i] = new Slot(off, 1);
      off += 1;
      w1[i] = new FloatStore(k * in * out);
      w2[i] = new FloatStore(k * out * out);
      n1[i] = new float[out];
      n2[i] = new float[out];
    }
    rw = new Slot(off, cfg.outputSize());
    off += cfg.outputSize();
    rb = new Slot(off, 1);
    off += 1;
    parameterCount = off;
    params = new float[parameterCount];
    grads = new float[parameterCount];
  }

  /**
   * A network initialised as SPEC 5 says: {@code v ~ N(0, 0.01^2)} and {@code g = ||v||} (so {@code
   * w = v}), convolution biases {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, 1x1 residual weights
   * {@code N(0, 0.01^2)}, PReLU slopes 0.25, regressor with PyTorch's {@code Linear} defaults. The
   * same seed gives the same weights.
   */
  public static TemporalConvNet initialize(TcnConfig cfg, long seed) {
    TemporalConvNet net = new TemporalConvNet(cfg);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] p = net.params;
    for (int i = 0; i < net.levels; i++) {
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      net.initConv(rng, net.v1[i], net.g1[i], net.b1[i], in * net.k, out);
      p[net.a1[i].offset] = 0.25f;
      net.initConv(rng, net.v2[i], net.g2[i], net.b2[i], out * net.k, out);
      p[net.a2[i].offset] = 0.25f;
      if (net.dw[i] != null) {
        for (int j = 0; j < net.dw[i].size; j++) {
          p[net.dw[i].offset + j] = (float) (0.01 * rng.nextGaussian());
        }
        uniform(rng, p, net.db[i], 1.0 / Math.sqrt(in));
      }
      p[net.a3[i].offset] = 0.25f;
    }
    double bound = 1.0 / Math.sqrt(cfg.outputSize());
    uniform(rng, p, net.rw, bound);
    uniform(rng, p, net.rb, bound);
    return net;
  }

  private void initConv(SplittableRandom rng, Slot v, Slot g, Slot b, int fanIn, int out) {
    float[] p = params;
    for (int j = 0; j < v.size; j++) {
      p[v.offset + j] = (float) (0.01 * rng.nextGaussian());
    }
    // g = ||v|| per output channel: column o of the [fanIn, out] layout
    for (int o = 0; o < out; o++) {
      double ss = 0;
      for (int r = 0; r < fanIn; r++) {
        double x = p[v.offset + r * out + o];
        ss += x * x;
      }
      p[g.offset + o] = (float) Math.sqrt(ss);
    }
    uniform(rng, p, b, 1.0 / Math.sqrt(fanIn));
  }

  private static void uniform(SplittableRandom rng, float[] p, Slot s, double bound) {
    for (int j = 0; j < s.size; j++) {
      p[s.offset + j] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }

  /** A network holding the given weights (PyTorch layouts, see {@link TcnWeights}). */
  public static TemporalConvNet fromWeights(TcnWeights weights) {
    TemporalConvNet net = new TemporalConvNet(weights.config());
    net.setWeights(weights);
    return net;
  }

  /** The shape of this network. */
  public TcnConfig config() {
    return cfg;
  }

  /** Total number of trainable scalars. */
  public int parameterCount() {
    return parameterCount;
  }

  /** Replaces all parameters. */
  public void setWeights(TcnWeights weights) {
    if (!weights.config().equals(cfg)) {
      throw new IllegalArgumentException(
          "weights must belong to " + cfg + ", got weights of " + weights.config());
    }
    store(weights::get, params);
  }

  /** A snapshot of the parameters in PyTorch layouts. */
  public TcnWeights weights() {
    return TcnWeights.of(cfg, load(params));
  }

  /**
   * The gradients of the last {@link #computeGradients} call, by parameter name (the names and
   * layouts of {@link TcnWeights}).
   */
  public Map<String, float[]> gradients() {
    return load(grads);
  }

  private interface Source {
    float[] get(String name);
  }

  /** Writes named PyTorch-layout tensors into a flat store in the internal layout. */
  private void store(Source src, float[] dst) {
    for (int i = 0; i < levels; i++) {
      String p = "block" + i + ".";
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      putConv(src.get(p + "conv1.v"), dst, v1[i], out, in);
      copy(src.get(p + "conv1.g"), dst, g1[i]);
      copy(src.get(p + "conv1.b"), dst, b1[i]);
      copy(src.get(p + "prelu1"), dst, a1[i]);
      putConv(src.get(p + "conv2.v"), dst, v2[i], out, out);
      copy(src.get(p + "conv2.g"), dst, g2[i]);
      copy(src.get(p + "conv2.b"), dst, b2[i]);
      copy(src.get(p + "prelu2"), dst, a2[i]);
      if (dw[i] != null) {
        float[] w = src.get(p + "down.w"); // [out, in]
        for (int o = 0; o < out; o++) {
          for (int c = 0; c < in; c++) {
            dst[dw[i].offset + c * out + o] = w[o * in + c];
          }
        }
        copy(src.get(p + "down.b"), dst, db[i]);
      }
      copy(src.get(p + "prelu"), dst, a3[i]);
    }
    copy(src.get("regressor.w"), dst, rw);
    copy(src.get("regressor.b"), dst, rb);
  }

  /** PyTorch {@code [out, in, k]} to internal {@code [k * in, out]} (row {@code j * in + c}). */
  private static void copy(float[] src, float[] dst, Slot s) {
    if (src.length != s.size) {
      throw new IllegalArgumentException(
          "tensor must have " + s.size + " values, got " + src.length);
    }
    System.arraycopy(src, 0, dst, s.offset, s.size);
  }

  private static float[] slice(float[] src, Slot s) {
    float[] out = new float[s.size];
    System.arraycopy(src, s.offset, out, 0, s.size);
    return out;
  }

  private void putConv(float[] w, float[] dst, Slot s, int out, int in) {
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int j = 0; j < k; j++) {
          dst[s.offset + (j * in + c) * out + o] = w[(o * in + c) * k + j];
        }
      }
    }
  }

  private float[] getConv(float[] src, Slot s, int out, int in) {
    float[] w = new float[out * in * k];
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int j = 0; j < k; j++) {
          w[(o * in + c) * k + j] = src[s.offset + (j * in + c) * out + o];
        }
      }
    }
    return w;
  }

  private Map<String, float[]> load(float[] src) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < levels; i++) {
      String p = "block" + i + ".";
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      m.put(p + "conv1.v", getConv(src, v1[i], out, in));
      m.put(p + "conv1.g", slice(src, g1[i]));
      m.put(p + "conv1.b", slice(src, b1[i]));
      m.put(p + "prelu1", slice(src, a1[i]));
      m.put(p + "conv2.v", getConv(src, v2[i], out, out));
      m.put(p + "conv2.g", slice(src, g2[i]));
      m.put(p + "conv2.b", slice(src, b2[i]));
      m.put(p + "prelu2", slice(src, a2[i]));
      if (dw[i] != null) {
        float[] w = new float[out * in];
        for (int o = 0; o < out; o++) {
          for (int c = 0; c < in; c++) {
            w[o * in + c] = src[dw[i].offset + c * out + o];
          }
        }
        m.put(p + "down.w", w);
        m.put(p + "down.b", slice(src, db[i]));
      }
      m.put(p + "prelu", slice(src, a3[i]));
    }
    m.put("regressor.w", slice(src, rw));
    m.put("regressor.b", slice(src, rb));
    return m;
  }

  /**
   * A copy of all parameters as one flat array in the engine's internal order (for checkpoints and
   * best-weights snapshots; use {@link #weights()} for named PyTorch-layout tensors).
   */
  public float[] flatParameters() {
    return params.clone();
  }

  /** Restores parameters taken with {@link #flatParameters()} from a network of the same config. */
  public void setFlatParameters(float[] flat) {
    if (flat.length != parameterCount) {
      throw new IllegalArgumentException(
          "flat parameters must have " + parameterCount + " values, got " + flat.length);
    }
    System.arraycopy(flat, 0, params, 0, parameterCount);
  }

  // ---------------------------------------------------------------------------------------------
  // Workspace

  /**
   * Activations and gradients for up to {@code rows = batch * steps} step-major rows, reused across
   * calls. Element-wise work runs on heap arrays (which the JIT vectorises); only GEMM operands
   * live off-heap, filled and drained with bulk copies.
   */
  private final class Workspace {
    final int rows;
    final float[] input;
    final FloatStore[] xcol1;
    final FloatStore[] xcol2;
    final float[][] h1;
    final float[][] o1;
    final float[][] h2;
    final float[][] z;
    final float[][] out;
    final float[][] mask1;
    final float[][] mask2;
    final FloatStore gemmOut;
    final FloatStore gradOff;
    final FloatStore dxcol;
    final FloatStore dWOff;
    final float[] dxcolHeap;
    final float[] dWHeap;
    final float[] dz;
    final float[] dh;
    final float[] dA;
    final float[] dB;
    final float[] dFeat;
    final float[] pred;
    final float[] dPred;

    Workspace(int rows) {
      this.rows = rows;
      input = new float[rows * cfg.inputSize()];
      xcol1 = new FloatStore[levels];
      xcol2 = new FloatStore[levels];
      h1 = new float[levels][];
      o1 = new float[levels][];
      h2 = new float[levels][];
      z = new float[levels][];
      out = new float[levels][];
      mask1 = new float[levels][];
      mask2 = new float[levels][];
      int maxCol = 0;
      int maxC = cfg.inputSize();
      int maxW = 0;
      for (int i = 0; i < levels; i++) {
        int in = cfg.inputChannels(i);
        int c = cfg.channels(i);
        xcol1[i] = new FloatStore(rows * k * in);
        xcol2[i] = new FloatStore(rows * k * c);
        h1[i] = new float[rows * c];
        o1[i] = new float[rows * c];
        h2[i] = new float[rows * c];
        z[i] = new float[rows * c];
        out[i] = new float[rows * c];
        mask1[i] = new float[rows * c];
        mask2[i] = new float[rows * c];
        maxCol = Math.max(maxCol, k * Math.max(in, c));
        maxC = Math.max(maxC, c);
        maxW = Math.max(maxW, k * Math.max(in, c) * c);
      }
      gemmOut = new FloatStore(rows * maxC);
      gradOff = new FloatStore(rows * maxC);
      dxcol = new FloatStore(rows * maxCol);
      dWOff = new FloatStore(maxW);
      dxcolHeap = new float[rows * maxCol];
      dWHeap = new float[maxW];
      dz = new float[rows * maxC];
      dh = new float[rows * maxC];
      dA = new float[rows * maxC];
      dB = new float[rows * maxC];
      dFeat = new float[rows * cfg.outputSize()];
      pred = new float[rows];
      dPred = new float[rows];
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
    for (int i = 0; i < levels; i++) {
      int in = cfg.inputChannels(i);
      int c = cfg.channels(i);
      weightNorm(v1[i], g1[i], k * in, c, n1[i], w1[i]);
      weightNorm(v2[i], g2[i], k * c, c, n2[i], w2[i]);
      if (wd[i] != null) {
        wd[i].put(0, params, dw[i].offset, dw[i].size);
      }
    }
  }

  private void weightNorm(Slot v, Slot g, int rows, int cols, float[] norms, FloatStore w) {
    float[] p = params;
    double[] ss = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = v.offset + r * cols;
      for (int o = 0; o < cols; o++) {
        double x = p[base + o];
        ss[o] += x * x;
      }
    }
    float[] scale = new float[cols];
    for (int o = 0; o < cols; o++) {
      norms[o] = (float) Math.sqrt(ss[o]);
      scale[o] = (float) (p[g.offset + o] / Math.sqrt(ss[o]));
    }
    float[] tmp = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int o = 0; o < cols; o++) {
        tmp[base + o] = p[v.offset + base + o] * scale[o];
      }
    }
    w.put(0, tmp, 0, tmp.length);
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
    java.util.Arrays.fill(dst, 0, batch * steps * c, 0f);
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

  /** {@code h = bias + xcol w} over {@code rows} rows, into the heap array {@code h}. */
  private void conv(
      Workspace ws, FloatStore xcol, int kc, FloatStore w, Slot bias, int c, int rows, float[] h) {
    Blas.gemm(
        false, false, rows, c, kc, 1f, xcol.pointer, kc, w.pointer, c, 0f, ws.gemmOut.pointer, c);
    ws.gemmOut.get(0, h, 0, rows * c);
    float[] p = params;
    for (int r = 0; r < rows; r++) {
      int base = r * c;
      for (int o = 0; o < c; o++) {
        h[base + o] += p[bias.offset + o];
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
   * Runs the blocks and the regressor over {@code rows = batch * steps} step-major rows already in
   * {@code ws.input}. With {@code rng == null} or dropout 0 no dropout is applied (evaluation).
   */
  private void forward(Workspace w, int batch, int steps, SplittableRandom rng) {
    int rows = batch * steps;
    boolean drop = rng != null && cfg.dropout() > 0;
    float[] x = w.input;
    float[] p = params;
    for (int i = 0; i < levels; i++) {
      int in = cfg.inputChannels(i);
      int c = cfg.channels(i);
      int d = cfg.dilation(i);
      int n = rows * c;
      // conv1 -> PReLU -> dropout
      im2col(x, in, d, batch, steps, w.xcol1[i]);
      float[] h1 = w.h1[i];
      conv(w, w.xcol1[i], k * in, w1[i], b1[i], c, rows, h1);
      float s1 = p[a1[i].offset];
      float[] o1 = w.o1[i];
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
      im2col(o1, c, d, batch, steps, w.xcol2[i]);
      float[] h2 = w.h2[i];
      conv(w, w.xcol2[i], k * c, w2[i], b2[i], c, rows, h2);
      float[] z = w.z[i];
      if (wd[i] != null) {
        // the residual input is the last im2col block of xcol1 (shift 0), read in place
        Blas.gemm(
            false,
            false,
            rows,
            c,
            in,
            1f,
            w.xcol1[i].at((k - 1) * in),
            k * in,
            wd[i].pointer,
            c,
            0f,
            w.gemmOut.pointer,
            c);
        w.gemmOut.get(0, z, 0, n);
        for (int r = 0; r < rows; r++) {
          int base = r * c;
          for (int o = 0; o < c; o++) {
            z[base + o] += p[db[i].offset + o];
          }
        }
      } else {
        System.arraycopy(x, 0, z, 0, n);
      }
      float s2 = p[a2[i].offset];
      float s3 = p[a3[i].offset];
      float[] out = w.out[i];
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
    float bias = p[rb.offset];
    for (int r = 0; r < rows; r++) {
      float acc = bias;
      int base = r * cl;
      for (int o = 0; o < cl; o++) {
        acc += x[base + o] * p[rw.offset + o];
      }
      w.pred[r] = acc;
    }
  }

  /**
   * Runs the network in evaluation mode (no dropout) on one sequence.
   *
   * @param x features {@code [T][inputSize]}, time along the first axis
   * @return valence {@code [T]} and ST features {@code [T][c_L]}
   */
  public Output predict(float[][] x) {
    Objects.requireNonNull(x, "x");
    if (x.length == 0) {
      throw new IllegalArgumentException("x must have at least one step, got 0");
    }
    int steps = x.length;
    int d = cfg.inputSize();
    Workspace w = workspace(steps);
    for (int t = 0; t < steps; t++) {
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
      System.arraycopy(x[t], 0, w.input, t * d, d);
    }
    prepareWeights();
    forward(w, 1, steps, null);
    int cl = cfg.outputSize();
    float[][] feats = new float[steps][cl];
    float[] f = w.out[levels - 1];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(f, t * cl, feats[t], 0, cl);
    }
    float[] val = new float[steps];
    System.arraycopy(w.pred, 0, val, 0, steps);
    return new Output(val, feats);
  }

  // ---------------------------------------------------------------------------------------------
  // Loss and backward

  /**
   * Computes the training loss of a batch and the gradients of every parameter (readable through
   * {@link #gradients()}); with {@code rng == null} no dropout is applied.
   *
   * <p>Loss, for windows {@code b} with valid lengths {@code n_b}: {@code mean_b (1 - ccc(pred_b,
   * label_b)) + kdWeight * mean |teacher - features|}, CCC with population variances and covariance
   * over the valid steps (SPEC 6), the L1 mean over all valid steps and feature channels.
   */
  public Loss computeGradients(TrainingBatch batch, double kdWeight, SplittableRandom rng) {
    checkBatch(batch, kdWeight);
    int bsz = batch.batch();
    int steps = batch.steps();
    int rows = bsz * steps;
    Workspace w = workspace(rows);
    System.arraycopy(batch.inputs(), 0, w.input, 0, rows * cfg.inputSize());
    prepareWeights();
    forward(w, bsz, steps, rng);
    java.util.Arrays.fill(grads, 0f);
    Loss loss = lossAndOutputGradient(w, batch, kdWeight);
    backward(w, bsz, steps, rng != null && cfg.dropout() > 0);
    return loss;
  }

  /**
   * One optimisation step: {@link #computeGradients} then {@code optimizer.step}.
   *
   * @return the loss before the update
   */
  public Loss trainStep(
      TrainingBatch batch, double kdWeight, Adam optimizer, SplittableRandom rng) {
    Loss loss = computeGradients(batch, kdWeight, rng);
    optimizer.step(this);
    return loss;
  }

  private void checkBatch(TrainingBatch batch, double kdWeight) {
    Objects.requireNonNull(batch, "batch");
    if (batch.inputSize() != cfg.inputSize()) {
      throw new IllegalArgumentException(
          "batch must have " + cfg.inputSize() + " features per step, got " + batch.inputSize());
    }
    if (!(kdWeight >= 0) || Double.isInfinite(kdWeight)) {
      throw new IllegalArgumentException("kdWeight must be a finite number >= 0, got " + kdWeight);
    }
    if (kdWeight > 0 && !batch.hasTeacher()) {
      throw new IllegalArgumentException(
          "kdWeight is " + kdWeight + " but the batch has no teacher features");
    }
    if (batch.hasTeacher()
        && batch.teacher().length != batch.batch() * batch.steps() * cfg.outputSize()) {
      throw new IllegalArgumentException(
          "teacher features must have "
              + cfg.outputSize()
              + " channels per step (the student's c_L), got "
              + batch.teacher().length / (batch.batch() * batch.steps()));
    }
  }

  private Loss lossAndOutputGradient(Workspace w, TrainingBatch batch, double kdWeight) {
    int bsz = batch.batch();
    int steps = batch.steps();
    int cl = cfg.outputSize();
    float[] y = batch.labels();
    float[] dPred = w.dPred;
    java.util.Arrays.fill(dPred, 0, bsz * steps, 0f);
    double cccLoss = 0;
    for (int b = 0; b < bsz; b++) {
      int n = batch.valid(b);
      int base = b * steps;
      double mx = 0;
      double my = 0;
      for (int t = 0; t < n; t++) {
        mx += w.pred[base + t];
        my += y[base + t];
      }
      mx /= n;
      my /= n;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      for (int t = 0; t < n; t++) {
        double dx = w.pred[base + t] - mx;
        double dy = y[base + t] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
      sxx /= n;
      syy /= n;
      sxy /= n;
      double den = sxx + syy + (mx - my) * (mx - my);
      if (!(den > 0)) {
        throw new IllegalArgumentException(
            "CCC loss is undefined for window "
                + b
                + ": prediction and label are both constant and equal");
      }
      double rho = 2 * sxy / den;
      cccLoss += 1 - rho;
      // d rho / d x_t = [2 (y_t - my) den - 2 sxy (2 (x_t - mx) + 2 (mx - my))] / (n den^2)
      double scale = -1.0 / bsz;
      for (int t = 0; t < n; t++) {
        double dx = w.pred[base + t] - mx;
        double dy = y[base + t] - my;
        double dr = (2 * dy * den - 2 * sxy * (2 * dx + 2 * (mx - my))) / (n * den * den);
        dPred[base + t] = (float) (scale * dr);
      }
    }
    cccLoss /= bsz;
    // regressor backward: dFeat = dPred * w_reg (+ the KD term below)
    float[] f = w.out[levels - 1];
    float[] df = w.dFeat;
    float[] p = params;
    double gb = 0;
    double[] gw = new double[cl];
    for (int r = 0; r < bsz * steps; r++) {
      float dp = dPred[r];
      gb += dp;
      int base = r * cl;
      for (int o = 0; o < cl; o++) {
        gw[o] += dp * f[base + o];
        df[base + o] = dp * p[rw.offset + o];
      }
    }
    grads[rb.offset] = (float) gb;
    for (int o = 0; o < cl; o++) {
      grads[rw.offset + o] = (float) gw[o];
    }
    double kd = 0;
    if (batch.hasTeacher()) {
      float[] teacher = batch.teacher();
      long count = 0;
      for (int b = 0; b < bsz; b++) {
        count += (long) batch.valid(b) * cl;
      }
      float coef = (float) (kdWeight / count);
      for (int b = 0; b < bsz; b++) {
        int end = (b * steps + batch.valid(b)) * cl;
        for (int e = b * steps * cl; e < end; e++) {
          float diff = f[e] - teacher[e];
          kd += Math.abs(diff);
          df[e] += diff > 0 ? coef : (diff < 0 ? -coef : 0f);
        }
      }
      kd /= count;
    }
    return new Loss(cccLoss + kdWeight * kd, cccLoss, kd);
  }

  /** Back-propagates {@code ws.dFeat} through the blocks, accumulating into {@link #grads}. */
  private void backward(Workspace w, int batch, int steps, boolean drop) {
    int rows = batch * steps;
    float[] p = params;
    float[] g = grads;
    float[] gOut = w.dFeat;
    float[] dz = w.dz;
    float[] dh = w.dh;
    for (int i = levels - 1; i >= 0; i--) {
      int in = cfg.inputChannels(i);
      int c = cfg.channels(i);
      int d = cfg.dilation(i);
      int n = rows * c;
      boolean needInput = i > 0;
      float s3 = p[a3[i].offset];
      float s2 = p[a2[i].offset];
      float s1 = p[a1[i].offset];
      float[] z = w.z[i];
      float[] h2 = w.h2[i];
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
      g[a3[i].offset] += (float) ds3;
      g[a2[i].offset] += (float) ds2;
      // conv2: input o1 (its im2col in xcol2); d o1 into dA
      convBackward(w, w.xcol2[i], k * c, w2[i], v2[i], g2[i], b2[i], n2[i], c, rows, true);
      float[] do1 = w.dA;
      col2im(w.dxcolHeap, c, d, batch, steps, do1);
      float[] h1 = w.h1[i];
      float[] m1 = w.mask1[i];
      double ds1 = 0;
      for (int e = 0; e < n; e++) {
        float gg = drop ? do1[e] * m1[e] : do1[e];
        float hv = h1[e];
        if (hv > 0) {
          dh[e] = gg;
        } else {
          dh[e] = s1 * gg;
          ds1 += gg * hv;
        }
      }
      g[a1[i].offset] += (float) ds1;
      convBackward(w, w.xcol1[i], k * in, w1[i], v1[i], g1[i], b1[i], n1[i], c, rows, needInput);
      float[] dX = w.dB;
      if (needInput) {
        col2im(w.dxcolHeap, in, d, batch, steps, dX);
      }
      // residual
      if (wd[i] != null) {
        // dWd [in, c] = x^T dz with x the shift-0 block of xcol1; dbd = colsum(dz); dX += dz Wd^T
        w.gradOff.put(0, dz, 0, n);
        Blas.gemm(
            true,
            false,
            in,
            c,
            rows,
            1f,
            w.xcol1[i].at((k - 1) * in),
            k * in,
            w.gradOff.pointer,
            c,
            0f,
            w.dWOff.pointer,
            c);
        w.dWOff.get(0, w.dWHeap, 0, in * c);
        for (int e = 0, off = dw[i].offset; e < in * c; e++) {
          g[off + e] += w.dWHeap[e];
        }
        colSumInto(dz, rows, c, db[i]);
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
              wd[i].pointer,
              c,
              0f,
              w.dxcol.pointer,
              in);
          w.dxcol.get(0, w.dxcolHeap, 0, rows * in);
          for (int e = 0; e < rows * in; e++) {
            dX[e] += w.dxcolHeap[e];
          }
        }
      } else if (needInput) {
        for (int e = 0; e < n; e++) {
          dX[e] += dz[e];
        }
      }
      if (needInput) {
        // the next block down reads its output gradient from gOut: move dX out of dB's way
        System.arraycopy(dX, 0, w.dA, 0, rows * in);
        gOut = w.dA;
      }
    }
  }

  private void colSumInto(float[] m, int rows, int cols, Slot into) {
    double[] acc = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int o = 0; o < cols; o++) {
        acc[o] += m[base + o];
      }
    }
    for (int o = 0; o < cols; o++) {
      grads[into.offset + o] += (float) acc[o];
    }
  }

  /**
   * Backward of {@code h = b + xcol w(v, g)} given {@code dh} in {@code ws.dh}: bias, weight norm
   * ({@code dg = (v . dW) / ||v||}, {@code dv = (g / ||v||) dW - (g dg / ||v||^2) v}) and, when
   * asked, {@code dxcol = dh w^T} into {@code ws.dxcolHeap}.
   */
  private void convBackward(
      Workspace w,
      FloatStore xcol,
      int kc,
      FloatStore weff,
      Slot v,
      Slot gs,
      Slot bias,
      float[] norms,
      int c,
      int rows,
      boolean needInput) {
    colSumInto(w.dh, rows, c, bias);
    w.gradOff.put(0, w.dh, 0, rows * c);
    Blas.gemm(
        true,
        false,
        kc,
        c,
        rows,
        1f,
        xcol.pointer,
        kc,
        w.gradOff.pointer,
        c,
        0f,
        w.dWOff.pointer,
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
          weff.pointer,
          c,
          0f,
          w.dxcol.pointer,
          kc);
      w.dxcol.get(0, w.dxcolHeap, 0, rows * kc);
    }
    float[] dW = w.dWHeap;
    w.dWOff.get(0, dW, 0, kc * c);
    float[] p = params;
    float[] g = grads;
    double[] dot = new double[c];
    for (int r = 0; r < kc; r++) {
      int base = r * c;
      for (int o = 0; o < c; o++) {
        dot[o] += dW[base + o] * p[v.offset + base + o];
      }
    }
    float[] a = new float[c];
    float[] bcoef = new float[c];
    for (int o = 0; o < c; o++) {
      double nrm = norms[o];
      double dg = dot[o] / nrm;
      double gv = p[gs.offset + o];
      g[gs.offset + o] += (float) dg;
      a[o] = (float) (gv / nrm);
      bcoef[o] = (float) (gv * dg / (nrm * nrm));
    }
    for (int r = 0; r < kc; r++) {
      int base = r * c;
      int vb = v.offset + base;
      for (int o = 0; o < c; o++) {
        g[vb + o] += a[o] * dW[base + o] - bcoef[o] * p[vb + o];
      }
    }
  }

  @Override
  public String toString() {
    return "TemporalConvNet{" + cfg + ", parameters=" + parameterCount + "}";
  }
}
