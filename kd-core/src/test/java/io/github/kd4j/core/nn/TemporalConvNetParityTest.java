package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TcnFixture;
import io.github.kd4j.core.testing.TensorFile.Tensor;
import io.github.kd4j.core.testing.TrainSteps;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ND4J engine against the PyTorch reference TCN (fixtures from {@code make_tcn_fixtures.py}):
 * forward pass, loss, every parameter gradient and two Adam steps.
 */
class TemporalConvNetParityTest {
  /** float32 forward vs float64 reference: a few ulps per layer, well inside the 1e-5. */
  private static final double FORWARD_TOL = 1e-5;

  /** Gradient tolerance relative to the largest gradient of the same tensor (issue: 1e-4). */
  private static final double GRAD_REL_TOL = 1e-4;

  /**
   * After an Adam step the update is about lr * sign(g) = 1e-3; float32 parameters of size ~0.1
   * carry ~1e-8 rounding, and the update's sign is ill-conditioned only where |g| ~ eps.
   */
  private static final double ADAM_TOL = 2e-6;

  private static float[] stepMajor(Tensor x) {
    int b = x.shape()[0];
    int c = x.shape()[1];
    int t = x.shape()[2];
    float[] out = new float[b * t * c];
    for (int i = 0; i < b; i++) {
      for (int s = 0; s < t; s++) {
        for (int j = 0; j < c; j++) {
          out[(i * t + s) * c + j] = (float) x.values()[(i * c + j) * t + s];
        }
      }
    }
    return out;
  }

  private static TrainingBatch batch(TcnFixture f) {
    Tensor x = f.tensors().get("x");
    int b = x.shape()[0];
    int t = x.shape()[2];
    return new TrainingBatch(
        b,
        t,
        x.shape()[1],
        stepMajor(x),
        f.tensors().get("label").floats(),
        null,
        f.tensors().get("teacher").floats());
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void forwardMatchesPytorch(String name) {
    TcnFixture f = TcnFixture.load(name);
    TemporalConvNet net = TemporalConvNet.fromWeights(TcnWeights.of(f.config(), f.parameters("")));
    Tensor x = f.tensors().get("x");
    int b = x.shape()[0];
    int c = x.shape()[1];
    int t = x.shape()[2];
    int cl = f.config().outputSize();
    float[] flat = stepMajor(x);
    double[] feats = f.tensors().get("features").values();
    double[] pred = f.tensors().get("prediction").values();
    for (int i = 0; i < b; i++) {
      float[][] seq = new float[t][c];
      for (int s = 0; s < t; s++) {
        System.arraycopy(flat, (i * t + s) * c, seq[s], 0, c);
      }
      TemporalConvNet.Output out = net.predict(seq);
      for (int s = 0; s < t; s++) {
        double e = pred[i * t + s];
        assertEquals(
            e, out.valence()[s], FORWARD_TOL * (1 + Math.abs(e)), name + " valence " + i + "," + s);
        for (int o = 0; o < cl; o++) {
          double ef = feats[(i * t + s) * cl + o];
          assertEquals(
              ef,
              out.features()[s][o],
              FORWARD_TOL * (1 + Math.abs(ef)),
              name + " feature " + i + "," + s + "," + o);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void lossAndGradientsMatchPytorch(String name) {
    TcnFixture f = TcnFixture.load(name);
    TemporalConvNet net = TemporalConvNet.fromWeights(TcnWeights.of(f.config(), f.parameters("")));
    double w = f.tensors().get("kd_weight").scalar();
    io.github.kd4j.core.train.LossValue loss = TrainSteps.gradients(net, batch(f), w, null);
    assertEquals(f.tensors().get("ccc_loss").scalar(), loss.ccc(), 1e-6, name + " ccc loss");
    assertEquals(f.tensors().get("kd_loss").scalar(), loss.kd(), 1e-6, name + " kd loss");
    assertEquals(f.tensors().get("loss").scalar(), loss.total(), 1e-6, name + " loss");
    Map<String, float[]> grads = net.gradients();
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      double[] ref = f.tensors().get("grad." + e.getKey()).values();
      double peak = 0;
      for (double v : ref) {
        peak = Math.max(peak, Math.abs(v));
      }
      double worst = 0;
      for (int i = 0; i < ref.length; i++) {
        worst = Math.max(worst, Math.abs(e.getValue()[i] - ref[i]));
      }
      assertTrue(
          worst <= GRAD_REL_TOL * peak + 1e-12,
          name
              + " grad "
              + e.getKey()
              + ": max |diff| "
              + worst
              + " > "
              + GRAD_REL_TOL
              + " * "
              + peak);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium"})
  void twoAdamStepsMatchPytorch(String name) {
    TcnFixture f = TcnFixture.load(name);
    TemporalConvNet net = TemporalConvNet.fromWeights(TcnWeights.of(f.config(), f.parameters("")));
    double w = f.tensors().get("kd_weight").scalar();
    Adam adam = Adam.builder().learningRate(1e-3).weightDecay(1e-4).build();
    TrainingBatch b = batch(f);
    TrainSteps.trainStep(net, b, w, adam, null);
    assertParameters(f, net, "adam1.");
    io.github.kd4j.core.train.LossValue second = TrainSteps.trainStep(net, b, w, adam, null);
    assertEquals(
        f.tensors().get("loss_step2").scalar(), second.total(), 1e-5, name + " loss step 2");
    assertParameters(f, net, "adam2.");
  }

  private static void assertParameters(TcnFixture f, TemporalConvNet net, String prefix) {
    TcnWeights now = net.weights();
    for (String n : now.names()) {
      double[] ref = f.tensors().get(prefix + n).values();
      float[] got = now.get(n);
      for (int i = 0; i < ref.length; i++) {
        assertEquals(ref[i], got[i], ADAM_TOL, f.name() + " " + prefix + n + "[" + i + "]");
      }
    }
  }
}
