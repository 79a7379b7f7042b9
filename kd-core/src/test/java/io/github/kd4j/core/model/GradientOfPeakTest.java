package io.github.kd4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.core.train.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SequenceRegressor#gradientOfPeak} (SPEC 10) against PyTorch autograd ({@code
 * make_saliency_fixtures.py}) and, through a standardisation, against finite differences.
 */
class GradientOfPeakTest {
  /**
   * float32 forward and backward against a float64 reference: relative to the gradient's largest
   * value, errors of a few float32 ulps accumulate over two blocks.
   */
  private static final double TOL = 2e-5;

  private static SequenceRegressor wrap(TemporalConvNet net, Standardizer s) {
    return SequenceRegressor.trained(
        "test",
        net,
        s,
        TrainerConfig.builder().build(),
        Provenance.of("test", net.config().toString(), "-", 0, "0", 0, 0, Map.of()),
        null);
  }

  @Test
  void matchesPytorchAutograd() {
    TensorFile f = TensorFile.resource("/io/github/kd4j/core/nn/saliency_peak.txt");
    TcnConfig cfg = TcnConfig.builder().inputSize(12).channels(16, 8).kernelSize(3).build();
    Map<String, float[]> w = new LinkedHashMap<>();
    for (String n : TcnWeights.shapes(cfg).keySet()) {
      w.put(n, f.get(n).floats());
    }
    TemporalConvNet net = TemporalConvNet.fromWeights(TcnWeights.of(cfg, w));
    float[] flat = f.get("x").floats();
    float[][] x = new float[70][12];
    for (int t = 0; t < 70; t++) {
      System.arraycopy(flat, t * 12, x[t], 0, 12);
    }
    SequenceRegressor m = wrap(net, null);
    float[] pred = m.predict(x);
    int peak = 0;
    for (int t = 1; t < pred.length; t++) {
      if (pred[t] > pred[peak]) {
        peak = t;
      }
    }
    assertEquals((int) f.get("peak").scalar(), peak, "peak step");
    float[][] g = m.gradientOfPeak(x);
    double[] ref = f.get("grad_x").values();
    double max = 0;
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.abs(ref[i]));
      worst = Math.max(worst, Math.abs(g[i / 12][i % 12] - ref[i]));
    }
    System.out.printf(
        "gradientOfPeak vs autograd: max |diff| %.3g of max |ref| %.3g%n", worst, max);
    assertTrue(worst <= TOL * max, "worst " + worst + " max " + max);
    for (int t = peak + 1; t < 70; t++) {
      for (int c = 0; c < 12; c++) {
        assertEquals(0f, g[t][c], "causal: step " + t + " is after the peak");
      }
    }
  }

  @Test
  void goesThroughTheStandardisation() {
    TcnConfig cfg = TcnConfig.builder().inputSize(3).channels(6).build();
    TemporalConvNet net = TemporalConvNet.initialize(cfg, 4);
    java.util.SplittableRandom r = new java.util.SplittableRandom(2);
    float[][] x = new float[30][3];
    for (float[] row : x) {
      for (int c = 0; c < 3; c++) {
        row[c] = (float) (5 + 3 * r.nextGaussian() * (c + 1));
      }
    }
    Standardizer s = Standardizer.fit(List.of(Trial.of("a", "s", x, new float[30])));
    SequenceRegressor m = wrap(net, s);
    float[] pred = m.predict(x);
    int peak = 0;
    for (int t = 1; t < 30; t++) {
      if (pred[t] > pred[peak]) {
        peak = t;
      }
    }
    float[][] g = m.gradientOfPeak(x);
    double worst = 0;
    double max = 0;
    for (int t = 0; t <= peak; t++) {
      for (int c = 0; c < 3; c++) {
        double h = 0.05 * s.std()[c];
        float[][] xp = copy(x);
        float[][] xm = copy(x);
        xp[t][c] += (float) h;
        xm[t][c] -= (float) h;
        double fd = (m.predict(xp)[peak] - m.predict(xm)[peak]) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - g[t][c]));
        max = Math.max(max, Math.abs(g[t][c]));
      }
    }
    assertTrue(worst <= 2e-3 * max + 1e-6, "worst " + worst + " max " + max);
  }

  private static float[][] copy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
