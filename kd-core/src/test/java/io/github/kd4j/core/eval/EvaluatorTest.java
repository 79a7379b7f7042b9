package io.github.kd4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.metrics.MetricSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Evaluator} against values stitched by hand: a fake predictor whose output for every step
 * of every window is known, trials shorter than, equal to and longer than the 96-step window, and
 * the SPEC 9 stitching (overlaps averaged, padding dropped) and the concatenated AVEC metrics
 * recomputed here with plain loops (population variances), independent of {@code Stitcher} and of
 * kd-metrics.
 */
class EvaluatorTest {
  private static final WindowPlan PLAN = WindowPlan.DEFAULT; // 96 steps, hop 32
  private static final int[] LENGTHS = {50, 96, 150};

  /**
   * Windows of each trial by the SPEC 7 rule, written out: starts every 32 steps while the window
   * fits, plus one aligned to the trial's end; a shorter trial is one padded window at 0.
   */
  private static final int[][] STARTS = {{0}, {0}, {0, 32, 54}};

  /** Accuracy of the comparisons: the same double arithmetic in another order. */
  private static final double TOL = 1e-12;

  /** Value of the padding's output: stitching must drop it. */
  private static final float PADDING_OUTPUT = 1000f;

  /** Features of trial {@code code} at step t: {t + 1, code} (never the zero padding). */
  private static Trial trial(int code, int length) {
    float[][] x = new float[length][];
    float[] y = new float[length];
    for (int t = 0; t < length; t++) {
      x[t] = new float[] {t + 1, code};
      y[t] = (float) (0.6 * Math.sin(0.07 * t + code) + 0.1 * code);
    }
    return Trial.of("t" + code, "s", x, y);
  }

  /**
   * The fake model: depends on the trial, the step and the position s inside the window (so that
   * overlapping windows disagree and averaging matters); the padding gets a huge value.
   */
  private static float output(float step1, float code, int s) {
    if (step1 == 0f) {
      return PADDING_OUTPUT;
    }
    return (float) (0.01 * (step1 - 1) * (code + 1) + 0.3 * Math.cos(0.05 * s) - 0.2 * code);
  }

  private static final io.github.kd4j.core.model.SequenceModel FAKE =
      new io.github.kd4j.core.model.SequenceModel() {
        @Override
        public float[] predict(float[][] x) {
          assertEquals(PLAN.length(), x.length, "windows are padded to the plan's length");
          float[] v = new float[x.length];
          for (int s = 0; s < x.length; s++) {
            v[s] = output(x[s][0], x[s][1], s);
          }
          return v;
        }

        @Override
        public int inputSize() {
          return 2;
        }

        @Override
        public int featureSize() {
          return 1;
        }

        @Override
        public float[][] features(float[][] x) {
          throw new UnsupportedOperationException("not used by the evaluator");
        }

        @Override
        public void save(java.nio.file.Path file) {
          throw new UnsupportedOperationException("not used by the evaluator");
        }

        @Override
        public io.github.kd4j.core.model.Provenance provenance() {
          throw new UnsupportedOperationException("not used by the evaluator");
        }

        @Override
        public void exportOnnx(java.nio.file.Path file, String note) {
          throw new UnsupportedOperationException("not used by the evaluator");
        }
      };

  @Test
  void matchesHandStitchedPredictionsAndConcatenatedMetrics() {
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < LENGTHS.length; i++) {
      trials.add(trial(i, LENGTHS[i]));
      List<WindowPlan.Window> w = PLAN.windows(LENGTHS[i]);
      assertEquals(STARTS[i].length, w.size(), "windows of a trial of " + LENGTHS[i]);
      for (int k = 0; k < w.size(); k++) {
        assertEquals(STARTS[i][k], w.get(k).start());
      }
    }
    Evaluator.Evaluation ev = Evaluator.evaluate(FAKE, trials, PLAN);

    // by hand: every window's outputs for its real steps, summed per step, then averaged
    List<double[]> preds = new ArrayList<>();
    List<double[]> labels = new ArrayList<>();
    for (int i = 0; i < LENGTHS.length; i++) {
      int n = LENGTHS[i];
      double[] sum = new double[n];
      int[] count = new int[n];
      for (int start : STARTS[i]) {
        for (int s = 0; s < PLAN.length() && start + s < n; s++) {
          sum[start + s] += output(start + s + 1, i, s);
          count[start + s]++;
        }
      }
      double[] p = new double[n];
      double[] y = new double[n];
      float[] yl = trials.get(i).labelsView();
      for (int t = 0; t < n; t++) {
        assertEquals(true, count[t] > 0, "every step is covered");
        p[t] = sum[t] / count[t];
        y[t] = yl[t];
      }
      preds.add(p);
      labels.add(y);
      assertArrayEquals(p, ev.predictions().trial("t" + i), TOL, "stitched trial t" + i);
    }
    // step 40 of the 150-step trial lies in windows 0 and 32 only; step 100 in 32 and 54
    assertEquals(
        (output(41, 2, 40) + (double) output(41, 2, 8)) / 2, preds.get(2)[40], TOL, "overlap");

    double[] p = concat(preds);
    double[] y = concat(labels);
    double[] expected = metrics(p, y);
    MetricSet fold = ev.foldMetrics();
    assertEquals(expected[0], fold.rmse(), TOL, "fold RMSE");
    assertEquals(expected[1], fold.pcc(), TOL, "fold PCC");
    assertEquals(expected[2], fold.ccc(), TOL, "fold CCC");
    assertEquals(expected[2], ev.ccc(), TOL, "selection CCC");

    Map<String, MetricSet> perTrial = ev.trialMetrics();
    assertEquals(List.of("t0", "t1", "t2"), List.copyOf(perTrial.keySet()));
    for (int i = 0; i < LENGTHS.length; i++) {
      double[] m = metrics(preds.get(i), labels.get(i));
      MetricSet got = perTrial.get("t" + i);
      assertEquals(m[0], got.rmse(), TOL, "t" + i + " RMSE");
      assertEquals(m[1], got.pcc(), TOL, "t" + i + " PCC");
      assertEquals(m[2], got.ccc(), TOL, "t" + i + " CCC");
    }
  }

  private static double[] concat(List<double[]> parts) {
    int n = parts.stream().mapToInt(a -> a.length).sum();
    double[] out = new double[n];
    int at = 0;
    for (double[] a : parts) {
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    return out;
  }

  /** {RMSE, PCC, CCC} with population (1/N) moments. */
  private static double[] metrics(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
      sxy += (x[i] - mx) * (y[i] - my);
      sse += (x[i] - y[i]) * (x[i] - y[i]);
    }
    double rmse = Math.sqrt(sse / n);
    double pcc = sxy / Math.sqrt(sxx * syy);
    double ccc = 2 * sxy / n / (sxx / n + syy / n + (mx - my) * (mx - my));
    return new double[] {rmse, pcc, ccc};
  }
}
