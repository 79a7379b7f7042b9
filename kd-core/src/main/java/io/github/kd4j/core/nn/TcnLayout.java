package io.github.kd4j.core.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where every parameter tensor of a TCN lives in the engine's flat parameter array, and the
 * conversion between that internal layout and the named PyTorch layouts of {@link TcnWeights}.
 *
 * <p>Internal layouts: a convolution direction {@code v} is stored as {@code [k * in, out]} (row
 * {@code j * in + c}, the im2col order, so the effective weight is a GEMM operand as it is); the
 * 1x1 residual weight as {@code [in, out]}; every other tensor as in PyTorch.
 */
final class TcnLayout {

  /** One parameter tensor's place in the flat array. */
  record Slot(int offset, int size) {}

  /** The slots of temporal block {@code i} (SPEC 5). */
  static final class Block {
    final int in;
    final int out;
    final int dilation;
    final Slot conv1Direction;
    final Slot conv1Magnitude;
    final Slot conv1Bias;
    final Slot prelu1Slope;
    final Slot conv2Direction;
    final Slot conv2Magnitude;
    final Slot conv2Bias;
    final Slot prelu2Slope;

    /** Null when {@code in == out} (identity residual). */
    final Slot residualWeight;

    final Slot residualBias;
    final Slot outputSlope;

    Block(TcnConfig cfg, int i, int[] cursor) {
      int k = cfg.kernelSize();
      in = cfg.inputChannels(i);
      out = cfg.channels(i);
      dilation = cfg.dilation(i);
      conv1Direction = next(cursor, k * in * out);
      conv1Magnitude = next(cursor, out);
      conv1Bias = next(cursor, out);
      prelu1Slope = next(cursor, 1);
      conv2Direction = next(cursor, k * out * out);
      conv2Magnitude = next(cursor, out);
      conv2Bias = next(cursor, out);
      prelu2Slope = next(cursor, 1);
      if (cfg.hasDownsample(i)) {
        residualWeight = next(cursor, in * out);
        residualBias = next(cursor, out);
      } else {
        residualWeight = null;
        residualBias = null;
      }
      outputSlope = next(cursor, 1);
    }
  }

  final TcnConfig config;
  final int kernel;
  final Block[] blocks;
  final Slot regressorWeight;
  final Slot regressorBias;
  final int parameterCount;

  TcnLayout(TcnConfig config) {
    this.config = config;
    this.kernel = config.kernelSize();
    int[] cursor = {0};
    blocks = new Block[config.levels()];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = new Block(config, i, cursor);
    }
    regressorWeight = next(cursor, config.outputSize());
    regressorBias = next(cursor, 1);
    parameterCount = cursor[0];
  }

  private static Slot next(int[] cursor, int size) {
    Slot s = new Slot(cursor[0], size);
    cursor[0] += size;
    return s;
  }

  /** Named PyTorch-layout tensors (checked by {@link TcnWeights#of}) to a flat internal array. */
  float[] toFlat(TcnWeights w) {
    float[] dst = new float[parameterCount];
    for (int i = 0; i < blocks.length; i++) {
      Block b = blocks[i];
      String p = "block" + i + ".";
      putConv(w.get(p + "conv1.v"), dst, b.conv1Direction, b.out, b.in);
      copy(w.get(p + "conv1.g"), dst, b.conv1Magnitude);
      copy(w.get(p + "conv1.b"), dst, b.conv1Bias);
      copy(w.get(p + "prelu1"), dst, b.prelu1Slope);
      putConv(w.get(p + "conv2.v"), dst, b.conv2Direction, b.out, b.out);
      copy(w.get(p + "conv2.g"), dst, b.conv2Magnitude);
      copy(w.get(p + "conv2.b"), dst, b.conv2Bias);
      copy(w.get(p + "prelu2"), dst, b.prelu2Slope);
      if (b.residualWeight != null) {
        float[] rw = w.get(p + "down.w"); // [out, in]
        for (int o = 0; o < b.out; o++) {
          for (int c = 0; c < b.in; c++) {
            dst[b.residualWeight.offset + c * b.out + o] = rw[o * b.in + c];
          }
        }
        copy(w.get(p + "down.b"), dst, b.residualBias);
      }
      copy(w.get(p + "prelu"), dst, b.outputSlope);
    }
    copy(w.get("regressor.w"), dst, regressorWeight);
    copy(w.get("regressor.b"), dst, regressorBias);
    return dst;
  }

  /** A flat internal array (parameters or gradients) to named PyTorch-layout tensors. */
  Map<String, float[]> toNamed(float[] src) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < blocks.length; i++) {
      Block b = blocks[i];
      String p = "block" + i + ".";
      m.put(p + "conv1.v", getConv(src, b.conv1Direction, b.out, b.in));
      m.put(p + "conv1.g", slice(src, b.conv1Magnitude));
      m.put(p + "conv1.b", slice(src, b.conv1Bias));
      m.put(p + "prelu1", slice(src, b.prelu1Slope));
      m.put(p + "conv2.v", getConv(src, b.conv2Direction, b.out, b.out));
      m.put(p + "conv2.g", slice(src, b.conv2Magnitude));
      m.put(p + "conv2.b", slice(src, b.conv2Bias));
      m.put(p + "prelu2", slice(src, b.prelu2Slope));
      if (b.residualWeight != null) {
        float[] rw = new float[b.out * b.in];
        for (int o = 0; o < b.out; o++) {
          for (int c = 0; c < b.in; c++) {
            rw[o * b.in + c] = src[b.residualWeight.offset + c * b.out + o];
          }
        }
        m.put(p + "down.w", rw);
        m.put(p + "down.b", slice(src, b.residualBias));
      }
      m.put(p + "prelu", slice(src, b.outputSlope));
    }
    m.put("regressor.w", slice(src, regressorWeight));
    m.put("regressor.b", slice(src, regressorBias));
    return m;
  }

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

  /** PyTorch {@code [out, in, k]} to internal {@code [k * in, out]} (row {@code j * in + c}). */
  private void putConv(float[] w, float[] dst, Slot s, int out, int in) {
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int j = 0; j < kernel; j++) {
          dst[s.offset + (j * in + c) * out + o] = w[(o * in + c) * kernel + j];
        }
      }
    }
  }

  private float[] getConv(float[] src, Slot s, int out, int in) {
    float[] w = new float[out * in * kernel];
    for (int o = 0; o < out; o++) {
      for (int c = 0; c < in; c++) {
        for (int j = 0; j < kernel; j++) {
          w[(o * in + c) * kernel + j] = src[s.offset + (j * in + c) * out + o];
        }
      }
    }
    return w;
  }
}
