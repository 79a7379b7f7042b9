package io.github.kd4j.core.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The LSTM baseline of SPEC 13 (Soleymani et al. 2016 as the reference implements it), with its
 * per-step linear regressor and a hand-derived backward pass through time: PyTorch's {@code
 * nn.LSTM(inputSize, hidden, num_layers, batch_first=True, bidirectional, dropout)} followed by
 * {@code Linear(featureSize, 1)} on every step, trainable through {@link SequenceNetwork}.
 *
 * <p>Conventions (PyTorch's): per layer and direction, gates in the order input, forget, cell,
 * output; {@code weight_ih [4H, in]}, {@code weight_hh [4H, H]} and two biases {@code b_ih}, {@code
 * b_hh} {@code [4H]}; {@code i = sigmoid(.), f = sigmoid(.), g = tanh(.), o = sigmoid(.), c = f c'
 * + i g, h = o tanh(c)}. Zero initial hidden and cell states for every window. The reverse
 * direction runs from the window's last step to its first; its output at step {@code t} is stored
 * next to the forward direction's ({@code [forward H | reverse H]}). Dropout (inverted, {@code
 * 1/(1-p)} scaling) acts on the outputs of every layer but the last, only when {@link #forward}
 * gets a random source.
 *
 * <p>Padding: windows shorter than the window length are zero-padded at the end (SPEC 7) and the
 * network runs over the padded window exactly as PyTorch does on the padded tensor (no packing):
 * the reverse direction therefore sees the padding steps first, as in the reference. Only the
 * losses skip the padded steps.
 *
 * <p>Layouts: inputs, valence and features are flat and step-major (see {@link SequenceNetwork}).
 * Named weights ({@link #weights()}, {@link #fromWeights}) use PyTorch's names and layouts with a
 * {@code lstm.} prefix: {@code lstm.weight_ih_l{k}[_reverse]} {@code [4H, in_k]}, {@code
 * lstm.weight_hh_l{k}[_reverse]} {@code [4H, H]}, {@code lstm.bias_ih_l{k}[_reverse]}, {@code
 * lstm.bias_hh_l{k}[_reverse]} {@code [4H]}, then {@code regressor.w [1, featureSize]} and {@code
 * regressor.b [1]}. The flat parameter array holds them in that order, unchanged.
 *
 * <p>How it computes: per layer and direction, the input projections of all steps of all windows
 * are one GEMM ({@code [rows, in] x W_ih^T}, OpenBLAS through ND4J's binding); the recurrence is a
 * small GEMM ({@code [batch, H] x W_hh^T}) per step with the gate arithmetic on heap arrays.
 * Backward through time runs one small GEMM per step for the recurrent gradient, then one GEMM each
 * for {@code dW_hh}, {@code dW_ih} and the input gradient over all rows.
 *
 * <p>Not thread-safe: one instance per thread.
 *
 * <pre>{@code
 * LstmNetwork net = LstmNetwork.initialize(LstmConfig.builder().inputSize(192).build(), 42L);
 * LstmNetwork.Output out = net.predict(features); // features[T][192]
 * }</pre>
 */
public final class LstmNetwork implements SequenceNetwork {

  /**
   * The result of running the network on one sequence: valence {@code [T]}, features {@code
   * [T][featureSize]}.
   */
  public record Output(float[] valence, float[][] features) {}

  private final LstmConfig cfg;
  private final int layers;
  private final int dirs;
  private final int hidden;
  private final int feat;

  /** Offsets of weight_ih, weight_hh, bias_ih, bias_hh per [layer][direction]. */
  private final int[][] wih;

  private final int[][] whh;
  private final int[][] bih;
  private final int[][] bhh;
  private final int rw;
  private final int rb;
  private final int parameterCount;

  private final float[] params;
  private final float[] grads;

  /** Off-heap copies of the weights for BLAS, refreshed at every forward pass. */
  private final FloatStore[][] wihOff;

  private final FloatStore[][] whhOff;

  private Workspace ws;
  private Workspace last;
  private boolean lastDrop;

  private LstmNetwork(LstmConfig cfg) {
    this.cfg = Objects.requireNonNull(cfg, "cfg");
    layers = cfg.layers();
    dirs = cfg.directions();
    hidden = cfg.hidden();
    feat = cfg.featureSize();
    wih = new int[layers][dirs];
    whh = new int[layers][dirs];
    bih = new int[layers][dirs];
    bhh = new int[layers][dirs];
    wihOff = new FloatStore[layers][dirs];
    whhOff = new FloatStore[layers][dirs];
    int g4 = 4 * hidden;
    int off = 0;
    for (int l = 0; l < layers; l++) {
      int in = cfg.layerInput(l);
      for (int d = 0; d < dirs; d++) {
        wih[l][d] = off;
        off += g4 * in;
        whh[l][d] = off;
        off += g4 * hidden;
        bih[l][d] = off;
        off += g4;
        bhh[l][d] = off;
        off += g4;
        wihOff[l][d] = new FloatStore(g4 * in);
        whhOff[l][d] = new FloatStore(g4 * hidden);
      }
    }
    rw = off;
    off += feat;
    rb = off;
    off += 1;
    parameterCount = off;
    params = new float[parameterCount];
    grads = new float[parameterCount];
  }

  /**
   * A network with PyTorch's default initialisation: every LSTM parameter {@code U(-1/sqrt(H),
   * 1/sqrt(H))}, the regressor's weight and bias {@code U(-1/sqrt(featureSize), ..)}. The same seed
   * gives the same weights.
   */
  public static LstmNetwork initialize(LstmConfig cfg, long seed) {
    LstmNetwork net = new LstmNetwork(cfg);
    SplittableRandom rng = new SplittableRandom(seed);
    double bound = 1.0 / Math.sqrt(cfg.hidden());
    for (int i = 0; i < net.rw; i++) {
      net.params[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    double rbound = 1.0 / Math.sqrt(cfg.featureSize());
    for (int i = net.rw; i < net.parameterCount; i++) {
      net.params[i] = (float) ((2 * rng.nextDouble() - 1) * rbound);
    }
    return net;
  }

  /**
   * A network holding the given named PyTorch-layout tensors (names and shapes: {@link
   * #shapes(LstmConfig)}).
   */
  public static LstmNetwork fromWeights(LstmConfig cfg, Map<String, float[]> weights) {
    LstmNetwork net = new LstmNetwork(cfg);
    net.setWeights(weights);
    return net;
  }

  /** The names and PyTorch shapes of every parameter tensor, in flat-array order. */
  public static Map<String, int[]> shapes(LstmConfig cfg) {
    Map<String, int[]> m = new LinkedHashMap<>();
    int g4 = 4 * cfg.hidden();
    for (int l = 0; l < cfg.layers(); l++) {
      for (int d = 0; d < cfg.directions(); d++) {
        String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
        m.put("lstm.weight_ih" + sfx, new int[] {g4, cfg.layerInput(l)});
        m.put("lstm.weight_hh" + sfx, new int[] {g4, cfg.hidden()});
        m.put("lstm.bias_ih" + sfx, new int[] {g4});
        m.put("lstm.bias_hh" + sfx, new int[] {g4});
      }
    }
    m.put("regressor.w", new int[] {1, cfg.featureSize()});
    m.put("regressor.b", new int[] {1});
    return Collections.unmodifiableMap(m);
  }

  /** The shape of this network. */
  public LstmConfig config() {
    return cfg;
  }

  /**
   * Replaces all parameters with the named tensors (every name of {@link #shapes(LstmConfig)}, no
   * other, each of the right size and finite).
   */
  public void setWeights(Map<String, float[]> weights) {
    Objects.requireNonNull(weights, "weights");
    Map<String, int[]> shapes = shapes(cfg);
    for (String name : weights.keySet()) {
      if (!shapes.containsKey(name)) {
        throw new IllegalArgumentException(
            "tensor " + name + " is not a parameter of " + cfg + "; expected " + shapes.keySet());
      }
    }
    float[] staged = new float[parameterCount];
    int off = 0;
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      float[] v = weights.get(e.getKey());
      int n = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
      if (v == null) {
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " is missing for "
                + cfg
                + "; expected shape "
                + Arrays.toString(e.getValue()));
      }
      if (v.length != n) {
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " must have "
                + n
                + " values (shape "
                + Arrays.toString(e.getValue())
                + "), got "
                + v.length);
      }
      for (int j = 0; j < n; j++) {
        if (!Float.isFinite(v[j])) {
          throw new IllegalArgumentException(
              "tensor " + e.getKey() + " must be finite, got " + v[j] + " at index " + j);
        }
      }
      System.arraycopy(v, 0, staged, off, n);
      off += n;
    }
    System.arraycopy(staged, 0, params, 0, parameterCount);
  }

  /** A copy of the parameters as named PyTorch-layout tensors (see {@link #shapes}). */
  public Map<String, float[]> weights() {
    return named(params);
  }

  /** The gradients of the last {@link #backward}, named like {@link #weights()}. */
  public Map<String, float[]> gradients() {
    return named(grads);
  }

  private Map<String, float[]> named(float[] src) {
    Map<String, float[]> m = new LinkedHashMap<>();
    int off = 0;
    for (Map.Entry<String, int[]> e : shapes(cfg).entrySet()) {
      int n = Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
      m.put(e.getKey(), Arrays.copyOfRange(src, off, off + n));
      off += n;
    }
    return m;
  }

  @Override
  public int inputSize() {
    return cfg.inputSize();
  }

  @Override
  public int featureSize() {
    return feat;
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public float[] parameterArray() {
    return params;
  }

  @Override
  public float[] gradientArray() {
    return grads;
  }

  // ---------------------------------------------------------------------------------------------
  // Workspace

  /** Activations of one batch shape, reused while the shape stays the same. */
  private final class Workspace {
    final int batch;
    final int steps;
    final int rows;

    /** Layer inputs (after dropout for layers above 0), off-heap GEMM operands. */
    final FloatStore[] x;

    /** Layer outputs before dropout, {@code [rows, feat]}. */
    final float[][] y;

    final float[][] mask;

    /** Activated gates i, f, g, o per row, {@code [rows, 4H]}, per [layer][direction]. */
    final float[][][] acts;

    /** Cell states and their tanh, {@code [rows, H]}, per [layer][direction]. */
    final float[][][] cell;

    final float[][][] tanhCell;
    final FloatStore proj;
    final float[] pre;
    final FloatStore hStep;
    final FloatStore gStep;
    final float[] rec;
    final float[] hPrev;
    final float[] cPrev;
    final float[] pred;
    // backward
    final float[] dY;
    final float[] dG;
    final FloatStore dGOff;
    final float[] dGStep;
    final float[] dhRec;
    final float[] dcRec;
    final float[] hShift;
    final FloatStore hShiftOff;
    final FloatStore dW;
    final float[] dWHeap;
    final FloatStore dX;
    final float[] dXHeap;

    Workspace(int batch, int steps) {
      this.batch = batch;
      this.steps = steps;
      this.rows = batch * steps;
      int g4 = 4 * hidden;
      int maxIn = Math.max(cfg.inputSize(), feat);
      x = new FloatStore[layers];
      y = new float[layers][];
      mask = new float[layers][];
      acts = new float[layers][dirs][];
      cell = new float[layers][dirs][];
      tanhCell = new float[layers][dirs][];
      for (int l = 0; l < layers; l++) {
        x[l] = new FloatStore(rows * cfg.layerInput(l));
        y[l] = new float[rows * feat];
        if (l < layers - 1) {
          mask[l] = new float[rows * feat];
        }
        for (int d = 0; d < dirs; d++) {
          acts[l][d] = new float[rows * g4];
          cell[l][d] = new float[rows * hidden];
          tanhCell[l][d] = new float[rows * hidden];
        }
      }
      proj = new FloatStore(rows * g4);
      pre = new float[rows * g4];
      hStep = new FloatStore(batch * Math.max(hidden, g4));
      gStep = new FloatStore(batch * g4);
      rec = new float[batch * g4];
      hPrev = new float[batch * hidden];
      cPrev = new float[batch * hidden];
      pred = new float[rows];
      dY = new float[rows * feat];
      dG = new float[rows * g4];
      dGOff = new FloatStore(rows * g4);
      dGStep = new float[batch * g4];
      dhRec = new float[batch * hidden];
      dcRec = new float[batch * hidden];
      hShift = new float[rows * hidden];
      hShiftOff = new FloatStore(rows * hidden);
      dW = new FloatStore(g4 * Math.max(maxIn, hidden));
      dWHeap = new float[g4 * Math.max(maxIn, hidden)];
      dX = new FloatStore(rows * maxIn);
      dXHeap = new float[rows * maxIn];
    }
  }

  private Workspace workspace(int batch, int steps) {
    if (ws == null || ws.batch != batch || ws.steps != steps) {
      ws = new Workspace(batch, steps);
    }
    return ws;
  }

  // ---------------------------------------------------------------------------------------------
  // Forward

  @Override
  public Forward forward(float[] inputs, int batch, int steps, SplittableRandom rng) {
    Objects.requireNonNull(inputs, "inputs");
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException(
          "batch and steps must be > 0, got batch " + batch + ", steps " + steps);
    }
    long expected = (long) batch * steps * cfg.inputSize();
    if (inputs.length != expected) {
      throw new IllegalArgumentException(
          "inputs must have batch * steps * inputSize = "
              + expected
              + " values, got "
              + inputs.length);
    }
    Workspace w = workspace(batch, steps);
    w.x[0].put(0, inputs, 0, inputs.length);
    run(w, rng);
    return new Forward(batch, steps, w.pred, w.y[layers - 1]);
  }

  private void run(Workspace w, SplittableRandom rng) {
    boolean drop = rng != null && cfg.dropout() > 0 && layers > 1;
    for (int l = 0; l < layers; l++) {
      for (int d = 0; d < dirs; d++) {
        wihOff[l][d].put(0, params, wih[l][d], 4 * hidden * cfg.layerInput(l));
        whhOff[l][d].put(0, params, whh[l][d], 4 * hidden * hidden);
      }
    }
    int rows = w.rows;
    for (int l = 0; l < layers; l++) {
      for (int d = 0; d < dirs; d++) {
        direction(w, l, d);
      }
      if (l < layers - 1) {
        float[] y = w.y[l];
        if (drop) {
          float[] m = w.mask[l];
          fillMask(m, rows * feat, cfg.dropout(), rng);
          float[] tmp = w.dY; // free until backward
          for (int e = 0; e < rows * feat; e++) {
            tmp[e] = y[e] * m[e];
          }
          w.x[l + 1].put(0, tmp, 0, rows * feat);
        } else {
          w.x[l + 1].put(0, y, 0, rows * feat);
        }
      }
    }
    float[] top = w.y[layers - 1];
    float bias = params[rb];
    for (int r = 0; r < rows; r++) {
      float acc = bias;
      int base = r * feat;
      for (int f = 0; f < feat; f++) {
        acc += top[base + f] * params[rw + f];
      }
      w.pred[r] = acc;
    }
    last = w;
    lastDrop = drop;
  }

  /** Forward step {@code s} of direction {@code d} runs over time step {@code t}. */
  private static int time(int d, int s, int steps) {
    return d == 0 ? s : steps - 1 - s;
  }

  /** One layer, one direction: input projection GEMM, then the recurrence step by step. */
  private void direction(Workspace w, int l, int d) {
    int in = cfg.layerInput(l);
    int h = hidden;
    int g4 = 4 * h;
    int batch = w.batch;
    int steps = w.steps;
    int rows = w.rows;
    Blas.gemm(
        false,
        true,
        rows,
        g4,
        in,
        1f,
        w.x[l].pointer,
        in,
        wihOff[l][d].pointer,
        in,
        0f,
        w.proj.pointer,
        g4);
    float[] pre = w.pre;
    w.proj.get(0, pre, 0, rows * g4);
    float[] p = params;
    int bi = bih[l][d];
    int bh = bhh[l][d];
    for (int r = 0; r < rows; r++) {
      int base = r * g4;
      for (int q = 0; q < g4; q++) {
        pre[base + q] += p[bi + q] + p[bh + q];
      }
    }
    float[] acts = w.acts[l][d];
    float[] cell = w.cell[l][d];
    float[] tc = w.tanhCell[l][d];
    float[] y = w.y[l];
    float[] hPrev = w.hPrev;
    float[] cPrev = w.cPrev;
    float[] rec = w.rec;
    Arrays.fill(hPrev, 0f);
    Arrays.fill(cPrev, 0f);
    int yo = d * h;
    for (int s = 0; s < steps; s++) {
      int t = time(d, s, steps);
      if (s > 0) {
        w.hStep.put(0, hPrev, 0, batch * h);
        Blas.gemm(
            false,
            true,
            batch,
            g4,
            h,
            1f,
            w.hStep.pointer,
            h,
            whhOff[l][d].pointer,
            h,
            0f,
            w.gStep.pointer,
            g4);
        w.gStep.get(0, rec, 0, batch * g4);
      } else {
        Arrays.fill(rec, 0, batch * g4, 0f);
      }
      for (int b = 0; b < batch; b++) {
        int row = b * steps + t;
        int gb = row * g4;
        int rbase = b * g4;
        int hb = b * h;
        for (int j = 0; j < h; j++) {
          float i = sigmoid(pre[gb + j] + rec[rbase + j]);
          float f = sigmoid(pre[gb + h + j] + rec[rbase + h + j]);
          float g = (float) Math.tanh(pre[gb + 2 * h + j] + rec[rbase + 2 * h + j]);
          float o = sigmoid(pre[gb + 3 * h + j] + rec[rbase + 3 * h + j]);
          float c = f * cPrev[hb + j] + i * g;
          float tcv = (float) Math.tanh(c);
          float hv = o * tcv;
          acts[gb + j] = i;
          acts[gb + h + j] = f;
          acts[gb + 2 * h + j] = g;
          acts[gb + 3 * h + j] = o;
          cell[row * h + j] = c;
          tc[row * h + j] = tcv;
          y[row * feat + yo + j] = hv;
          hPrev[hb + j] = hv;
          cPrev[hb + j] = c;
        }
      }
    }
  }

  private static float sigmoid(float z) {
    return (float) (1.0 / (1.0 + Math.exp(-z)));
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
   * Runs the network in evaluation mode (no dropout) on one sequence, from zero states.
   *
   * @param x features {@code [T][inputSize]}, time along the first axis
   * @return valence {@code [T]} and features {@code [T][featureSize]}
   */
  public Output predict(float[][] x) {
    float[] flat = TemporalConvNet.flatten(x, cfg.inputSize());
    int steps = x.length;
    Forward out = forward(flat, 1, steps, null);
    float[][] feats = new float[steps][feat];
    for (int t = 0; t < steps; t++) {
      System.arraycopy(out.features(), t * feat, feats[t], 0, feat);
    }
    return new Output(out.valence().clone(), feats);
  }

  // ---------------------------------------------------------------------------------------------
  // Backward

  @Override
  public float[] backward(float[] dValence, float[] dFeatures, boolean wantInputGradient) {
    Workspace w = last;
    if (w == null) {
      throw new IllegalStateException("backward must follow a forward pass");
    }
    int rows = w.rows;
    Objects.requireNonNull(dValence, "dValence");
    if (dValence.length != rows) {
      throw new IllegalArgumentException(
          "dValence must have batch * steps = " + rows + " values, got " + dValence.length);
    }
    if (dFeatures != null && dFeatures.length != rows * feat) {
      throw new IllegalArgumentException(
          "dFeatures must have batch * steps * featureSize = "
              + rows * feat
              + " values, got "
              + dFeatures.length);
    }
    Arrays.fill(grads, 0f);
    float[] top = w.y[layers - 1];
    float[] dY = w.dY;
    double gb = 0;
    double[] gw = new double[feat];
    for (int r = 0; r < rows; r++) {
      float dv = dValence[r];
      gb += dv;
      int base = r * feat;
      for (int f = 0; f < feat; f++) {
        gw[f] += dv * top[base + f];
        float df = dv * params[rw + f];
        dY[base + f] = dFeatures == null ? df : df + dFeatures[base + f];
      }
    }
    grads[rb] = (float) gb;
    for (int f = 0; f < feat; f++) {
      grads[rw + f] = (float) gw[f];
    }
    float[] result = null;
    for (int l = layers - 1; l >= 0; l--) {
      int in = cfg.layerInput(l);
      boolean needDx = l > 0 || wantInputGradient;
      for (int d = 0; d < dirs; d++) {
        directionBackward(w, l, d, needDx);
      }
      if (needDx) {
        float[] dx = w.dXHeap;
        w.dX.get(0, dx, 0, rows * in);
        if (l > 0) {
          if (lastDrop) {
            float[] m = w.mask[l - 1];
            for (int e = 0; e < rows * in; e++) {
              dY[e] = dx[e] * m[e];
            }
          } else {
            System.arraycopy(dx, 0, dY, 0, rows * in);
          }
        } else {
          result = Arrays.copyOf(dx, rows * in);
        }
      }
    }
    return result;
  }

  /**
   * Backward through time of one layer and direction, reading {@code ws.dY}: accumulates the
   * parameter gradients and, when asked, adds {@code dG W_ih} into {@code ws.dX} (overwriting it
   * for direction 0).
   */
  private void directionBackward(Workspace w, int l, int d, boolean needDx) {
    int in = cfg.layerInput(l);
    int h = hidden;
    int g4 = 4 * h;
    int batch = w.batch;
    int steps = w.steps;
    int rows = w.rows;
    float[] acts = w.acts[l][d];
    float[] cell = w.cell[l][d];
    float[] tc = w.tanhCell[l][d];
    float[] y = w.y[l];
    float[] dY = w.dY;
    float[] dG = w.dG;
    float[] dGStep = w.dGStep;
    float[] dhRec = w.dhRec;
    float[] dcRec = w.dcRec;
    Arrays.fill(dhRec, 0f);
    Arrays.fill(dcRec, 0f);
    int yo = d * h;
    for (int s = steps - 1; s >= 0; s--) {
      int t = time(d, s, steps);
      int tPrev = s > 0 ? time(d, s - 1, steps) : -1;
      for (int b = 0; b < batch; b++) {
        int row = b * steps + t;
        int gb = row * g4;
        int sb = b * g4;
        int hb = b * h;
        int prevRow = b * steps + tPrev;
        for (int j = 0; j < h; j++) {
          float i = acts[gb + j];
          float f = acts[gb + h + j];
          float g = acts[gb + 2 * h + j];
          float o = acts[gb + 3 * h + j];
          float tcv = tc[row * h + j];
          float cp = tPrev >= 0 ? cell[prevRow * h + j] : 0f;
          float dh = dY[row * feat + yo + j] + dhRec[hb + j];
          float dc = dcRec[hb + j] + dh * o * (1 - tcv * tcv);
          float dzi = dc * g * i * (1 - i);
          float dzf = dc * cp * f * (1 - f);
          float dzg = dc * i * (1 - g * g);
          float dzo = dh * tcv * o * (1 - o);
          dcRec[hb + j] = dc * f;
          dG[gb + j] = dzi;
          dG[gb + h + j] = dzf;
          dG[gb + 2 * h + j] = dzg;
          dG[gb + 3 * h + j] = dzo;
          dGStep[sb + j] = dzi;
          dGStep[sb + h + j] = dzf;
          dGStep[sb + 2 * h + j] = dzg;
          dGStep[sb + 3 * h + j] = dzo;
        }
      }
      if (s > 0) {
        // gradient into h of the previous step: dG_step [batch, 4H] x W_hh [4H, H]
        w.gStep.put(0, dGStep, 0, batch * g4);
        Blas.gemm(
            false,
            false,
            batch,
            h,
            g4,
            1f,
            w.gStep.pointer,
            g4,
            whhOff[l][d].pointer,
            h,
            0f,
            w.hStep.pointer,
            h);
        w.hStep.get(0, dhRec, 0, batch * h);
      }
    }
    // h of the previous step (zero before the first) for every row, then dW_hh = dG^T hShift
    float[] hs = w.hShift;
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < steps; s++) {
        int row = b * steps + time(d, s, steps);
        if (s == 0) {
          Arrays.fill(hs, row * h, row * h + h, 0f);
        } else {
          int prev = b * steps + time(d, s - 1, steps);
          System.arraycopy(y, prev * feat + yo, hs, row * h, h);
        }
      }
    }
    w.hShiftOff.put(0, hs, 0, rows * h);
    w.dGOff.put(0, dG, 0, rows * g4);
    Blas.gemm(
        true,
        false,
        g4,
        h,
        rows,
        1f,
        w.dGOff.pointer,
        g4,
        w.hShiftOff.pointer,
        h,
        0f,
        w.dW.pointer,
        h);
    w.dW.get(0, w.dWHeap, 0, g4 * h);
    for (int e = 0, off = whh[l][d]; e < g4 * h; e++) {
      grads[off + e] += w.dWHeap[e];
    }
    Blas.gemm(
        true,
        false,
        g4,
        in,
        rows,
        1f,
        w.dGOff.pointer,
        g4,
        w.x[l].pointer,
        in,
        0f,
        w.dW.pointer,
        in);
    w.dW.get(0, w.dWHeap, 0, g4 * in);
    for (int e = 0, off = wih[l][d]; e < g4 * in; e++) {
      grads[off + e] += w.dWHeap[e];
    }
    double[] db = new double[g4];
    for (int r = 0; r < rows; r++) {
      int base = r * g4;
      for (int q = 0; q < g4; q++) {
        db[q] += dG[base + q];
      }
    }
    for (int q = 0; q < g4; q++) {
      grads[bih[l][d] + q] += (float) db[q];
      grads[bhh[l][d] + q] += (float) db[q];
    }
    if (needDx) {
      Blas.gemm(
          false,
          false,
          rows,
          in,
          g4,
          1f,
          w.dGOff.pointer,
          g4,
          wihOff[l][d].pointer,
          in,
          d == 0 ? 0f : 1f,
          w.dX.pointer,
          in);
    }
  }

  @Override
  public String toString() {
    return "LstmNetwork{" + cfg + ", parameters=" + parameterCount + "}";
  }
}
