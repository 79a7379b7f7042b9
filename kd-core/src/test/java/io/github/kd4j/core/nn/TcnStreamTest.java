package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.testing.NaiveTcn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TcnStream} against the whole-sequence forward ({@link TemporalConvNet#predict}, one
 * window, zero left padding): random shapes, random weights at unit scale, random sequences.
 */
class TcnStreamTest {
  /**
   * Float parity: the two paths sum the same products in different orders (BLAS GEMM vs. the
   * stream's loops); outputs are scaled to O(1) by the random weights, so 1e-6 relative to {@code
   * max(1, |reference|)}. Random shapes are checked against the double-precision oracle rather than
   * against each other: with a 1-channel layer the float forward alone was 1.25e-6 off at one step
   * (CI, channels [10, 1, 3]; {@link #oneChannelBottleneckFromCi}).
   */
  static final double TOL = 1e-6;

  /**
   * A network of the given shape with every parameter redrawn: weight-norm magnitudes {@code g} in
   * [0.5, 1.5) (unit-norm filters), residual and regressor weights with fan-in scaling, biases of
   * 0.1, PReLU slopes in (-0.5, 0.5); activations stay of order 1, as in a trained network.
   */
  static TemporalConvNet randomNet(TcnConfig cfg, long seed) {
    TemporalConvNet net = TemporalConvNet.initialize(cfg, seed);
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    float[] p = net.parameterArray();
    TcnLayout layout = net.layout();
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (0.1 * r.nextGaussian()); // biases; directions v are rescaled by g / ||v||
    }
    for (TcnLayout.Block b : layout.blocks) {
      if (b.residualWeight != null) {
        fill(r, p, b.residualWeight, 1.0 / Math.sqrt(b.in));
      }
      // magnitudes g > 0 of order 1 per output channel, slopes in (-0.5, 0.5)
      for (TcnLayout.Slot g : new TcnLayout.Slot[] {b.conv1Magnitude, b.conv2Magnitude}) {
        for (int j = 0; j < g.size(); j++) {
          p[g.offset() + j] = (float) (0.5 + r.nextDouble());
        }
      }
      for (TcnLayout.Slot s : new TcnLayout.Slot[] {b.prelu1Slope, b.prelu2Slope, b.outputSlope}) {
        p[s.offset()] = (float) (r.nextDouble() - 0.5);
      }
    }
    fill(r, p, layout.regressorWeight, 1.0 / Math.sqrt(cfg.outputSize()));
    return net;
  }

  /** Gaussian values of standard deviation {@code sd} (fan-in scaling keeps activations O(1)). */
  private static void fill(SplittableRandom r, float[] p, TcnLayout.Slot s, double sd) {
    for (int j = 0; j < s.size(); j++) {
      p[s.offset() + j] = (float) (sd * r.nextGaussian());
    }
  }

  static float[][] randomSequence(long seed, int steps, int width) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[steps][width];
    for (float[] row : x) {
      for (int c = 0; c < width; c++) {
        row[c] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  /**
   * Errors of the stream and of the whole-sequence forward against the double-precision oracle
   * {@link NaiveTcn}, and between each other, all relative to {@code max(1, max_t |oracle_t|)}.
   */
  record Parity(double streamVsOracle, double forwardVsOracle, double streamVsForward) {
    /**
     * The stream is exact to float rounding: within {@link #TOL} of the exact result, or no further
     * from it than twice the whole-sequence forward (whose own float error can exceed {@code TOL}
     * when a 1-channel layer cancels large terms).
     */
    boolean holds() {
      return streamVsOracle <= Math.max(TOL, 2 * forwardVsOracle);
    }
  }

  static Parity parity(TemporalConvNet net, float[][] x) {
    float[] ref = net.predict(x).valence();
    double[] oracle = NaiveTcn.valence(net.weights(), x);
    TcnStream s = net.newStream();
    double scale = 1;
    double so = 0;
    double fo = 0;
    double sf = 0;
    for (int t = 0; t < x.length; t++) {
      float v = s.step(x[t]);
      scale = Math.max(scale, Math.abs(oracle[t]));
      so = Math.max(so, Math.abs(v - oracle[t]));
      fo = Math.max(fo, Math.abs(ref[t] - oracle[t]));
      sf = Math.max(sf, Math.abs(v - ref[t]));
    }
    return new Parity(so / scale, fo / scale, sf / scale);
  }

  @Test
  void streamingEqualsWholeSequenceForward() {
    qt().withExamples(60)
        .forAll(
            integers().between(1, 3),
            integers().between(2, 4),
            integers().between(1, 70),
            longs().all())
        .checkAssert(TcnStreamTest::checkRandomShape);
  }

  /**
   * The example the property falsified on CI when it compared the stream with the float forward
   * (1.25e-6 at one step): against the exact result the stream is 7e-8 off, the forward 3.9e-7.
   */
  @Test
  void oneChannelBottleneckFromCi() {
    Parity p = checkRandomShape(3, 4, 7, 512097386633200492L);
    assertTrue(p.streamVsOracle() < p.forwardVsOracle(), p.toString());
  }

  /** Draws a network and sequence from {@code seed} and asserts {@link Parity#holds()}. */
  static Parity checkRandomShape(int levels, int kernel, int steps, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] channels = new int[levels];
    for (int i = 0; i < levels; i++) {
      channels[i] = 1 + r.nextInt(12);
    }
    TcnConfig cfg =
        TcnConfig.builder()
            .inputSize(1 + r.nextInt(10))
            .channels(channels)
            .kernelSize(kernel)
            .dropout(0.3)
            .build();
    TemporalConvNet net = randomNet(cfg, seed);
    float[][] x = randomSequence(seed + 1, steps, cfg.inputSize());
    Parity p = parity(net, x);
    assertTrue(p.holds(), p + " for " + cfg);
    return p;
  }

  /**
   * The paper-sized student (192 -> [128, 128], kernel 3): sums of 576 float products. Both paths
   * are compared with the double-precision oracle {@link NaiveTcn}; the stream (double
   * accumulation) must be at least as close to it as the BLAS forward, and the two within 1e-6 of
   * each other relative to the trace's largest magnitude (the forward's own float error is 5e-7 of
   * it there).
   */
  @Test
  void paperSizedStudentStreamsWithinTolerance() {
    TcnConfig cfg = TcnConfig.builder().inputSize(192).channels(128, 128).kernelSize(3).build();
    TemporalConvNet net = randomNet(cfg, 11);
    float[][] x = randomSequence(12, 200, 192);
    Parity p = parity(net, x);
    System.out.println("TcnStream paper-sized parity (relative to max(1, max |oracle|)), " + p);
    assertTrue(p.streamVsForward() <= TOL, p.toString());
    // Against the exact result: within TOL. (Whether the stream or the float forward is the closer
    // depends on the BLAS kernel: 4.2e-7 against 4.1e-7 with OpenBLAS's SkylakeX kernels, 4.0e-7
    // against 8e-7 with its Haswell ones.)
    assertTrue(p.streamVsOracle() <= TOL, p.toString());
  }

  @Test
  void resetRestartsFromZeroPadding() {
    TcnConfig cfg = TcnConfig.builder().inputSize(3).channels(4, 5).kernelSize(3).build();
    TemporalConvNet net = randomNet(cfg, 3);
    float[][] x = randomSequence(4, 20, 3);
    TcnStream s = net.newStream();
    for (float[] row : randomSequence(5, 17, 3)) {
      s.step(row);
    }
    s.reset();
    assertEquals(0, s.steps());
    float[] ref = net.predict(x).valence();
    for (int t = 0; t < x.length; t++) {
      assertEquals(ref[t], s.step(x[t]), 1e-6 * Math.max(1, Math.abs(ref[t])), "step " + t);
    }
    assertEquals(cfg.receptiveField() - 1, s.warmUpSteps());
  }

  @Test
  void rejectsWrongWidth() {
    TemporalConvNet net =
        TemporalConvNet.initialize(TcnConfig.builder().inputSize(3).channels(4).build(), 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.newStream().step(new float[2]));
    assertTrue(e.getMessage().contains("inputSize = 3"), e.getMessage());
  }
}
