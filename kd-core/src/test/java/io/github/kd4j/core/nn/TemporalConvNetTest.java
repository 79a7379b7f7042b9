package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TrainSteps;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Consistency checks of the engine that need no reference: padding, dropout, causality, errors. */
class TemporalConvNetTest {
  private static final TcnConfig CFG =
      TcnConfig.builder().inputSize(3).channels(5, 4).dropout(0.2).build();

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  @Test
  void zeroPaddingIsExcludedFromLossAndGradients() {
    int real = 17;
    int padded = 30;
    float[] x = random(real * 3, 1);
    float[] y = random(real, 2);
    float[] k = random(real * 4, 3);
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    io.github.kd4j.core.train.LossValue a =
        TrainSteps.gradients(net, new TrainingBatch(1, real, 3, x, y, null, k), 0.5, null);
    Map<String, float[]> ga = net.gradients();
    float[] xp = new float[padded * 3];
    float[] yp = new float[padded];
    float[] kp = new float[padded * 4];
    System.arraycopy(x, 0, xp, 0, x.length);
    System.arraycopy(y, 0, yp, 0, y.length);
    System.arraycopy(k, 0, kp, 0, k.length);
    io.github.kd4j.core.train.LossValue b =
        TrainSteps.gradients(
            net, new TrainingBatch(1, padded, 3, xp, yp, new int[] {real}, kp), 0.5, null);
    assertEquals(a.total(), b.total(), 1e-12);
    for (Map.Entry<String, float[]> e : net.gradients().entrySet()) {
      assertArrayEquals(ga.get(e.getKey()), e.getValue(), 1e-7f, e.getKey());
    }
  }

  @Test
  void inPlaceParameterChangesAreSeenByTheNextForward() {
    // the effective weight-norm weights are cached between calls with unchanged parameters
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    float[] x = random(20 * 3, 5);
    float[] before = net.forward(x, 1, 20, null).valence().clone();
    float[] params = net.parameterArray();
    float[] perturbed = params.clone();
    SplittableRandom r = new SplittableRandom(9);
    for (int i = 0; i < perturbed.length; i++) {
      perturbed[i] += (float) (0.05 * r.nextGaussian());
    }
    System.arraycopy(perturbed, 0, params, 0, params.length); // as Adam does, in place
    float[] after = net.forward(x, 1, 20, null).valence().clone();
    TemporalConvNet fresh = TemporalConvNet.initialize(CFG, 7);
    System.arraycopy(perturbed, 0, fresh.parameterArray(), 0, perturbed.length);
    float[] expected = fresh.forward(x, 1, 20, null).valence();
    assertArrayEquals(expected, java.util.Arrays.copyOf(after, 20), 0f);
    assertNotEquals(before[5], after[5]);
    // and unchanged parameters give bit-identical outputs on repeated calls
    assertArrayEquals(after, net.forward(x, 1, 20, null).valence().clone(), 0f);
  }

  @Test
  void outputsAreCausal() {
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    float[][] x = new float[40][3];
    float[] r = random(120, 4);
    for (int t = 0; t < 40; t++) {
      System.arraycopy(r, 3 * t, x[t], 0, 3);
    }
    float[] before = net.predict(x).valence();
    x[25][1] += 5f;
    float[] after = net.predict(x).valence();
    for (int t = 0; t < 25; t++) {
      assertEquals(before[t], after[t], 0f, "step " + t + " must not see step 25");
    }
    assertNotEquals(before[25], after[25]);
  }

  @Test
  void dropoutFollowsItsRandomStream() {
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    TrainingBatch b = new TrainingBatch(2, 20, 3, random(120, 5), random(40, 6), null, null);
    double l1 = TrainSteps.gradients(net, b, 0, new SplittableRandom(1)).total();
    double l2 = TrainSteps.gradients(net, b, 0, new SplittableRandom(1)).total();
    double l3 = TrainSteps.gradients(net, b, 0, new SplittableRandom(2)).total();
    double eval = TrainSteps.gradients(net, b, 0, null).total();
    assertEquals(l1, l2, 0.0);
    assertNotEquals(l1, l3);
    assertNotEquals(l1, eval);
  }

  @Test
  void weightsRoundTripInPytorchLayout() {
    TemporalConvNet a = TemporalConvNet.initialize(CFG, 7);
    TemporalConvNet b = TemporalConvNet.fromWeights(a.weights());
    assertArrayEquals(a.flatParameters(), b.flatParameters());
    // SPEC 5 initialisation: g = ||v|| so w = v, PReLU slopes 0.25
    TcnWeights w = a.weights();
    assertArrayEquals(w.get("block0.conv1.v"), w.effectiveConvWeight("block0.conv1"), 1e-7f);
    assertEquals(0.25f, w.get("block1.prelu")[0]);
  }

