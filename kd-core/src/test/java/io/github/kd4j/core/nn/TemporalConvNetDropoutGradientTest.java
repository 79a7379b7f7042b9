package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TrainSteps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences of the training loss against {@link
 * io.github.kd4j.core.train.TrainingLoss#computeGradients} with dropout ON: a {@link
 * SplittableRandom} of a fixed seed draws the masks, and every loss evaluation uses a fresh
 * generator of the same seed, so all evaluations share one mask set and {@code (L(theta + h e_i) -
 * L(theta - h e_i)) / 2h} is the derivative the backward pass must give (dropout's backward
 * included). A small network with a padded window and the knowledge term, moved off its
 * initialisation by a few training steps so that {@code g != ||v||}.
 */
class TemporalConvNetDropoutGradientTest {
  private static final TcnConfig CFG =
      TcnConfig.builder().inputSize(3).channels(5, 4).kernelSize(3).dropout(0.3).build();
  private static final int BATCH = 2;
  private static final int STEPS = 16;
  private static final int[] VALID = {16, 11};
  private static final double KD_WEIGHT = 0.5;
  private static final long MASK_SEED = 77;

  /** Parameters checked per tensor (index 0, the last one and random ones in between). */
  private static final int SAMPLES_PER_TENSOR = 6;

  /** Number of step sizes tried per parameter, each a quarter of the one before. */
  private static final int LADDER = 5;

  /**
   * Largest step relative to the parameter's scale: the float32 loss carries ~1e-7 relative
   * rounding, so the difference quotient's rounding error is ~1e-7 |L| / h; its truncation error is
   * O(h^2).
   */
  private static final double H_REL = 1e-2;

  /**
   * Agreement of the analytic gradient and the difference quotient, relative to {@code max(|grad|,
   * 0.05 max |grad of the tensor|)} (the floor keeps near-zero entries from dividing by rounding):
   * the quotient's rounding error (above) and the rare PReLU or L1 kink that a step of h crosses
   * bound it; a wrong dropout scale (1 / (1 - p) = 1.43 here) or mask in the backward pass gives
   * errors of order 0.4 to 1.
   */
  private static final double REL_TOL = 2e-2;

  /**
   * Absolute floor of the error's denominator: the float32 loss carries rounding of ~4e-8
   * (measured: neighbouring tiny steps scatter by that much), so a difference quotient at the steps
   * used (>= 1e-4) is uncertain by ~2e-4 = REL_TOL * ABS_FLOOR; smaller gradients are checked to
   * that absolute accuracy.
   */
  private static final double ABS_FLOOR = 1e-2;

  /** The worst relative error this test measured, printed for the record. */
  private double worst;

