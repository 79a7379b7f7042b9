package io.github.kd4j.core.testing;

import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;

/**
 * A deliberately naive reference forward pass of the SPEC 5 TCN in double precision: plain loops,
 * no tricks, for use as a test oracle.
 *
 * <p>Input {@code x[b][c][t]}; per block {@code i} with dilation {@code d = 2^i} and kernel {@code
 * k}, the causal dilated convolution is
 *
 * <pre>
 * y[o][t] = bias[o] + sum_c sum_j w[o][c][j] * x[c][t - (k-1-j) d]     (x = 0 for negative steps)
 * </pre>
 *
 * which is PyTorch's {@code Conv1d(padding=(k-1)d)} followed by dropping the last {@code (k-1)d}
 * steps. {@code PReLU(a)(v) = v >= 0 ? v : a v}. Block: {@code h = PReLU1(conv1(x))}, {@code u =
 * PReLU2(conv2(h))}, {@code out = PReLU(u + res)} with {@code res = x} or the 1x1 convolution
 * {@code down.w x + down.b}. Features are {@code [b][t][c_L]}; prediction {@code [b][t] =
 * regressor.w . features[b][t] + regressor.b}. No dropout (eval mode).
 */
public final class NaiveTcn {
  private NaiveTcn() {}

  /** Features {@code [B][T][c_L]} and prediction {@code [B][T]}. */
  public record Output(double[][][] features, double[][] prediction) {
    /** Features flattened row-major. */
    public double[] featuresFlat() {
      int b = features.length;
      int t = features[0].length;
      int c = features[0][0].length;
      double[] f = new double[b * t * c];
      for (int i = 0; i < b; i++) {
        for (int s = 0; s < t; s++) {
          System.arraycopy(features[i][s], 0, f, (i * t + s) * c, c);
        }
      }
      return f;
    }

    /** Prediction flattened row-major. */
    public double[] predictionFlat() {
      int b = prediction.length;
      int t = prediction[0].length;
      double[] p = new double[b * t];
      for (int i = 0; i < b; i++) {
        System.arraycopy(prediction[i], 0, p, i * t, t);
      }
      return p;
    }
  }

  /** How the weight-normalised convolution weights are obtained. */
  public enum Fold {
    /** {@code g v / ||v||} computed here in double precision (exact oracle). */
    DOUBLE,
    /** {@link TcnWeights#effectiveConvWeight(String)} (float32-rounded folded weights). */
    EFFECTIVE_WEIGHT,
    /**
     * {@code w = v}, the weight norm NOT applied: the result of an engine that forgot the fold (a
     * negative control for fixtures, which must tell it apart).
     */
    NONE
  }

  /**
   * The valence trace of one time-major sequence {@code x[T][inputSize]} (as {@code
   * TemporalConvNet.predict} takes it), weight norm folded in double precision.
   */
  public static double[] valence(TcnWeights w, float[][] x) {
    int width = x.length == 0 ? 0 : x[0].length;
    double[][][] xd = new double[1][width][x.length];
    for (int t = 0; t < x.length; t++) {
      for (int c = 0; c < width; c++) {
        xd[0][c][t] = x[t][c];
      }
    }
    return forward(w, xd).prediction()[0];
  }

  /** Forward pass with the weight norm folded in double precision. */
  public static Output forward(TcnWeights w, double[][][] x) {
    return forward(w, x, Fold.DOUBLE);
  }

  /** Forward pass of {@code x[b][inputSize][T]}, folding weight norm as {@code fold} says. */
  public static Output forward(TcnWeights w, double[][][] x, Fold fold) {
    TcnConfig cfg = w.config();
    int batch = x.length;
    int steps = x[0][0].length;
    int k = cfg.kernelSize();
    int cl = cfg.outputSize();
    double[][][] features = new double[batch][steps][cl];
    double[][] prediction = new double[batch][steps];
    double[] rw = toDouble(w.get("regressor.w"));
    double rb = w.get("regressor.b")[0];
    for (int b = 0; b < batch; b++) {
      if (x[b].length != cfg.inputSize()) {
        throw new IllegalArgumentException(
            "x[" + b + "] must have " + cfg.inputSize() + " channels, got " + x[b].length);
      }
      double[][] h = x[b];
      for (int i = 0; i < cfg.levels(); i++) {
        String p = "block" + i + ".";
        int in = cfg.inputChannels(i);
        int out = cfg.channels(i);
        int d = cfg.dilation(i);
        double[] w1 = folded(w, p + "conv1", fold);
        double[] w2 = folded(w, p + "conv2", fold);
        double[][] u = conv(h, w1, toDouble(w.get(p + "conv1.b")), in, out, k, d);
        prelu(u, w.get(p + "prelu1")[0]);
        double[][] v = conv(u, w2, toDouble(w.get(p + "conv2.b")), out, out, k, d);
        prelu(v, w.get(p + "prelu2")[0]);
        double[][] res =
            cfg.hasDownsample(i)
                ? conv(
                    h, toDouble(w.get(p + "down.w")), toDouble(w.get(p + "down.b")), in, out, 1, 1)
                : h;
        for (int o = 0; o < out; o++) {
          for (int t = 0; t < steps; t++) {
            v[o][t] += res[o][t];
          }
        }
        prelu(v, w.get(p + "prelu")[0]);
        h = v;
      }
      for (int t = 0; t < steps; t++) {
        double s = rb;
        for (int c = 0; c < cl; c++) {
          features[b][t][c] = h[c][t];
          s += rw[c] * h[c][t];
        }
        prediction[b][t] = s;
      }
    }
    return new Output(features, prediction);
  }

  /** {@code w[o][c][j] = g[o] v[o][c][j] / ||v[o]||} in double precision, row-major. */
  public static double[] foldWeightNorm(float[] v, float[] g) {
    int out = g.length;
    int per = v.length / out;
    double[] w = new double[v.length];
    for (int o = 0; o < out; o++) {
      double ss = 0;
      for (int j = 0; j < per; j++) {
        ss += (double) v[o * per + j] * v[o * per + j];
      }
      double norm = Math.sqrt(ss);
      for (int j = 0; j < per; j++) {
        w[o * per + j] = g[o] * (double) v[o * per + j] / norm;
      }
    }
    return w;
  }

  private static double[] folded(TcnWeights w, String conv, Fold fold) {
    return switch (fold) {
      case DOUBLE -> foldWeightNorm(w.get(conv + ".v"), w.get(conv + ".g"));
      case EFFECTIVE_WEIGHT -> toDouble(w.effectiveConvWeight(conv));
      case NONE -> toDouble(w.get(conv + ".v"));
    };
  }

  /** Causal dilated convolution of {@code x[in][T]} by {@code w[out][in][k]} plus bias. */
  private static double[][] conv(
      double[][] x, double[] w, double[] bias, int in, int out, int k, int d) {
    int steps = x[0].length;
    double[][] y = new double[out][steps];
    for (int o = 0; o < out; o++) {
      for (int t = 0; t < steps; t++) {
        double s = bias[o];
        for (int c = 0; c < in; c++) {
          for (int j = 0; j < k; j++) {
            int src = t - (k - 1 - j) * d;
            if (src >= 0) {
              s += w[(o * in + c) * k + j] * x[c][src];
            }
          }
        }
        y[o][t] = s;
      }
    }
    return y;
  }

  private static void prelu(double[][] v, double a) {
    for (double[] row : v) {
      for (int t = 0; t < row.length; t++) {
        if (row[t] < 0) {
          row[t] *= a;
        }
      }
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
