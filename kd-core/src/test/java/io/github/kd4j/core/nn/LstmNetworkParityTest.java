package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TensorFile;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LstmNetwork} against PyTorch's own {@code nn.LSTM} (fixtures {@code lstm_<case>.txt} from
 * {@code make_lstm_fixtures.py}, float64 reference on float32-exact parameters and inputs): eval
 * forward pass, the SPEC 6 loss over valid steps of end-padded windows, every parameter gradient,
 * the input gradient and two Adam steps.
 */
class LstmNetworkParityTest {
  /** float32 recurrence over up to 96 steps against float64. */
  private static final double FORWARD_TOL = 1e-5;

  /** Gradient tolerance relative to the largest reference value of the same tensor. */
  private static final double GRAD_REL_TOL = 1e-4;

  /** Adam moves each parameter by about lr = 1e-3; float32 parameters carry ~1e-8 rounding. */
  private static final double ADAM_TOL = 2e-6;

  private record Fixture(String name, LstmConfig config, TensorFile t) {
    static Fixture load(String name) {
      TensorFile t = TensorFile.resource("/io/github/kd4j/core/nn/lstm_" + name + ".txt");
      int d = t.get("x").shape()[2];
      int h = t.get("lstm.weight_hh_l0").shape()[1];
      int layers = 0;
      while (t.has("lstm.weight_ih_l" + layers)) {
        layers++;
      }
      LstmConfig cfg =
          LstmConfig.builder().inputSize(d).hidden(h).layers(layers).dropout(0.0).build();
      return new Fixture(name, cfg, t);
    }

    Map<String, float[]> params(String prefix) {
      Map<String, float[]> m = new LinkedHashMap<>();
      for (String n : LstmNetwork.shapes(config).keySet()) {
        m.put(n, t.get(prefix + n).floats());
      }
      return m;
    }

    int batch() {
      return t.get("x").shape()[0];
    }

    int steps() {
      return t.get("x").shape()[1];
    }

    int[] valid() {
      double[] v = t.get("valid").values();
      int[] out = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = (int) v[i];
      }
      return out;
    }

    SequenceLoss.Result loss(SequenceNetwork.Forward out) {
      return SequenceLoss.of(
          out,
          config.featureSize(),
          t.get("label").floats(),
          valid(),
          t.get("teacher").floats(),
          t.get("kd_weight").scalar());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "spec"})
  void forwardMatchesPytorch(String name) {
    Fixture f = Fixture.load(name);
    LstmNetwork net = LstmNetwork.fromWeights(f.config(), f.params(""));
    float[] x = f.t().get("x").floats();
    int d = f.config().inputSize();
    int steps = f.steps();
    int fs = f.config().featureSize();
    double[] feats = f.t().get("features").values();
    double[] pred = f.t().get("prediction").values();
    double worst = 0;
    for (int b = 0; b < f.batch(); b++) {
      float[][] seq = new float[steps][d];
      for (int s = 0; s < steps; s++) {
        System.arraycopy(x, (b * steps + s) * d, seq[s], 0, d);
      }
      LstmNetwork.Output out = net.predict(seq);
      for (int s = 0; s < steps; s++) {
        double e = pred[b * steps + s];
        worst = Math.max(worst, Math.abs(e - out.valence()[s]));
        assertEquals(e, out.valence()[s], FORWARD_TOL, name + " valence " + b + "," + s);
        for (int o = 0; o < fs; o++) {
          double ef = feats[(b * steps + s) * fs + o];
          worst = Math.max(worst, Math.abs(ef - out.features()[s][o]));
          assertEquals(
              ef, out.features()[s][o], FORWARD_TOL, name + " feature " + b + "," + s + "," + o);
        }
      }
    }
    // the batched forward pass gives the same outputs as one window at a time
    SequenceNetwork.Forward all = net.forward(x, f.batch(), steps, null);
    for (int i = 0; i < pred.length; i++) {
      assertEquals(pred[i], all.valence()[i], FORWARD_TOL, name + " batched valence " + i);
    }
    System.out.printf(Locale.ROOT, "lstm %s forward: max |diff| %.3g%n", name, worst);
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "spec"})
  void lossAndGradientsMatchPytorch(String name) {
    Fixture f = Fixture.load(name);
    LstmNetwork net = LstmNetwork.fromWeights(f.config(), f.params(""));
    SequenceNetwork.Forward out = net.forward(f.t().get("x").floats(), f.batch(), f.steps(), null);
    SequenceLoss.Result loss = f.loss(out);
    assertEquals(f.t().get("ccc_loss").scalar(), loss.ccc(), 1e-6, name + " ccc loss");
    assertEquals(f.t().get("kd_loss").scalar(), loss.kd(), 1e-6, name + " kd loss");
    assertEquals(f.t().get("loss").scalar(), loss.total(), 1e-6, name + " loss");
    float[] dx = net.backward(loss.dValence(), loss.dFeatures(), true);
    double worstRel = 0;
    String worstName = "";
    Map<String, float[]> grads = net.gradients();
    grads.put("x", dx);
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      double[] ref = f.t().get("grad." + e.getKey()).values();
      assertEquals(ref.length, e.getValue().length, name + " grad " + e.getKey() + " size");
      double peak = 0;
      double worst = 0;
      for (int i = 0; i < ref.length; i++) {
        peak = Math.max(peak, Math.abs(ref[i]));
        worst = Math.max(worst, Math.abs(e.getValue()[i] - ref[i]));
      }
      double rel = worst / Math.max(peak, Double.MIN_NORMAL);
      if (rel > worstRel) {
        worstRel = rel;
        worstName = e.getKey();
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
    System.out.printf(
        Locale.ROOT,
        "lstm %s gradients: worst max|diff|/max|ref| %.3g (%s)%n",
        name,
        worstRel,
        worstName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"small"})
  void twoAdamStepsMatchPytorch(String name) {
    Fixture f = Fixture.load(name);
    LstmNetwork net = LstmNetwork.fromWeights(f.config(), f.params(""));
    Adam adam = Adam.builder().learningRate(1e-3).weightDecay(1e-4).build();
    float[] x = f.t().get("x").floats();
    SequenceLoss.Result l1 = f.loss(net.forward(x, f.batch(), f.steps(), null));
    net.backward(l1.dValence(), l1.dFeatures(), false);
    adam.step(net);
    double worst = assertParameters(f, net, "adam1.");
    SequenceLoss.Result l2 = f.loss(net.forward(x, f.batch(), f.steps(), null));
    assertEquals(f.t().get("loss_step2").scalar(), l2.total(), 1e-5, name + " loss step 2");
    net.backward(l2.dValence(), l2.dFeatures(), false);
    adam.step(net);
    worst = Math.max(worst, assertParameters(f, net, "adam2."));
    System.out.printf(Locale.ROOT, "lstm %s Adam: max |diff| %.3g%n", name, worst);
  }

  private static double assertParameters(Fixture f, LstmNetwork net, String prefix) {
    double worst = 0;
    for (Map.Entry<String, float[]> e : net.weights().entrySet()) {
      double[] ref = f.t().get(prefix + e.getKey()).values();
      for (int i = 0; i < ref.length; i++) {
        worst = Math.max(worst, Math.abs(ref[i] - e.getValue()[i]));
        assertEquals(
            ref[i],
            e.getValue()[i],
            ADAM_TOL,
            f.name() + " " + prefix + e.getKey() + "[" + i + "]");
      }
    }
    return worst;
  }
}
