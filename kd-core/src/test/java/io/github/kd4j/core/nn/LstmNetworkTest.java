package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LstmNetwork} and {@link LstmConfig} beyond the PyTorch fixtures: finite differences of the
 * training path with dropout on (masks from a fixed-seed {@link SplittableRandom}), other shapes
 * (one direction, one or three layers), initialisation, named weights and argument checks.
 */
class LstmNetworkTest {

  /** A smooth objective and its output gradients: CCC loss over valid steps + sum(features * r). */
  private record Objective(float[] label, int[] valid, float[] r) {
    static Objective random(int batch, int steps, int featureSize, SplittableRandom rng) {
      float[] label = new float[batch * steps];
      int[] valid = new int[batch];
      for (int b = 0; b < batch; b++) {
        valid[b] = b == batch - 1 && steps > 3 ? steps - 2 : steps; // last window end-padded
        for (int t = 0; t < valid[b]; t++) {
          label[b * steps + t] = (float) rng.nextGaussian();
        }
      }
      float[] r = new float[batch * steps * featureSize];
      for (int i = 0; i < r.length; i++) {
        r[i] = (float) rng.nextGaussian();
      }
      return new Objective(label, valid, r);
    }

    double value(SequenceNetwork.Forward out, int featureSize) {
      double v = validSteps() > out.batch() ? loss(out, featureSize).total() : 0;
      for (int i = 0; i < r.length; i++) {
        v += (double) out.features()[i] * r[i];
      }
      return v;
    }

    private int validSteps() {
      return Arrays.stream(valid).min().orElse(0) * valid.length;
    }

    SequenceLoss.Result loss(SequenceNetwork.Forward out, int featureSize) {
      return SequenceLoss.of(out, featureSize, label, valid, null, 0.0);
    }

    float[] dValence(SequenceNetwork.Forward out, int featureSize) {
      return validSteps() > out.batch()
          ? loss(out, featureSize).dValence()
          : new float[out.batch() * out.steps()];
    }
  }