  private static TrainingBatch batch() {
    SplittableRandom r = new SplittableRandom(5);
    float[] x = new float[BATCH * STEPS * CFG.inputSize()];
    float[] y = new float[BATCH * STEPS];
    float[] teacher = new float[BATCH * STEPS * CFG.outputSize()];
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < VALID[b]; t++) {
        for (int c = 0; c < CFG.inputSize(); c++) {
          x[(b * STEPS + t) * CFG.inputSize() + c] = (float) r.nextGaussian();
        }
        y[b * STEPS + t] = (float) (Math.sin(0.4 * t + b) + 0.1 * r.nextGaussian());
        for (int f = 0; f < CFG.outputSize(); f++) {
          teacher[(b * STEPS + t) * CFG.outputSize() + f] = (float) r.nextGaussian();
        }
      }
    }
    return new TrainingBatch(BATCH, STEPS, CFG.inputSize(), x, y, VALID, teacher);
  }

  /** The loss with the fixed masks (a fresh generator of the same seed). */
  private static double loss(TemporalConvNet net, TrainingBatch b) {
    return TrainSteps.gradients(net, b, KD_WEIGHT, new SplittableRandom(MASK_SEED)).total();
  }

  private static TemporalConvNet trainedNet(TrainingBatch b) {
    TemporalConvNet net = TemporalConvNet.initialize(CFG, 3);
    Adam adam = Adam.builder().learningRate(2e-2).build();
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < 15; i++) {
      TrainSteps.trainStep(net, b, KD_WEIGHT, adam, rng);
    }
    return net;
  }

  @Test
  void masksAreFixedBySeedAndChangeTheGradient() {
    TrainingBatch b = batch();
    TemporalConvNet net = trainedNet(b);
    double a = loss(net, b);
    Map<String, float[]> ga = copy(net.gradients());
    assertEquals(a, loss(net, b), 0.0, "same seed, same masks, same loss");
    double noDrop = TrainSteps.gradients(net, b, KD_WEIGHT, null).total();
    assertNotEquals(a, noDrop, "dropout must be active in this test");
    double other =
        TrainSteps.gradients(net, b, KD_WEIGHT, new SplittableRandom(MASK_SEED + 1)).total();
    assertNotEquals(a, other, "another seed draws other masks");
    // the gradient with masks differs from the one without: the check below exercises dropout
    TrainSteps.gradients(net, b, KD_WEIGHT, null);
    float[] g0 = net.gradients().get("block0.conv1.v");
    float[] gd = ga.get("block0.conv1.v");
    double diff = 0;
    for (int i = 0; i < g0.length; i++) {
      diff = Math.max(diff, Math.abs(g0[i] - gd[i]));
    }
    assertTrue(diff > 1e-3 * peak(gd), "masked gradient differs from the unmasked one: " + diff);
  }

  @Test
  void gradientsMatchCentralDifferencesWithDropoutOn() {
    TrainingBatch b = batch();
    TemporalConvNet net = trainedNet(b);
    loss(net, b);
    Map<String, float[]> analytic = copy(net.gradients());
    // negative control: the gradient of the same network without dropout must NOT pass the check
    TrainSteps.gradients(net, b, KD_WEIGHT, null);
    Map<String, float[]> unmasked = copy(net.gradients());
    int unmaskedFails = 0;
    TcnWeights base = net.weights();
    SplittableRandom pick = new SplittableRandom(123);
    int checked = 0;
    int relative = 0;
    for (String name : base.names()) {
      float[] theta = base.get(name);
      float[] grad = analytic.get(name);
      double scale = Math.max(rms(theta), 1e-2);
      double floor = 0.05 * peak(grad);
      for (int s = 0; s < Math.min(SAMPLES_PER_TENSOR, theta.length); s++) {
        int i = s == 0 ? 0 : s == 1 ? theta.length - 1 : pick.nextInt(theta.length);
        double h = H_REL * Math.max(Math.abs(theta[i]), scale);
        double denom = Math.max(Math.abs(grad[i]), Math.max(floor, ABS_FLOOR));
        if (Math.abs(grad[i]) >= ABS_FLOOR) {
          relative++;
        }
        // a ladder of steps h, h/4, ..., h/256: large steps may cross a PReLU or L1 kink (error
        // linear in h), small ones drown in float32 rounding (error ~ 1e-8 / h); the check passes
        // where two neighbouring steps agree with each other and with the backward pass
        double[] fd = new double[LADDER];
        for (int k = 0; k < LADDER; k++) {
          fd[k] = centralDifference(net, base, name, i, h / Math.pow(4, k), b);
        }
        double best = ladderError(fd, grad[i]) / denom;
        double u = unmasked.get(name)[i];
        if (ladderError(fd, u) / Math.max(Math.abs(u), Math.max(floor, ABS_FLOOR)) > REL_TOL) {
          unmaskedFails++;
        }
        worst = Math.max(worst, best);
        assertTrue(
            best <= REL_TOL,
            String.format(
                "%s[%d]: backward %.6g, difference quotients %s for h = %.3g / 4^k",
                name, i, grad[i], java.util.Arrays.toString(fd), h));
        checked++;
      }
    }
    System.out.printf(
        "dropout gradient check: %d parameters of %d tensors (%d with |grad| >= %.0e), worst"
            + " error %.3g of max(|grad|, floor)%n",
        checked, base.names().size(), relative, ABS_FLOOR, worst);
    System.out.printf(
        "without dropout in the backward pass %d of %d parameters would fail%n",
        unmaskedFails, checked);
    assertTrue(unmaskedFails > checked / 2, "negative control fails only " + unmaskedFails);
    assertTrue(relative >= checked / 3, "too few large gradients to test: " + relative);
    assertTrue(checked >= 3 * base.names().size() / 2, "checked " + checked);
  }

  /**
   * The smallest, over neighbouring steps k and k + 1 of the ladder, of the largest disagreement
   * among {@code fd[k]}, {@code fd[k + 1]} and the backward value.
   */
  private static double ladderError(double[] fd, double backward) {
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k + 1 < fd.length; k++) {
      double pair =
          Math.max(
              Math.abs(fd[k] - fd[k + 1]),
              Math.max(Math.abs(fd[k] - backward), Math.abs(fd[k + 1] - backward)));
      best = Math.min(best, pair);
    }
    return best;
  }

  /** (L(theta + h e_i) - L(theta - h e_i)) / (actual float32 step), masks fixed. */
  private static double centralDifference(
      TemporalConvNet net, TcnWeights base, String name, int i, double h, TrainingBatch b) {
    float plus = (float) (base.get(name)[i] + h);
    float minus = (float) (base.get(name)[i] - h);
    double lp = loss(withValue(net, base, name, i, plus), b);
    double lm = loss(withValue(net, base, name, i, minus), b);
    net.setWeights(base);
    return (lp - lm) / ((double) plus - minus);
  }

  private static TemporalConvNet withValue(
      TemporalConvNet net, TcnWeights base, String name, int i, float value) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String n : base.names()) {
      m.put(n, base.get(n));
    }
    m.get(name)[i] = value;
    net.setWeights(TcnWeights.of(base.config(), m));
    return net;
  }

  private static Map<String, float[]> copy(Map<String, float[]> g) {
    Map<String, float[]> c = new LinkedHashMap<>();
    g.forEach((k, v) -> c.put(k, v.clone()));
    return c;
  }

  private static double peak(float[] v) {
    double p = 0;
    for (float x : v) {
      p = Math.max(p, Math.abs(x));
    }
    return p;
  }

  private static double rms(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s / v.length);
  }
}
