package io.github.kd4j.core.bench;

import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sanity checks of the two baselines, run by hand (a main, not a unit test: ND4J graph construction
 * and DL4J initialisation take seconds):
 *
 * <ol>
 *   <li>SameDiff's {@code CAUSAL} conv1d equals explicit left zero padding + VALID (same seed, same
 *       parameters, features compared);
 *   <li>{@link CccLossFunction} on DL4J's own 3-D to 2-D reshape equals 1 - CCC per window computed
 *       directly, and its gradient matches central differences;
 *   <li>three training steps of every variant give finite losses that change.
 * </ol>
 *
 * <pre>
 * ./mvnw -B -q -pl kd-core -am test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.github.kd4j.core.bench.BaselineSmoke
 * </pre>
 */
public final class BaselineSmoke {

  private BaselineSmoke() {}

  public static void main(String[] args) {
    checkCausalPadding();
    checkCccLoss();
    checkFitEqualsGradients();
    int failures = 0;
    failures += train(() -> new SameDiffTrainingStep(SameDiffTrainingStep.Route.FIT, false, 1));
    failures +=
        train(() -> new SameDiffTrainingStep(SameDiffTrainingStep.Route.GRADIENTS, false, 1));
    failures += train(() -> new Dl4jTrainingStep(false, 1));
    try {
      train(() -> new Dl4jTrainingStep(true, 1));
    } catch (RuntimeException e) {
      System.out.println("DL4J with PReLULayer (one shared slope) fails: " + e);
    }
    if (failures > 0) {
      throw new IllegalStateException(failures + " baseline(s) did not train");
    }
    System.out.println("all baselines train");
  }

  private static void checkCausalPadding() {
    try (SameDiffTrainingStep causal =
            new SameDiffTrainingStep(SameDiffTrainingStep.Route.GRADIENTS, false, 5);
        SameDiffTrainingStep padded =
            new SameDiffTrainingStep(SameDiffTrainingStep.Route.GRADIENTS, true, 5)) {
      INDArray a = causal.features();
      INDArray b = padded.features();
      double err = a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
      System.out.printf(
          "SameDiff CAUSAL vs pad + VALID: relative error %.3g (features norm %.4g)%n",
          err, b.norm2Number().doubleValue());
      if (!(err < 1e-5)) {
        throw new IllegalStateException("CAUSAL conv1d must equal explicit padding, got " + err);
      }
    }
  }

  /**
   * Both SameDiff routes, built from the same seed and fed the same dropout masks, must move the
   * parameters identically (up to float rounding) over three steps.
   */
  private static void checkFitEqualsGradients() {
    String[] names = {"b0_conv1_v", "b0_conv1_g", "b1_conv2_v", "b0_down_w", "reg_w", "b0_a1"};
    INDArray[] before = new INDArray[names.length];
    INDArray[] viaFit = new INDArray[names.length];
    try (SameDiffTrainingStep fit =
        new SameDiffTrainingStep(SameDiffTrainingStep.Route.FIT, false, 9)) {
      for (int i = 0; i < names.length; i++) {
        before[i] = fit.parameter(names[i]);
      }
      for (int i = 0; i < 3; i++) {
        fit.step();
      }
      for (int i = 0; i < names.length; i++) {
        viaFit[i] = fit.parameter(names[i]);
      }
    }
    try (SameDiffTrainingStep byHand =
        new SameDiffTrainingStep(SameDiffTrainingStep.Route.GRADIENTS, false, 9)) {
      for (int i = 0; i < 3; i++) {
        byHand.step();
      }
      for (int i = 0; i < names.length; i++) {
        INDArray b = byHand.parameter(names[i]);
        double moved = viaFit[i].sub(before[i]).norm2Number().doubleValue();
        double err = viaFit[i].sub(b).norm2Number().doubleValue();
        System.out.printf(
            "SameDiff fit vs calculateGradients + Adam after 3 steps, %s: moved %.3g, routes differ"
                + " by %.3g%n",
            names[i], moved, err);
        if (!(moved > 0 && err <= 0.01 * moved)) {
          throw new IllegalStateException(
              "both SameDiff routes must do the same update, got difference "
                  + err
                  + " for a move of "
                  + moved
                  + " in "
                  + names[i]);
        }
      }
    }
  }

