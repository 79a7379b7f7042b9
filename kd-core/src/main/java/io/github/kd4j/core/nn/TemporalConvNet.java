package io.github.kd4j.core.nn;

import java.nio.FloatBuffer;
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
 * ND4J's CPU backend uses) over all {@code batch * T} steps at once, forward and backward;
 * activations, PReLU, dropout, weight norm and the loss are plain loops over ND4J's off-heap
 * buffers. Workspaces are allocated once per batch shape and reused, so a training step allocates
 * nothing.
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

  final FloatStore params;
  final FloatStore grads;
  private final FloatStore[] w1;
  private final FloatStore[] w2;
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
    params = new FloatStore(parameterCount);
    grads = new FloatStore(parameterCount);
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
    FloatBuffer p = net.params.buf;
    for (int i = 0; i < net.levels; i++) {
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      net.initConv(rng, net.v1[i], net.g1[i], net.b1[i], in * net.k, out);
      p.put(net.a1[i].offset, 0.25f);
      net.initConv(rng, net.v2[i], net.g2[i], net.b2[i], out * net.k, out);
      p.put(net.a2[i].offset, 0.25f);
      if (net.dw[i] != null) {
        for (int j = 0; j < net.dw[i].size; j++) {
          p.put(net.dw[i].offset + j, (float) (0.01 * rng.nextGaussian()));
        }
        uniform(rng, p, net.db[i], 1.0 / Math.sqrt(in));
      }
      p.put(net.a3[i].offset, 0.25f);
    }
    double bound = 1.0 / Math.sqrt(cfg.outputSize());
    uniform(rng, p, net.rw, bound);
    uniform(rng, p, net.rb, bound);
    return net;
  }

  private void initConv(SplittableRandom rng, Slot v, Slot g, Slot b, int fanIn, int out) {
    FloatBuffer p = params.buf;
    for (int j = 0; j < v.size; j++) {
      p.put(v.offset + j, (float) (0.01 * rng.nextGaussian()));
    }
    // g = ||v|| per output channel: column o of the [fanIn, out] layout
    for (int o = 0; o < out; o++) {
      double ss = 0;
      for (int r = 0; r < fanIn; r++) {
        double x = p.get(v.offset + r * out + o);
        ss += x * x;
      }
      p.put(g.offset + o, (float) Math.sqrt(ss));
    }
    uniform(rng, p, b, 1.0 / Math.sqrt(fanIn));
  }

  private static void uniform(SplittableRandom rng, FloatBuffer p, Slot s, double bound) {
    for (int j = 0; j < s.size; j++) {
      p.put(s.offset + j, (float) ((2 * rng.nextDouble() - 1) * bound));
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
  private void store(Source src, FloatStore dst) {
    for (int i = 0; i < levels; i++) {
      String p = "block" + i + ".";
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      putConv(src.get(p + "conv1.v"), dst, v1[i], out, in);
      dst.copyFrom(src.get(p + "conv1.g"), g1[i].offset);
      dst.copyFrom(src.get(p + "conv1.b"), b1[i].offset);
      dst.copyFrom(src.get(p + "prelu1"), a1[i].offset);
      putConv(src.get(p + "conv2.v"), dst, v2[i], out, out);
      dst.copyFrom(src.get(p + "conv2.g"), g2[i].offset);
      dst.copyFrom(src.get(p + "conv2.b"), b2[i].offset);
      dst.copyFrom(src.get(p + "prelu2"), a2[i].offset);
      if (dw[i] != null) {
        float[] w = src.get(p + "down.w"); // [out, in]
        for (int o = 0; o < out; o++) {
          for (int c = 0; c < in; c++) {
            dst.set(dw[i].offset + c * out + o, w[o * in + c]);
          }
        }
        dst.copyFrom(src.get(p + "down.b"), db[i].offset);
      }
      dst.copyFrom(src.get(p + "prelu"), a3[i].offset);
    }
    dst.copyFrom(src.get("regressor.w"), rw.offset);
    dst.copyFrom(src.get("regressor.b"), rb.offset);
  }

  /** PyTorch {@code [out, in, k]} to internal {@code [k * in, out]} (row {@code j * in + c}). */
  private void putConv(float[] w, FloatStore dst, Slot s, int out, int in) {
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int j = 0; j < k; j++) {
          dst.set(s.offset + (j * in + c) * out + o, w[(o * in + c) * k + j]);
        }
      }
    }
  }

  private float[] getConv(FloatStore src, Slot s, int out, int in) {
    float[] w = new float[out * in * k];
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int j = 0; j < k; j++) {
          w[(o * in + c) * k + j] = src.get(s.offset + (j * in + c) * out + o);
        }
      }
    }
    return w;
  }

  private Map<String, float[]> load(FloatStore src) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < levels; i++) {
      String p = "block" + i + ".";
      int in = cfg.inputChannels(i);
      int out = cfg.channels(i);
      m.put(p + "conv1.v", getConv(src, v1[i], out, in));
      m.put(p + "conv1.g", src.toArray(g1[i].offset, out));
      m.put(p + "conv1.b", src.toArray(b1[i].offset, out));
      m.put(p + "prelu1", src.toArray(a1[i].offset, 1));
      m.put(p + "conv2.v", getConv(src, v2[i], out, out));
      m.put(p + "conv2.g", src.toArray(g2[i].offset, out));
      m.put(p + "conv2.b", src.toArray(b2[i].offset, out));
      m.put(p + "prelu2", src.toArray(a2[i].offset, 1));
      if (dw[i] != null) {
        float[] w = new float[out * in];
        for (int o = 0; o < out; o++) {
          for (int c = 0; c < in; c++) {
            w[o * in + c] = src.get(dw[i].offset + c * out + o);
          }
        }
        m.put(p + "down.w", w);
        m.put(p + "down.b", src.toArray(db[i].offset, out));
      }
      m.put(p + "prelu", src.toArray(a3[i].offset, 1));
    }
    m.put("regressor.w", src.toArray(rw.offset, cfg.outputSize()));
    m.put("regressor.b", src.toArray(rb.offset, 1));
    return m;
  }

  /** The flat parameters, in internal order (for optimiser state and checkpoints). */
  float[] flatParameters() {
    return params.toArray(0, parameterCount);
  }

  /** Restores flat parameters written by {@link #flatParameters()}. */
  void setFlatParameters(float[] flat) {
    if (flat.length != parameterCount) {
      throw new IllegalArgumentException(
          "flat parameters must have " + parameterCount + " values, got " + flat.length);
    }
    params.copyFrom(flat, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Workspace

  /** Activations and gradients for {@code rows = batch * steps}, reused across calls. */
  private final class Workspace {
    final int rows;
    final FloatStore input;
    final FloatStore[] xcol1;
    final FloatStore[] h1;
    final FloatStore[] o1;
    final FloatStore[] xcol2;
    final FloatStore[] h2;
    final FloatStore[] z;
    final FloatStore[] out;
    final float[][] mask1;
    final float[][] mask2;
    final FloatStore[] dIn;
    final FloatStore dz;
    final FloatStore dh;
    final FloatStore dxcol;
    final FloatStore dW;
    final FloatStore dFeat;
    final float[] pred;
    final float[] dPred;

    Workspace(int rows) {
      this.rows = rows;
      input = new FloatStore(rows * cfg.inputSize());
      xcol1 = new FloatStore[levels];
      h1 = new FloatStore[levels];
      o1 = new FloatStore[levels];
      xcol2 = new FloatStore[levels];
      h2 = new FloatStore[levels];
      z = new FloatStore[levels];
      out = new FloatStore[levels];
      mask1 = new float[levels][];
      mask2 = new float[levels][];
      dIn = new FloatStore[levels];
      int maxCol = 0;
      int maxC = 0;
      int maxW = 0;
      for (int i = 0; i < levels; i++) {
        int in = cfg.inputChannels(i);
        int c = cfg.channels(i);
        xcol1[i] = new FloatStore(rows * k * in);
        h1[i] = new FloatStore(rows * c);
        o1[i] = new FloatStore(rows * c);
        xcol2[i] = new FloatStore(rows * k * c);
        h2[i] = new FloatStore(rows * c);
        z[i] = new FloatStore(rows * c);
        out[i] = new FloatStore(rows * c);
        mask1[i] = new float[rows * c];
        mask2[i] = new float[rows * c];
        dIn[i] = new FloatStore(rows * in);
        maxCol = Math.max(maxCol, k * Math.max(in, c));
        maxC = Math.max(maxC, c);
        maxW = Math.max(maxW, k * Math.max(in, c) * c);
      }
      dz = new FloatStore(rows * maxC);
      dh = new FloatStore(rows * maxC);
      dxcol = new FloatStore(rows * maxCol);
      dW = new FloatStore(maxW);
      dFeat = new FloatStore(rows * cfg.outputSize());
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

  /** Recomputes the effective weights {@code w = g v / ||v||} and the column norms. */
  private void weightNorm() {
    for (int i = 0; i < levels; i++) {
      int in = cfg.inputChannels(i);
      int c = cfg.channels(i);
      weightNorm(v1[i], g1[i], k * in, c, n1[i], w1[i]);
      weightNorm(v2[i], g2[i], k * c, c, n2[i], w2[i]);
    }
  }

  private void weightNorm(Slot v, Slot g, int rows, int cols, float[] norms, FloatStore w) {
    FloatBuffer p = params.buf;
    double[] ss = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = v.offset + r * cols;
      for (int o = 0; o < cols; o++) {
        double x = p.get(base + o);
        ss[o] += x * x;
      }
    }
    float[] scale = new float[cols];
    for (int o = 0; o < cols; o++) {
      norms[o] = (float) Math.sqrt(ss[o]);
      scale[o] = (float) (p.get(g.offset + o) / Math.sqrt(ss[o]));
    }
    FloatBuffer wb = w.buf;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int o = 0; o < cols; o++) {
        wb.put(base + o, p.get(v.offset + base + o) * scale[o]);
      }
    }
  }

  /**
   * Copies step-major rows of {@code src} ({@code [rows, c]}) into the causal im2col matrix {@code
   * dst} ({@code [rows, k * c]}): block {@code j} of row {@code (b, t)} holds step {@code t - (k -
   * 1 - j) d} of window {@code b}, or zeros before the window start.
   */
  private void im2col(FloatStore src, int c, int d, int batch, int steps, FloatStore dst) {
    FloatBuffer s = src.buf;
    FloatBuffer out = dst.buf;
    int kc = k * c;
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < steps; t++) {
        int row = (b * steps + t) * kc;
        for (int j = 0; j < k; j++) {
          int ts = t - (k - 1 - j) * d;
          int at = row + j * c;
          if (ts >= 0) {
            out.put(at, s, (b * steps + ts) * c, c);
          } else {
            for (int q = 0; q < c; q++) {
              out.put(at + q, 0f);
            }
          }
        }
      }
    }
  }

  /** Adds the columns of {@code dxcol} back onto their source steps (the adjoint of im2col). */
  private void col2im(
      FloatStore dxcol, int c, int d, int batch, int steps, FloatStore dst, boolean add) {
    FloatBuffer g = dxcol.buf;
    FloatBuffer out = dst.buf;
    int kc = k * c;
    if (!add) {
      dst.zero(0, batch * steps * c);
    }
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
            out.put(to + q, out.get(to + q) + g.get(src + q));
          }
        }
      }
    }
  }

  /** {@code h = bias + xcol w} over {@code rows} rows. */
  private void conv(
      FloatStore xcol, int kc, FloatStore w, Slot bias, int cOut, int rows, FloatStore h) {
    FloatBuffer hb = h.buf;
    FloatBuffer p = params.buf;
    for (int r = 0; r < rows; r++) {
      int base = r * cOut;
      for (int o = 0; o < cOut; o++) {
        hb.put(base + o, p.get(bias.offset + o));
      }
    }
    Blas.gemm(
        false, false, rows, cOut, kc, 1f, xcol.pointer, kc, w.pointer, cOut, 1f, h.pointer, cOut);
  }

  private void fillMask(float[] mask, int n, double p, SplittableRandom rng) {
    float keep = (float) (1.0 / (1.0 - p));
    for (int i = 0; i < n; i++) {
      mask[i] = rng.nextDouble() < p ? 0f : keep;
    }
  }

  /**
   * Runs the blocks and the regressor over {@code rows = batch * steps} step-major rows already in
   * {@code ws.input}. With {@code rng == null} or dropout 0 no dropout is applied (evaluation).
   */
  private void forward(Workspace w, int batch, int steps, SplittableRandom rng) {
    int rows = batch * steps;
    boolean drop = rng != null && cfg.dropout() > 0;
    FloatStore x = w.input;
    FloatBuffer p = params.buf;
    for (int i = 0; i < levels; i++) {
      int in = cfg.inputChannels(i);
      int c = cfg.channels(i);
      int d = cfg.dilation(i);
      int n = rows * c;
      // conv1 -> PReLU -> dropout
      im2col(x, in, d, batch, steps, w.xcol1[i]);
      conv(w.xcol1[i], k * in, w1[i], b1[i], c, rows, w.h1[i]);
      float s1 = p.get(a1[i].offset);
      FloatBuffer h1 = w.h1[i].buf;
      FloatBuffer o1 = w.o1[i].buf;
      if (drop) {
        fillMask(w.mask1[i], n, cfg.dropout(), rng);
      }
      for (int e = 0; e < n; e++) {
        float v = h1.get(e);
        float a = v > 0 ? v : s1 * v;
        o1.put(e, drop ? a * w.mask1[i][e] : a);
      }
      // conv2 -> PReLU -> dropout
      im2col(w.o1[i], c, d, batch, steps, w.xcol2[i]);
      conv(w.xcol2[i], k * c, w2[i], b2[i], c, rows, w.h2[i]);
      // residual
      FloatBuffer zb = w.z[i].buf;
      if (dw[i] != null) {
        FloatBuffer pb = params.buf;
        for (int r = 0; r < rows; r++) {
          for (int o = 0; o < c; o++) {
            zb.put(r * c + o, pb.get(db[i].offset + o));
          }
        }
        Blas.gemm(
            false,
            false,
            rows,
            c,
            in,
            1f,
            x.pointer,
            in,
            params.at(dw[i].offset),
            c,
            1f,
            w.z[i].pointer,
            c);
      } else {
        FloatBuffer xb = x.buf;
        for (int e = 0; e < n; e++) {
          zb.put(e, xb.get(e));
        }
      }
      float s2 = p.get(a2[i].offset);
      float s3 = p.get(a3[i].offset);
      FloatBuffer h2 = w.h2[i].buf;
      FloatBuffer ob = w.out[i].buf;
      if (drop) {
        fillMask(w.mask2[i], n, cfg.dropout(), rng);
      }
      for (int e = 0; e < n; e++) {
        float v = h2.get(e);
        float a = v > 0 ? v : s2 * v;
        if (drop) {
          a *= w.mask2[i][e];
        }
        float zz = a + zb.get(e);
        zb.put(e, zz);
        ob.put(e, zz > 0 ? zz : s3 * zz);
      }
      x = w.out[i];
    }
    // regressor
    int cl = cfg.outputSize();
    FloatBuffer f = x.buf;
    float bias = p.get(rb.offset);
    for (int r = 0; r < rows; r++) {
      float acc = bias;
      int base = r * cl;
      for (int o = 0; o < cl; o++) {
        acc += f.get(base + o) * p.get(rw.offset + o);
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
      w.input.buf.put(t * d, x[t], 0, d);
    }
    weightNorm();
    forward(w, 1, steps, null);
    int cl = cfg.outputSize();
    float[][] feats = new float[steps][cl];
    FloatBuffer f = w.out[levels - 1].buf;
    for (int t = 0; t < steps; t++) {
      f.get(t * cl, feats[t], 0, cl);
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
    w.input.buf.put(0, batch.inputs(), 0, rows * cfg.inputSize());
    weightNorm();
    forward(w, bsz, steps, rng);
    grads.zero();
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
    // dFeat = dPred * w_reg (+ KD term)
    FloatBuffer f = w.out[levels - 1].buf;
    FloatBuffer df = w.dFeat.buf;
    FloatBuffer p = params.buf;
    FloatBuffer g = grads.buf;
    double gb = 0;
    double[] gw = new double[cl];
    for (int r = 0; r < bsz * steps; r++) {
      float dp = dPred[r];
      gb += dp;
      int base = r * cl;
      for (int o = 0; o < cl; o++) {
        gw[o] += dp * f.get(base + o);
        df.put(base + o, dp * p.get(rw.offset + o));
      }
    }
    g.put(rb.offset, (float) gb);
    for (int o = 0; o < cl; o++) {
      g.put(rw.offset + o, (float) gw[o]);
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
        for (int t = 0; t < batch.valid(b); t++) {
          int base = (b * steps + t) * cl;
          for (int o = 0; o < cl; o++) {
            float diff = f.get(base + o) - teacher[base + o];
            kd += Math.abs(diff);
            if (diff != 0 && coef != 0) {
              df.put(base + o, df.get(base + o) + (diff > 0 ? coef : -coef));
            }
          }
        }
      }
      kd /= count;
    }
    return new Loss(cccLoss + kdWeight * kd, cccLoss, kd);
  }

  /** Back-propagates {@code ws.dFeat} through the blocks, accumulating into {@link #grads}. */
  private void backward(Workspace w, int batch, int steps, boolean drop) {
    int rows = batch * steps;
    FloatBuffer p = params.buf;
    FloatBuffer g = grads.buf;
    FloatStore gOut = w.dFeat;
    for (int i = levels - 1; i >= 0; i--) {
      int in = cfg.inputChannels(i);
      int c = cfg.channels(i);
      int d = cfg.dilation(i);
      int n = rows * c;
      FloatStore xIn = i == 0 ? w.input : w.out[i - 1];
      boolean needInput = i > 0;
      // final PReLU: out = prelu(z, s3)
      float s3 = p.get(a3[i].offset);
      float s2 = p.get(a2[i].offset);
      float s1 = p.get(a1[i].offset);
      FloatBuffer go = gOut.buf;
      FloatBuffer zb = w.z[i].buf;
      FloatBuffer dz = w.dz.buf;
      FloatBuffer dh = w.dh.buf;
      FloatBuffer h2 = w.h2[i].buf;
      double ds3 = 0;
      double ds2 = 0;
      for (int e = 0; e < n; e++) {
        float zz = zb.get(e);
        float gg = go.get(e);
        float dzz;
        if (zz > 0) {
          dzz = gg;
        } else {
          dzz = s3 * gg;
          ds3 += gg * zz;
        }
        dz.put(e, dzz);
        // branch: z = drop(prelu(h2)) + res
        float da = drop ? dzz * w.mask2[i][e] : dzz;
        float hv = h2.get(e);
        if (hv > 0) {
          dh.put(e, da);
        } else {
          dh.put(e, s2 * da);
          ds2 += da * hv;
        }
      }
      g.put(a3[i].offset, g.get(a3[i].offset) + (float) ds3);
      g.put(a2[i].offset, g.get(a2[i].offset) + (float) ds2);
      // conv2 backward: input o1 (im2col in xcol2)
      convBackward(w.xcol2[i], k * c, w2[i], v2[i], g2[i], b2[i], n2[i], c, rows, w, true);
      // d o1 (o1 itself is no longer needed: xcol2 holds its copy)
      col2im(w.dxcol, c, d, batch, steps, w.o1[i], false);
      FloatBuffer do1 = w.o1[i].buf;
      FloatBuffer h1 = w.h1[i].buf;
      double ds1 = 0;
      for (int e = 0; e < n; e++) {
        float gg = do1.get(e);
        if (drop) {
          gg *= w.mask1[i][e];
        }
        float hv = h1.get(e);
        if (hv > 0) {
          dh.put(e, gg);
        } else {
          dh.put(e, s1 * gg);
          ds1 += gg * hv;
        }
      }
      g.put(a1[i].offset, g.get(a1[i].offset) + (float) ds1);
      convBackward(w.xcol1[i], k * in, w1[i], v1[i], g1[i], b1[i], n1[i], c, rows, w, needInput);
      FloatStore dX = w.dIn[i];
      if (needInput) {
        col2im(w.dxcol, in, d, batch, steps, dX, false);
      }
      // residual
      if (dw[i] != null) {
        // dWd [in, c] = x^T dz ; dbd = colsum(dz) ; dX += dz Wd^T
        Blas.gemm(
            true,
            false,
            in,
            c,
            rows,
            1f,
            xIn.pointer,
            in,
            w.dz.pointer,
            c,
            1f,
            grads.at(dw[i].offset),
            c);
        colSumInto(w.dz, rows, c, db[i]);
        if (needInput) {
          Blas.gemm(
              false,
              true,
              rows,
              in,
              c,
              1f,
              w.dz.pointer,
              c,
              params.at(dw[i].offset),
              c,
              1f,
              dX.pointer,
              in);
        }
      } else if (needInput) {
        FloatBuffer dx = dX.buf;
        for (int e = 0; e < n; e++) {
          dx.put(e, dx.get(e) + dz.get(e));
        }
      }
      gOut = dX;
    }
  }

  private void colSumInto(FloatStore m, int rows, int cols, Slot into) {
    FloatBuffer b = m.buf;
    double[] acc = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int o = 0; o < cols; o++) {
        acc[o] += b.get(base + o);
      }
    }
    FloatBuffer g = grads.buf;
    for (int o = 0; o < cols; o++) {
      g.put(into.offset + o, g.get(into.offset + o) + (float) acc[o]);
    }
  }

  /**
   * Backward of {@code h = b + xcol w(v, g)} given {@code dh} in {@code ws.dh}: bias, weight-norm
   * ({@code dg = (v . dW) / ||v||}, {@code dv = (g / ||v||) dW - (g dg / ||v||^2) v}) and, when
   * asked, {@code dxcol = dh w^T} into {@code ws.dxcol}.
   */
  private void convBackward(
      FloatStore xcol,
      int kc,
      FloatStore weff,
      Slot v,
      Slot gs,
      Slot bias,
      float[] norms,
      int c,
      int rows,
      Workspace w,
      boolean needInput) {
    colSumInto(w.dh, rows, c, bias);
    Blas.gemm(true, false, kc, c, rows, 1f, xcol.pointer, kc, w.dh.pointer, c, 0f, w.dW.pointer, c);
    if (needInput) {
      Blas.gemm(
          false, true, rows, kc, c, 1f, w.dh.pointer, c, weff.pointer, c, 0f, w.dxcol.pointer, kc);
    }
    FloatBuffer dW = w.dW.buf;
    FloatBuffer p = params.buf;
    FloatBuffer g = grads.buf;
    double[] dot = new double[c];
    for (int r = 0; r < kc; r++) {
      int base = r * c;
      for (int o = 0; o < c; o++) {
        dot[o] += dW.get(base + o) * p.get(v.offset + base + o);
      }
    }
    float[] a = new float[c];
    float[] bcoef = new float[c];
    for (int o = 0; o < c; o++) {
      double nrm = norms[o];
      double dg = dot[o] / nrm;
      double gv = p.get(gs.offset + o);
      g.put(gs.offset + o, g.get(gs.offset + o) + (float) dg);
      a[o] = (float) (gv / nrm);
      bcoef[o] = (float) (gv * dg / (nrm * nrm));
    }
    for (int r = 0; r < kc; r++) {
      int base = r * c;
      for (int o = 0; o < c; o++) {
        int at = v.offset + base + o;
        g.put(at, g.get(at) + a[o] * dW.get(base + o) - bcoef[o] * p.get(at));
      }
    }
  }

  @Override
  public String toString() {
    return "TemporalConvNet{" + cfg + ", parameters=" + parameterCount + "}";
  }
}