  @Test
  void badInputIsNamed() {
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.predict(new float[][] {{1, 2}}));
    assertTrue(
        e.getMessage().contains("x must have 3 features per step, got 2 at step 0"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> net.predict(new float[][] {{1, Float.NaN, 2}}));
    assertTrue(
        e.getMessage().contains("x must be finite, got NaN at step 0, feature 1"), e.getMessage());
    TrainingBatch noTeacher = new TrainingBatch(1, 5, 3, random(15, 1), random(5, 2), null, null);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainSteps.gradients(net, noTeacher, 0.4, null));
    assertTrue(
        e.getMessage().contains("kdWeight is 0.4 but the batch has no teacher features"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TrainingBatch(1, 5, 3, random(14, 1), random(5, 2), null, null));
    assertTrue(
        e.getMessage().contains("inputs must have batch * steps * inputSize = 15 values, got 14"),
        e.getMessage());
    TrainingBatch flat = new TrainingBatch(1, 5, 3, random(15, 1), new float[5], null, null);
    TemporalConvNet zero = TemporalConvNet.fromWeights(zeroRegressor(net.weights()));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> TrainSteps.gradients(zero, flat, 0, null));
    assertTrue(e.getMessage().contains("CCC loss is undefined for window 0"), e.getMessage());
  }

  private static TcnWeights zeroRegressor(TcnWeights w) {
    Map<String, float[]> m = new java.util.LinkedHashMap<>();
    for (String n : w.names()) {
      m.put(n, w.get(n));
    }
    m.put("regressor.w", new float[w.config().outputSize()]);
    m.put("regressor.b", new float[1]);
    return TcnWeights.of(w.config(), m);
  }

  @Test
  void inputGradientMatchesFiniteDifferences() {
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    int steps = 12;
    float[] x = random(steps * 3, 8);
    // L = sum_t c_t * valence_t with fixed c: dL/dvalence = c
    float[] c = random(steps, 9);
    SequenceNetwork.Forward f = net.forward(x, 1, steps, null);
    assertEquals(steps, f.batch() * f.steps());
    float[] g = net.backward(c, null, true);
    assertEquals(steps * 3, g.length);
    double worst = 0;
    double peak = 0;
    for (int i = 0; i < x.length; i++) {
      double h = 1e-2;
      float[] xp = x.clone();
      float[] xm = x.clone();
      xp[i] += (float) h;
      xm[i] -= (float) h;
      double lp = dot(net.forward(xp, 1, steps, null).valence(), c);
      double lm = dot(net.forward(xm, 1, steps, null).valence(), c);
      double fd = (lp - lm) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - g[i]));
      peak = Math.max(peak, Math.abs(g[i]));
    }
    // float32 forward passes: central differences at h = 1e-2 carry ~1e-5 absolute error
    assertTrue(worst < 2e-3 * peak + 1e-5, "worst " + worst + " peak " + peak);
    // causality: the gradient of an early output ignores later inputs
    float[] early = new float[steps];
    early[4] = 1f;
    net.forward(x, 1, steps, null);
    float[] ge = net.backward(early, null, true);
    for (int i = 5 * 3; i < ge.length; i++) {
      assertEquals(0f, ge[i], 0f, "input " + i + " is after step 4");
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < b.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void backwardBeforeForwardIsAnError() {
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 7);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> net.backward(new float[3], null, false));
    assertTrue(e.getMessage().contains("before forward"), e.getMessage());
  }

  @Test
  void fromParametersRebuildsTheNetworkWithoutDrawingWeights() {
    TcnConfig cfg = TcnConfig.builder().inputSize(5).channels(6, 4).kernelSize(3).build();
    TemporalConvNet a = TemporalConvNet.initialize(cfg, 17);
    assertEquals(a.parameterCount(), TemporalConvNet.parameterCount(cfg));
    TemporalConvNet b = TemporalConvNet.fromParameters(cfg, a.flatParameters());
    float[][] x = new float[9][5];
    SplittableRandom r = new SplittableRandom(3);
    for (float[] row : x) {
      for (int c = 0; c < row.length; c++) {
        row[c] = (float) r.nextGaussian();
      }
    }
    assertArrayEquals(a.predict(x).valence(), b.predict(x).valence());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TemporalConvNet.fromParameters(cfg, new float[a.parameterCount() - 1]));
    assertTrue(e.getMessage().contains(a.parameterCount() + " values"), e.getMessage());
  }
}