  private static void checkCccLoss() {
    int steps = StudentBatch.STEPS;
    Nd4j.getRandom().setSeed(3);
    INDArray x3 = Nd4j.randn(DataType.FLOAT, 2, 1, steps);
    INDArray y3 = Nd4j.rand(DataType.FLOAT, 2, 1, steps);
    INDArray x2 = TimeSeriesUtils.reshape3dTo2d(x3);
    INDArray y2 = TimeSeriesUtils.reshape3dTo2d(y3);
    CccLossFunction loss = new CccLossFunction(steps);
    double got = loss.computeScore(y2, x2.dup(), new ActivationIdentity(), null, true);
    double want = 0;
    for (int b = 0; b < 2; b++) {
      want += 1 - ccc(x3.reshape(2, steps).getRow(b), y3.reshape(2, steps).getRow(b));
    }
    want /= 2;
    System.out.printf("CCC loss on DL4J's 2-D layout: %.7f, direct: %.7f%n", got, want);
    if (!(Math.abs(got - want) < 1e-5)) {
      throw new IllegalStateException("CCC loss must match the direct CCC, got " + got);
    }
    INDArray g = loss.computeGradient(y2, x2.dup(), new ActivationIdentity(), null);
    INDArray xd = x2.castTo(DataType.DOUBLE);
    INDArray yd = y2.castTo(DataType.DOUBLE);
    double worst = 0;
    for (int r : new int[] {0, 1, 7, 100, 191}) {
      double h = 1e-4;
      INDArray plus = xd.dup();
      plus.putScalar(r, 0, plus.getDouble(r, 0) + h);
      INDArray minus = xd.dup();
      minus.putScalar(r, 0, minus.getDouble(r, 0) - h);
      double fd =
          (loss.computeScore(yd, plus, new ActivationIdentity(), null, false)
                  - loss.computeScore(yd, minus, new ActivationIdentity(), null, false))
              / (2 * h);
      worst = Math.max(worst, Math.abs(fd - g.getDouble(r, 0)));
    }
    System.out.printf("CCC loss gradient vs central differences: max abs error %.3g%n", worst);
    if (!(worst < 1e-3)) {
      throw new IllegalStateException("CCC gradient must match central differences, got " + worst);
    }
  }

  private static double ccc(INDArray x, INDArray y) {
    double mx = x.meanNumber().doubleValue();
    double my = y.meanNumber().doubleValue();
    INDArray dx = x.sub(mx);
    INDArray dy = y.sub(my);
    double sxy = dx.mul(dy).meanNumber().doubleValue();
    double sxx = dx.mul(dx).meanNumber().doubleValue();
    double syy = dy.mul(dy).meanNumber().doubleValue();
    return 2 * sxy / (sxx + syy + (mx - my) * (mx - my));
  }

  private static int train(java.util.function.Supplier<TrainingStep> factory) {
    try (TrainingStep step = factory.get()) {
      double[] losses = new double[3];
      for (int i = 0; i < losses.length; i++) {
        losses[i] = step.step();
      }
      boolean finite = true;
      for (double l : losses) {
        finite &= Double.isFinite(l);
      }
      boolean changes = losses[0] != losses[1] || losses[1] != losses[2];
      System.out.printf(
          "%s: losses %.6f %.6f %.6f%s%n",
          step.name(),
          losses[0],
          losses[1],
          losses[2],
          finite && changes ? "" : "  <-- NOT TRAINING");
      return finite && changes ? 0 : 1;
    }
  }
}
