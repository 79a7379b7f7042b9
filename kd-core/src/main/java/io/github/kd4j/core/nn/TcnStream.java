package io.github.kd4j.core.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A stateful, step-by-step evaluator of a {@link TemporalConvNet} in evaluation mode (dropout off),
 * for online use: {@link #step} takes the input of one new step and returns that step's valence, at
 * the cost of one step of computation.
 *
 * <p>How: every causal convolution of block {@code i} (kernel {@code k}, dilation {@code d = 2^i})
 * reads its input at steps {@code t, t - d, ..., t - (k-1)d}, so the stream keeps, per block, a
 * ring buffer of the last {@code (k-1)d + 1} block inputs and one of the last {@code (k-1)d + 1}
 * first-convolution activations (the second convolution's input). A step is one matrix-vector
 * product per convolution ({@code k * in * out} multiply-adds, accumulated in double from the same
 * float effective weights as the network, so the stream's own rounding is far below the GEMM's),
 * the 1x1 residual, the PReLUs and the regressor; the past is never recomputed. Ring buffers start
 * (and {@link #reset} to) zero, which is exactly the zero left padding of the whole-sequence
 * forward.
 *
 * <p>Parity reference: step {@code t} of the stream equals step {@code t} of {@link
 * TemporalConvNet#predict} on the whole sequence {@code x[0..t]} evaluated as one window (zero left
 * padding before step 0), to float rounding (the network multiplies in a different summation order
 * through BLAS; measured: 4e-7 of the trace's largest magnitude for the paper-sized student, whose
 * BLAS forward is itself 5e-7 off a double-precision oracle; the tests assert 1e-6). It is not the
 * offline {@code predict} of the training code path with 96-step windows stitched together (SPEC
 * 9): there each window restarts from zero padding, so near every window start (the first {@code
 * receptiveField - 1} steps of a window) the stitched trace differs from the streamed one; the
 * streamed trace sees the full past, as a whole-sequence forward does.
 *
 * <p>Weights: a snapshot taken when the stream is created ({@link TemporalConvNet#newStream}).
 * Layouts: input {@code x[inputSize]} per step; features {@code [c_L]}.
 *
 * <p>Not thread-safe: one stream per thread and per live signal; streams of one network are
 * independent.
 *
 * <pre>{@code
 * TcnStream s = net.newStream();
 * for (float[] row : features) {      // one 192-wide band-power row per 4 Hz step
 *   float valence = s.step(row);
 * }
 * }</pre>
 */
public final class TcnStream {
  private final TcnConfig cfg;
  private final int k;
  private final Level[] levels;
  private final float[] regressorWeight;
  private final float regressorBias;
  private long steps;

  /** The weights and state of one temporal block. */
  private static final class Level {
    final int in;
    final int c;
    final int d;
    final int ring;
    final float[] w1; // [k * in, c]
    final float[] b1;
    final float s1;
    final float[] w2; // [k * c, c]
    final float[] b2;
    final float s2;
    final float[] wd; // [in, c] or null (identity)
    final float[] bd;
    final float s3;
    final float[][] inputs; // ring of block inputs
    final float[][] acts; // ring of conv1 activations
    final double[] h;
    final double[] res;
    final float[] out;

    Level(TemporalConvNet net, TcnLayout.Block b, int k) {
      float[] p = net.params;
      in = b.in;
      c = b.out;
      d = b.dilation;
      ring = (k - 1) * d + 1;
      w1 = net.effectiveWeight(b.conv1Direction, b.conv1Magnitude, k * in, c, new float[c]);
      b1 = Arrays.copyOfRange(p, b.conv1Bias.offset(), b.conv1Bias.offset() + c);
      s1 = p[b.prelu1Slope.offset()];
      w2 = net.effectiveWeight(b.conv2Direction, b.conv2Magnitude, k * c, c, new float[c]);
      b2 = Arrays.copyOfRange(p, b.conv2Bias.offset(), b.conv2Bias.offset() + c);
      s2 = p[b.prelu2Slope.offset()];
      if (b.residualWeight != null) {
        wd =
            Arrays.copyOfRange(
                p, b.residualWeight.offset(), b.residualWeight.offset() + b.residualWeight.size());
        bd = Arrays.copyOfRange(p, b.residualBias.offset(), b.residualBias.offset() + c);
      } else {
        wd = null;
        bd = null;
      }
      s3 = p[b.outputSlope.offset()];
      inputs = new float[ring][in];
      acts = new float[ring][c];
      h = new double[c];
      res = new double[c];
      out = new float[c];
    }

    void reset() {
      for (float[] r : inputs) {
        Arrays.fill(r, 0f);
      }
      for (float[] r : acts) {
        Arrays.fill(r, 0f);
      }
    }
  }

  TcnStream(TemporalConvNet net) {
    this.cfg = net.config();
    this.k = cfg.kernelSize();
    TcnLayout layout = net.layout();
    levels = new Level[layout.blocks.length];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = new Level(net, layout.blocks[i], k);
    }
    int rw = layout.regressorWeight.offset();
    regressorWeight = Arrays.copyOfRange(net.params, rw, rw + cfg.outputSize());
    regressorBias = net.params[layout.regressorBias.offset()];
  }

  /** The network shape. */
  public TcnConfig config() {
    return cfg;
  }

  /** Steps taken since creation or the last {@link #reset}. */
  public long steps() {
    return steps;
  }

  /**
   * Steps whose output still depends on the zero padding before step 0: the first {@code
   * receptiveField - 1} outputs after a (re)start.
   */
  public int warmUpSteps() {
    return cfg.receptiveField() - 1;
  }

  /** Forgets the past: the next step is step 0 of a new sequence (zero left padding). */
  public void reset() {
    for (Level l : levels) {
      l.reset();
    }
    steps = 0;
  }

  /**
   * Evaluates one step.
   *
   * @param x the step's input, {@code inputSize} finite values (not checked per element: the caller
   *     guarantees finiteness; a non-finite input poisons the next {@code receptiveField} outputs)
   * @return the valence of this step
   * @throws IllegalArgumentException when {@code x} has the wrong length
   */
  public float step(float[] x) {
    Objects.requireNonNull(x, "x");
    if (x.length != cfg.inputSize()) {
      throw new IllegalArgumentException(
          "x must have inputSize = " + cfg.inputSize() + " values, got " + x.length);
    }
    float[] input = x;
    for (Level l : levels) {
      input = block(l, input);
    }
    float acc = regressorBias;
    for (int o = 0; o < input.length; o++) {
      acc += input[o] * regressorWeight[o];
    }
    steps++;
    return acc;
  }

  /** The ST features {@code [c_L]} of the last step (a copy). */
  public float[] features() {
    return levels[levels.length - 1].out.clone();
  }

  private float[] block(Level l, float[] x) {
    int slot = (int) (steps % l.ring);
    System.arraycopy(x, 0, l.inputs[slot], 0, l.in);
    double[] h = l.h;
    int c = l.c;
    // conv1 over the ring of inputs
    causalConv(l.inputs, l.in, l.w1, l.b1, c, l.d, l.ring, h);
    float[] a = l.acts[slot];
    for (int o = 0; o < c; o++) {
      float v = (float) h[o];
      a[o] = v > 0 ? v : l.s1 * v;
    }
    causalConv(l.acts, c, l.w2, l.b2, c, l.d, l.ring, h);
    float[] out = l.out;
    float[] res = l.out; // residual in float, as the network stores it
    if (l.wd != null) {
      double[] acc = l.res;
      Arrays.fill(acc, 0.0);
      accumulate(x, l.in, l.wd, 0, c, acc);
      for (int o = 0; o < c; o++) {
        out[o] = (float) acc[o] + l.bd[o];
      }
    } else {
      System.arraycopy(x, 0, out, 0, c);
    }
    float s2 = l.s2;
    float s3 = l.s3;
    for (int o = 0; o < c; o++) {
      float v = (float) h[o];
      float z = res[o] + (v > 0 ? v : s2 * v);
      out[o] = z > 0 ? z : s3 * z;
    }
    return out;
  }

  /**
   * {@code h = sum_j W[j] . ring[t - (k-1-j)d] + bias}: the newest entry sits at slot {@code t mod
   * ring}; entries before step 0 are never read (they would be zero padding).
   */
  private void causalConv(
      float[][] ring, int in, float[] w, float[] bias, int c, int d, int size, double[] h) {
    Arrays.fill(h, 0.0);
    for (int j = 0; j < k; j++) {
      long ts = steps - (long) (k - 1 - j) * d;
      if (ts < 0) {
        continue;
      }
      accumulate(ring[(int) (ts % size)], in, w, j * in, c, h);
    }
    for (int o = 0; o < c; o++) {
      h[o] = (float) h[o] + bias[o]; // the network adds the bias to the float GEMM result
    }
  }

  /**
   * {@code h += sum_q x[q] W[row0 + q]} over the rows {@code W[r] = w[r c .. r c + c)}, four rows
   * per pass so that {@code h} is read and written once per four rows (the step is bound by those
   * loads and stores, not by the multiply-adds); sums in double, so the grouping changes nothing a
   * float result can show.
   */
  private static void accumulate(float[] x, int in, float[] w, int row0, int c, double[] h) {
    int q = 0;
    for (; q + 3 < in; q += 4) {
      double x0 = x[q];
      double x1 = x[q + 1];
      double x2 = x[q + 2];
      double x3 = x[q + 3];
      int b0 = (row0 + q) * c;
      int b1 = b0 + c;
      int b2 = b1 + c;
      int b3 = b2 + c;
      for (int o = 0; o < c; o++) {
        h[o] += x0 * w[b0 + o] + x1 * w[b1 + o] + x2 * w[b2 + o] + x3 * w[b3 + o];
      }
    }
    for (; q < in; q++) {
      double xv = x[q];
      int base = (row0 + q) * c;
      for (int o = 0; o < c; o++) {
        h[o] += xv * w[base + o];
      }
    }
  }

  @Override
  public String toString() {
    return "TcnStream{" + cfg + ", steps=" + steps + "}";
  }
}
