package io.github.kd4j.core.eval;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.core.nn.SequenceNetwork;
import io.github.kd4j.metrics.CccMetric;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.VarianceConvention;
import io.github.kd4j.metrics.stitch.StitchedPredictions;
import io.github.kd4j.metrics.stitch.Stitcher;
import io.github.kd4j.metrics.stitch.WindowPrediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates a network on whole trials the way SPEC 9 prescribes: every window of the plan is
 * predicted (evaluation mode), the window outputs are stitched back to one prediction per label
 * step (overlaps averaged, padding dropped), and the metrics are computed once on the concatenation
 * of all trials in the given order (the AVEC protocol), plus per trial.
 */
public final class Evaluator {
  private Evaluator() {}

  /** The stitched predictions of a set of trials and their labels, in trial order. */
  public record Evaluation(StitchedPredictions predictions, Map<String, double[]> labels) {
    /** CCC (population convention) over the concatenated trials: the model-selection score. */
    public double ccc() {
      return CccMetric.builder().build().compute(predictions.concatenated(), concatLabels());
    }

    /** RMSE, PCC and CCC over the concatenated trials (AVEC protocol). */
    public MetricSet foldMetrics() {
      return predictions.foldMetrics(labels, VarianceConvention.POPULATION);
    }

    /** Metrics per trial. */
    public Map<String, MetricSet> trialMetrics() {
      return predictions.trialMetrics(labels, VarianceConvention.POPULATION);
    }

    private double[] concatLabels() {
      return predictions.concatenate(labels);
    }
  }

  /**
   * Predicts and stitches every trial with a network in evaluation mode; all windows of a trial run
   * as one batch.
   */
  public static Evaluation evaluate(SequenceNetwork net, List<Trial> trials, WindowPlan plan) {
    Objects.requireNonNull(net, "net");
    return evaluate(
        (x, windows) -> {
          int steps = plan.length();
          SequenceNetwork.Forward f = net.forward(x, windows, steps, null);
          return f.valence();
        },
        trials,
        plan);
  }

  /** Predicts and stitches every trial with a trained model, window by window. */
  public static Evaluation evaluate(SequenceModel model, List<Trial> trials, WindowPlan plan) {
    Objects.requireNonNull(model, "model");
    return evaluate(
        (x, windows) -> {
          int steps = plan.length();
          int d = x.length / (windows * steps);
          float[] out = new float[windows * steps];
          for (int b = 0; b < windows; b++) {
            float[][] win = new float[steps][d];
            for (int t = 0; t < steps; t++) {
              System.arraycopy(x, (b * steps + t) * d, win[t], 0, d);
            }
            System.arraycopy(model.predict(win), 0, out, b * steps, steps);
          }
          return out;
        },
        trials,
        plan);
  }

  /** Valence of {@code windows} zero-padded windows, step-major, flat. */
  private interface BatchPredictor {
    float[] predict(float[] x, int windows);
  }

  /**
   * Predicts every window of every trial (windows zero-padded to the plan's length, SPEC 7) and
   * stitches the outputs (SPEC 9).
   */
  private static Evaluation evaluate(BatchPredictor model, List<Trial> trials, WindowPlan plan) {
    Objects.requireNonNull(plan, "plan");
    if (trials == null || trials.isEmpty()) {
      throw new IllegalArgumentException("trials must not be empty");
    }
    Stitcher.Builder sb = Stitcher.builder();
    Map<String, double[]> labels = new LinkedHashMap<>();
    List<WindowPrediction> windows = new ArrayList<>();
    int steps = plan.length();
    for (Trial trial : trials) {
      sb.trial(trial.id(), trial.length());
      float[] y = trial.labelsView();
      double[] yd = new double[y.length];
      for (int t = 0; t < y.length; t++) {
        yd[t] = y[t];
      }
      labels.put(trial.id(), yd);
      float[][] f = trial.featuresView();
      int d = trial.featureSize();
      List<WindowPlan.Window> ws = plan.windows(trial.length());
      float[] x = new float[ws.size() * steps * d]; // zero-padded after the real steps (SPEC 7)
      for (int b = 0; b < ws.size(); b++) {
        WindowPlan.Window w = ws.get(b);
        for (int t = 0; t < w.valid(); t++) {
          System.arraycopy(f[w.start() + t], 0, x, (b * steps + t) * d, d);
        }
      }
      float[] v = model.predict(x, ws.size());
      for (int b = 0; b < ws.size(); b++) {
        WindowPlan.Window w = ws.get(b);
        double[] vd = new double[w.valid()];
        for (int t = 0; t < vd.length; t++) {
          vd[t] = v[b * steps + t];
          if (!Double.isFinite(vd[t])) {
            throw new IllegalStateException(
                "the model predicted "
                    + vd[t]
                    + " for trial "
                    + trial.id()
                    + " at step "
                    + (w.start() + t)
                    + ": the training has diverged");
          }
        }
        windows.add(new WindowPrediction(trial.id(), w.start(), vd));
      }
    }
    return new Evaluation(sb.build().stitch(windows), labels);
  }
}