  private static float[] randomInputs(int n, SplittableRandom rng) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return x;
  }

  /**
   * Checks the analytic gradients of {@code net} (parameters and inputs) against central
   * differences along random directions, with the dropout masks of {@code maskSeed} (or none);
   * returns the worst relative error.
   */
  private static double checkGradients(
      LstmNetwork net, int batch, int steps, Long maskSeed, SplittableRandom rng) {
    int fs = net.featureSize();
    float[] x = randomInputs(batch * steps * net.inputSize(), rng);
    Objective obj = Objective.random(batch, steps, fs, rng);
    SequenceNetwork.Forward out =
        net.forward(x, batch, steps, maskSeed == null ? null : new SplittableRandom(maskSeed));
    float[] dx = net.backward(obj.dValence(out, fs), obj.r(), true);
    float[] g = net.gradientArray().clone();
    float[] p0 = net.flatParameters();
    double worst = 0;
    for (int trial = 0; trial < 3; trial++) {
      // parameters: directional derivative along a random +-1 direction
      float[] v = new float[p0.length];
      double analytic = 0;
      for (int i = 0; i < v.length; i++) {
        v[i] = rng.nextBoolean() ? 1f : -1f;
        analytic += (double) g[i] * v[i];
      }
      // central differences at three step sizes: truncation error shrinks with eps, float
      // rounding grows as 1/eps, and a stiff objective (CCC over 3-5 steps) needs the small end
      // while a flat one needs the large; a wrong gradient term is off at every eps
      double best = Double.POSITIVE_INFINITY;
      for (double eps : STEPS) {
        double numeric =
            (eval(net, p0, v, eps, x, batch, steps, maskSeed, obj)
                    - eval(net, p0, v, -eps, x, batch, steps, maskSeed, obj))
                / (2 * eps);
        best = Math.min(best, relErr(analytic, numeric));
      }
      worst = Math.max(worst, best);
      net.setFlatParameters(p0);
      // inputs
      float[] u = new float[x.length];
      double analyticX = 0;
      for (int i = 0; i < u.length; i++) {
        u[i] = rng.nextBoolean() ? 1f : -1f;
        analyticX += (double) dx[i] * u[i];
      }
      best = Double.POSITIVE_INFINITY;
      for (double eps : STEPS) {
        double numeric =
            (evalX(net, x, u, eps, batch, steps, maskSeed, obj)
                    - evalX(net, x, u, -eps, batch, steps, maskSeed, obj))
                / (2 * eps);
        best = Math.min(best, relErr(analyticX, numeric));
      }
      worst = Math.max(worst, best);
    }
    net.setFlatParameters(p0);
    return worst;
  }

  /** Finite-difference step sizes; the error reported is the smallest over them. */
  private static final double[] STEPS = {3e-3, 1e-3, 3e-4};

  /**
   * The example that failed on a random seed with the single step 1e-3 (relative error 0.0147, a
   * bidirectional 1-unit LSTM over 5 steps).
   */
  @Test
  void stiffTinyNetworkFromARandomSeed() {
    assertTrue(checkOtherShape(-77L) < 1e-2);
  }

  private static double relErr(double a, double b) {
    return Math.abs(a - b) / Math.max(1e-2, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static double eval(
      LstmNetwork net,
      float[] p0,
      float[] v,
      double eps,
      float[] x,
      int batch,
      int steps,
      Long maskSeed,
      Objective obj) {
    float[] p = new float[p0.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (p0[i] + eps * v[i]);
    }
    net.setFlatParameters(p);
    return obj.value(
        net.forward(x, batch, steps, maskSeed == null ? null : new SplittableRandom(maskSeed)),
        net.featureSize());
  }

  private static double evalX(
      LstmNetwork net,
      float[] x,
      float[] u,
      double eps,
      int batch,
      int steps,
      Long maskSeed,
      Objective obj) {
    float[] xp = new float[x.length];
    for (int i = 0; i < xp.length; i++) {
      xp[i] = (float) (x[i] + eps * u[i]);
    }
    return obj.value(
        net.forward(xp, batch, steps, maskSeed == null ? null : new SplittableRandom(maskSeed)),
        net.featureSize());
  }

  @Test
  void dropoutPathMatchesFiniteDifferences() {
    LstmConfig cfg = LstmConfig.builder().inputSize(5).hidden(4).layers(3).dropout(0.4).build();
    LstmNetwork net = LstmNetwork.initialize(cfg, 3L);
    double worst = checkGradients(net, 2, 7, 99L, new SplittableRandom(4));
    System.out.printf(Locale.ROOT, "lstm dropout finite differences: worst rel err %.3g%n", worst);
    assertTrue(worst < 2e-3, "worst relative error " + worst);
  }

  @Test
  void dropoutIsDrawnFromTheRandomSourceOnlyInTraining() {
    LstmConfig cfg = LstmConfig.builder().inputSize(3).hidden(5).build();
    LstmNetwork net = LstmNetwork.initialize(cfg, 1L);
    float[] x = randomInputs(2 * 6 * 3, new SplittableRandom(2));
    float[] eval1 = net.forward(x, 2, 6, null).features().clone();
    float[] eval2 = net.forward(x, 2, 6, null).features().clone();
    assertArrayEquals(eval1, eval2);
    float[] train1 = net.forward(x, 2, 6, new SplittableRandom(5)).features().clone();
    float[] train2 = net.forward(x, 2, 6, new SplittableRandom(5)).features().clone();
    float[] train3 = net.forward(x, 2, 6, new SplittableRandom(6)).features().clone();
    assertArrayEquals(train1, train2);
    assertFalse(Arrays.equals(train1, eval1));
    assertFalse(Arrays.equals(train1, train3));
    // one layer: PyTorch's dropout between layers has nothing to act on
    LstmNetwork single = LstmNetwork.initialize(cfg.toBuilder().layers(1).build(), 1L);
    assertArrayEquals(
        single.forward(x, 2, 6, null).features().clone(),
        single.forward(x, 2, 6, new SplittableRandom(5)).features());
  }

  @Test
  void gradientsMatchFiniteDifferencesForOtherShapes() {
    qt().withExamples(12).forAll(longs().all()).checkAssert(seed -> checkOtherShape(seed));
  }

  /** A random shape, batch, length and mask seed drawn from {@code seed}; asserts and returns. */
  private static double checkOtherShape(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    LstmConfig cfg =
        LstmConfig.builder()
            .inputSize(1 + rng.nextInt(4))
            .hidden(1 + rng.nextInt(5))
            .layers(1 + rng.nextInt(3))
            .bidirectional(rng.nextBoolean())
            .dropout(rng.nextBoolean() ? 0.0 : 0.3)
            .build();
    LstmNetwork net = LstmNetwork.initialize(cfg, seed);
    int batch = 1 + rng.nextInt(3);
    int steps = 1 + rng.nextInt(6);
    Long masks = rng.nextBoolean() ? null : rng.nextLong();
    double worst = checkGradients(net, batch, steps, masks, rng);
    // float32 forward passes and CCC over as few as 3 valid steps (a stiff objective):
    // central differences are good to a few 1e-3 here; a wrong term gives O(0.1-1)
    assertTrue(worst < 1e-2, cfg + " batch " + batch + " steps " + steps + ": " + worst);
    return worst;
  }

  @Test
  void backwardWithoutFeatureGradientOrInputGradient() {
    LstmConfig cfg = LstmConfig.builder().inputSize(3).hidden(2).build();
    LstmNetwork net = LstmNetwork.initialize(cfg, 8L);
    float[] x = randomInputs(2 * 4 * 3, new SplittableRandom(1));
    net.forward(x, 2, 4, null);
    float[] dv = randomInputs(8, new SplittableRandom(2));
    assertNull(net.backward(dv, null, false));
    float[] g1 = net.gradientArray().clone();
    float[] dx = net.backward(dv, new float[8 * cfg.featureSize()], true);
    assertEquals(2 * 4 * 3, dx.length);
    assertArrayEquals(g1, net.gradientArray(), "gradients are overwritten, not accumulated");
  }

  @Test
  void initialisationFollowsPytorchDefaultsAndIsSeeded() {
    LstmConfig cfg = LstmConfig.builder().inputSize(7).build();
    LstmNetwork a = LstmNetwork.initialize(cfg, 42L);
    LstmNetwork b = LstmNetwork.initialize(cfg, 42L);
    LstmNetwork c = LstmNetwork.initialize(cfg, 43L);
    assertArrayEquals(a.flatParameters(), b.flatParameters());
    assertFalse(Arrays.equals(a.flatParameters(), c.flatParameters()));
    // nn.LSTM(7, 64, 2, bidirectional): 4H (in + H) + 8H per layer and direction; Linear(128, 1)
    int expected = 2 * (256 * (7 + 64) + 512) + 2 * (256 * (128 + 64) + 512) + 128 + 1;
    assertEquals(expected, a.parameterCount());
    for (Map.Entry<String, float[]> e : a.weights().entrySet()) {
      double bound = e.getKey().startsWith("lstm.") ? 1 / Math.sqrt(64) : 1 / Math.sqrt(128);
      double max = 0;
      for (float v : e.getValue()) {
        assertTrue(Math.abs(v) <= bound, e.getKey() + " value " + v + " outside +-" + bound);
        max = Math.max(max, Math.abs(v));
      }
      if (e.getValue().length > 100) {
        assertTrue(max > 0.9 * bound, e.getKey() + " does not fill its range: " + max);
      }
    }
  }

  @Test
  void namedWeightsRoundTripInPytorchLayout() {
    LstmConfig cfg = LstmConfig.builder().inputSize(3).hidden(2).build();
    LstmNetwork a = LstmNetwork.initialize(cfg, 1L);
    Map<String, float[]> w = a.weights();
    assertEquals(
        java.util.List.of(
            "lstm.weight_ih_l0",
            "lstm.weight_hh_l0",
            "lstm.bias_ih_l0",
            "lstm.bias_hh_l0",
            "lstm.weight_ih_l0_reverse",
            "lstm.weight_hh_l0_reverse",
            "lstm.bias_ih_l0_reverse",
            "lstm.bias_hh_l0_reverse",
            "lstm.weight_ih_l1",
            "lstm.weight_hh_l1",
            "lstm.bias_ih_l1",
            "lstm.bias_hh_l1",
            "lstm.weight_ih_l1_reverse",
            "lstm.weight_hh_l1_reverse",
            "lstm.bias_ih_l1_reverse",
            "lstm.bias_hh_l1_reverse",
            "regressor.w",
            "regressor.b"),
        java.util.List.copyOf(w.keySet()));
    assertEquals(8 * 3, w.get("lstm.weight_ih_l0").length);
    assertEquals(8 * 4, w.get("lstm.weight_ih_l1").length);
    LstmNetwork b = LstmNetwork.fromWeights(cfg, w);
    assertArrayEquals(a.flatParameters(), b.flatParameters());

    w.remove("regressor.b");
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> LstmNetwork.fromWeights(cfg, w));
    assertTrue(missing.getMessage().contains("regressor.b is missing"), missing.getMessage());
    w.put("regressor.b", new float[2]);
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> LstmNetwork.fromWeights(cfg, w));
    assertTrue(size.getMessage().contains("must have 1 values"), size.getMessage());
    w.put("regressor.b", new float[] {Float.NaN});
    assertThrows(IllegalArgumentException.class, () -> LstmNetwork.fromWeights(cfg, w));
    w.put("regressor.b", new float[1]);
    w.put("lstm.weight_ih_l2", new float[1]);
    IllegalArgumentException extra =
        assertThrows(IllegalArgumentException.class, () -> LstmNetwork.fromWeights(cfg, w));
    assertTrue(extra.getMessage().contains("lstm.weight_ih_l2 is not a parameter"));
  }

  @Test
  void rejectsBadCallsAndShapes() {
    LstmConfig cfg = LstmConfig.builder().inputSize(3).hidden(2).build();
    LstmNetwork net = LstmNetwork.initialize(cfg, 1L);
    IllegalStateException order =
        assertThrows(IllegalStateException.class, () -> net.backward(new float[4], null, false));
    assertEquals("backward must follow a forward pass", order.getMessage());
    IllegalArgumentException in =
        assertThrows(IllegalArgumentException.class, () -> net.forward(new float[5], 1, 2, null));
    assertTrue(in.getMessage().contains("got 5"), in.getMessage());
    net.forward(new float[12], 2, 2, null);
    assertThrows(IllegalArgumentException.class, () -> net.backward(new float[3], null, false));
    assertThrows(
        IllegalArgumentException.class, () -> net.backward(new float[4], new float[3], false));
    assertThrows(IllegalArgumentException.class, () -> net.predict(new float[0][3]));
    assertThrows(IllegalArgumentException.class, () -> net.predict(new float[][] {{1, 2}}));
    assertThrows(
        IllegalArgumentException.class, () -> net.predict(new float[][] {{1, Float.NaN, 2}}));
    assertThrows(IllegalArgumentException.class, () -> net.setFlatParameters(new float[3]));
  }

  @Test
  void configBuilderValidates() {
    LstmConfig d = LstmConfig.builder().inputSize(192).build();
    assertEquals(new LstmConfig(192, 64, 2, true, 0.4), d);
    assertEquals(128, d.featureSize());
    assertEquals(192, d.layerInput(0));
    assertEquals(128, d.layerInput(1));
    assertEquals(d, d.toBuilder().build());
    assertEquals(64, d.toBuilder().bidirectional(false).build().featureSize());
    IllegalStateException unset =
        assertThrows(IllegalStateException.class, () -> LstmConfig.builder().build());
    assertTrue(unset.getMessage().startsWith("inputSize must be set"), unset.getMessage());
    assertEquals(
        "hidden must be > 0, got 0",
        assertThrows(IllegalArgumentException.class, () -> LstmConfig.builder().hidden(0))
            .getMessage());
    assertEquals(
        "dropout must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> LstmConfig.builder().dropout(1.0))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> LstmConfig.builder().layers(0));
    assertThrows(IllegalArgumentException.class, () -> LstmConfig.builder().layers(65));
    assertThrows(IllegalArgumentException.class, () -> LstmConfig.builder().inputSize(-1));
    assertThrows(IllegalArgumentException.class, () -> new LstmConfig(3, 4, 2, true, -0.1));
  }
}
