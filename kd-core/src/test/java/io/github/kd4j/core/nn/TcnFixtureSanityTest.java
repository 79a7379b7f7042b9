package io.github.kd4j.core.nn;

import static io.github.kd4j.core.testing.KdAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.NaiveTcn;
import io.github.kd4j.core.testing.TcnFixture;
import io.github.kd4j.core.testing.TensorFile;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validates the PyTorch fixtures and the {@link TcnWeights} naming against {@link NaiveTcn}, a
 * double-precision loop implementation of SPEC 5.
 */
class TcnFixtureSanityTest {
  /**
   * The fixture is computed in float64 from float32 parameters and inputs, the naive forward in
   * double from the same numbers: only summation order differs (about 1e-16 relative per op).
   */
  private static final double EXACT_REL = 1e-9;

  /**
   * {@link TcnWeights#effectiveConvWeight} rounds the folded weights to float32 (relative 6e-8 per
   * weight), which propagates to roughly 1e-6 of the feature scale through a few blocks.
   */
  private static final double FLOAT_FOLD_REL = 1e-5;

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium", "spec", "trained"})
  void namesAndShapesMatchTcnWeights(String name) {
    TcnFixture f = TcnFixture.load(name);
    TcnWeights w = f.weights();
    for (Map.Entry<String, int[]> e : TcnWeights.shapes(f.config()).entrySet()) {
      TensorFile.Tensor t = f.tensors().get(e.getKey());
      assertTrue(
          Arrays.equals(e.getValue(), t.shape()),
          e.getKey() + " shape " + Arrays.toString(t.shape()));
      for (String prefix : new String[] {"grad.", "adam1.", "adam2."}) {
        if (prefix.equals("adam2.") && name.equals("spec")) {
          continue; // the SPEC-width file keeps only the first Adam step (size)
        }
        assertTrue(
            Arrays.equals(e.getValue(), f.tensors().get(prefix + e.getKey()).shape()),
            prefix + e.getKey());
      }
    }
    assertEquals(TcnWeights.shapes(f.config()).size(), w.names().size());
    int cl = f.config().outputSize();
    assertTrue(
        Arrays.equals(new int[] {f.batch(), f.steps(), cl}, f.tensors().get("features").shape()));
    assertTrue(
        Arrays.equals(new int[] {f.batch(), f.steps()}, f.tensors().get("prediction").shape()));
    assertTrue(
        Arrays.equals(new int[] {f.batch(), f.steps(), cl}, f.tensors().get("teacher").shape()));
    assertEquals(0.7, f.tensors().get("kd_weight").scalar());
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium", "spec", "trained"})
  void naiveForwardReproducesPyTorch(String name) {
    TcnFixture f = TcnFixture.load(name);
    NaiveTcn.Output out = NaiveTcn.forward(f.weights(), f.x());
    double[] features = f.tensors().get("features").values();
    double[] prediction = f.tensors().get("prediction").values();
    assertClose(name + " features", features, out.featuresFlat(), EXACT_REL, 1e-12);
    assertClose(name + " prediction", prediction, out.predictionFlat(), EXACT_REL, 1e-12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium", "spec", "trained"})
  void effectiveConvWeightFoldAgreesToFloatPrecision(String name) {
    TcnFixture f = TcnFixture.load(name);
    TcnWeights w = f.weights();
    for (int i = 0; i < f.config().levels(); i++) {
      for (String c : new String[] {"conv1", "conv2"}) {
        String conv = "block" + i + "." + c;
        double[] exact = NaiveTcn.foldWeightNorm(w.get(conv + ".v"), w.get(conv + ".g"));
        assertClose(conv + " folded", exact, w.effectiveConvWeight(conv), 1e-7, 0);
      }
    }
    NaiveTcn.Output out = NaiveTcn.forward(w, f.x(), NaiveTcn.Fold.EFFECTIVE_WEIGHT);
    double[] features = f.tensors().get("features").values();
    double scale = Arrays.stream(features).map(Math::abs).max().orElseThrow();
    assertClose(name + " features", features, out.featuresFlat(), FLOAT_FOLD_REL, 1e-6 * scale);
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "k2", "medium", "spec", "trained"})
  void lossesFollowSpec6(String name) {
    TcnFixture f = TcnFixture.load(name);
    TensorFile t = f.tensors();
    double[] pred = t.get("prediction").values();
    double[] label = t.get("label").float32Values();
    double[] feat = t.get("features").values();
    double[] teacher = t.get("teacher").float32Values();
    int b = f.batch();
    int steps = f.steps();
    int[] valid = f.valid();
    int cl = f.config().outputSize();
    double ccc = 0;
    double kd = 0;
    long count = 0;
    for (int i = 0; i < b; i++) {
      int n = valid[i]; // SPEC 7: the padded steps after valid[i] are excluded
      double[] p = Arrays.copyOfRange(pred, i * steps, i * steps + n);
      double[] y = Arrays.copyOfRange(label, i * steps, i * steps + n);
      double mx = 0;
      double my = 0;
      for (int s = 0; s < n; s++) {
        mx += p[s] / n;
        my += y[s] / n;
      }
      double vx = 0;
      double vy = 0;
      double sxy = 0;
      for (int s = 0; s < n; s++) {
        double dx = p[s] - mx;
        double dy = y[s] - my;
        vx += dx * dx / n;
        vy += dy * dy / n;
        sxy += dx * dy / n;
      }
      ccc += (1 - 2 * sxy / (vx + vy + (mx - my) * (mx - my))) / b;
      for (int e = i * steps * cl; e < (i * steps + n) * cl; e++) {
        kd += Math.abs(teacher[e] - feat[e]);
      }
      count += (long) n * cl;
    }
    kd /= count;
    // the spec file's features hold 10 significant digits: kd is exact to ~1e-10 there
    double tol = name.equals("spec") ? 1e-10 : 1e-12;
    assertEquals(t.get("ccc_loss").scalar(), ccc, tol);
    assertEquals(t.get("kd_loss").scalar(), kd, tol);
    assertEquals(t.get("loss").scalar(), ccc + 0.7 * kd, tol);
  }
}
