package io.github.kd4j.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.nn.TcnWeights;
import java.util.Map;

/**
 * Comparisons of an engine's results with a {@link TcnFixture}, independent of how the engine is
 * called: each method takes plain values (outputs, losses, gradients, parameters), asserts them
 * against the fixture, and returns the worst error found so tests can report it.
 */
public final class TcnParity {
  private TcnParity() {}

  /**
   * The outputs of one window in evaluation mode: valence {@code [T]}, features {@code [T][c_L]}.
   */
  public record Forward(float[] valence, float[][] features) {}

  /** Anything that runs one window {@code x [T][inputSize]} in evaluation mode. */
  @FunctionalInterface
  public interface Engine {
    /** Valence and features of {@code x}. */
    Forward forward(float[][] x);
  }

  /**
   * Runs every window of the fixture's {@code x} (padded steps included: PyTorch ran them too) and
   * asserts {@code |ref - got| <= tol (1 + |ref|)} for prediction and features.
   *
   * @return the worst {@code |ref - got| / (1 + |ref|)}
   */
  public static double forward(TcnFixture f, Engine engine, double tol) {
    int b = f.batch();
    int c = f.config().inputSize();
    int t = f.steps();
    int cl = f.config().outputSize();
    float[] flat = f.xFlatStepMajor();
    double[] feats = f.tensors().get("features").values();
    double[] pred = f.tensors().get("prediction").values();
    double worst = 0;
    for (int i = 0; i < b; i++) {
      float[][] seq = new float[t][c];
      for (int s = 0; s < t; s++) {
        System.arraycopy(flat, (i * t + s) * c, seq[s], 0, c);
      }
      Forward out = engine.forward(seq);
      for (int s = 0; s < t; s++) {
        double e = pred[i * t + s];
        worst = Math.max(worst, Math.abs(e - out.valence()[s]) / (1 + Math.abs(e)));
        assertEquals(
            e, out.valence()[s], tol * (1 + Math.abs(e)), f.name() + " valence " + i + "," + s);
        for (int o = 0; o < cl; o++) {
          double ef = feats[(i * t + s) * cl + o];
          worst = Math.max(worst, Math.abs(ef - out.features()[s][o]) / (1 + Math.abs(ef)));
          assertEquals(
              ef,
              out.features()[s][o],
              tol * (1 + Math.abs(ef)),
              f.name() + " feature " + i + "," + s + "," + o);
        }
      }
    }
    return worst;
  }

  /**
   * Asserts the three loss parts against {@code ccc_loss}, {@code kd_loss} and {@code loss}.
   *
   * @return the worst absolute difference
   */
  public static double losses(TcnFixture f, double ccc, double kd, double total, double tol) {
    double rc = f.tensors().get("ccc_loss").scalar();
    double rk = f.tensors().get("kd_loss").scalar();
    double rt = f.tensors().get("loss").scalar();
    assertEquals(rc, ccc, tol, f.name() + " ccc loss");
    assertEquals(rk, kd, tol, f.name() + " kd loss");
    assertEquals(rt, total, tol, f.name() + " loss");
    return Math.max(Math.abs(rc - ccc), Math.max(Math.abs(rk - kd), Math.abs(rt - total)));
  }

  /**
   * Asserts every parameter gradient: {@code max |got - ref| <= relTol * max |ref|} per tensor
   * ({@code grad.<name>}); every parameter of the config must be present in {@code grads}.
   *
   * @return the worst per-tensor {@code max |got - ref| / max |ref|}
   */
  public static double gradients(TcnFixture f, Map<String, float[]> grads, double relTol) {
    double worstRel = 0;
    for (String n : TcnWeights.shapes(f.config()).keySet()) {
      float[] got = grads.get(n);
      assertTrue(got != null, f.name() + ": no gradient for " + n);
      double[] ref = f.tensors().get("grad." + n).values();
      assertEquals(ref.length, got.length, f.name() + " grad " + n + " length");
      double peak = 0;
      double worst = 0;
      for (int i = 0; i < ref.length; i++) {
        peak = Math.max(peak, Math.abs(ref[i]));
        worst = Math.max(worst, Math.abs(got[i] - ref[i]));
      }
      assertTrue(
          worst <= relTol * peak + 1e-12,
          f.name() + " grad " + n + ": max |diff| " + worst + " > " + relTol + " * " + peak);
      worstRel = Math.max(worstRel, worst / Math.max(peak, Double.MIN_NORMAL));
    }
    return worstRel;
  }

  /** Whether the fixture holds the parameters after an optimizer step, e.g. {@code "adam1."}. */
  public static boolean hasParameters(TcnFixture f, String prefix) {
    return f.tensors().has(prefix + "regressor.b");
  }

  /** What {@link #adamParameters} found. */
  public record AdamCheck(double worstConditioned, int illConditioned, double worstIll) {}

  /**
   * Asserts parameters after Adam steps where Adam's result is determined by the gradient to the
   * precision the gradients are checked to: an element whose reference gradient plus weight decay,
   * {@code |grad.<name> + weightDecay * p|}, lies within {@code gradRelTol * max |grad|} of zero
   * has an update whose sign and size float32 rounding decides (Adam divides by the element's own
   * RMS); such elements are only checked against {@code steps * lr * 1.01}, the largest move Adam's
   * steps can make, every other element to {@code tol} absolute.
   */
  public static AdamCheck adamParameters(
      TcnFixture f,
      TcnWeights now,
      String prefix,
      double tol,
      double gradRelTol,
      double weightDecay,
      double lr,
      int steps) {
    double worst = 0;
    double worstIll = 0;
    int ill = 0;
    for (String n : now.names()) {
      double[] ref = f.tensors().get(prefix + n).values();
      double[] g = f.tensors().get("grad." + n).values();
      double[] p0 = f.tensors().get(n).values();
      double peak = 0;
      for (double v : g) {
        peak = Math.max(peak, Math.abs(v));
      }
      float[] got = now.get(n);
      for (int i = 0; i < ref.length; i++) {
        double d = Math.abs(ref[i] - got[i]);
        if (Math.abs(g[i] + weightDecay * p0[i]) <= gradRelTol * peak) {
          ill++;
          worstIll = Math.max(worstIll, d);
          assertEquals(
              ref[i], got[i], steps * lr * 1.01, f.name() + " " + prefix + n + "[" + i + "]");
        } else {
          worst = Math.max(worst, d);
          assertEquals(ref[i], got[i], tol, f.name() + " " + prefix + n + "[" + i + "]");
        }
      }
    }
    return new AdamCheck(worst, ill, worstIll);
  }

  /**
   * Asserts every parameter of {@code now} against {@code prefix + name} to {@code tol} absolute.
   *
   * @return the worst absolute difference
   */
  public static double parameters(TcnFixture f, TcnWeights now, String prefix, double tol) {
    double worst = 0;
    for (String n : now.names()) {
      double[] ref = f.tensors().get(prefix + n).values();
      float[] got = now.get(n);
      for (int i = 0; i < ref.length; i++) {
        worst = Math.max(worst, Math.abs(ref[i] - got[i]));
        assertEquals(ref[i], got[i], tol, f.name() + " " + prefix + n + "[" + i + "]");
      }
    }
    return worst;
  }
}
