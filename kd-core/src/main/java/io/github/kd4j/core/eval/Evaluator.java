package io.github.kd4j.core.eval;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.nn.TemporalConvNet;
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

  /** Anything that maps one window of features {@code [T][d]} to one value per step. */
  @FunctionalInterface
  public interface Predictor {
    /** Valence per step of {@code x [T][d]}. */
    float[] predict(float[][] x);
  }

  /** Predicts and stitches every trial with a network (evaluation mode). */
  public static Evaluation evaluate(TemporalConvNet net, List<Trial> trials, WindowPlan plan) {
    Objects.requireNonNull(net, "net");
    return evaluate(x -> net.predict(x).valence(), trials, plan);
  }

  /**
   * Predicts every window of every trial with {@code model} (windows zero-padded to the plan's
   * length, SPEC 7) and stitches the outputs (SPEC 9).
   */
  public static Evaluation evaluate(Predictor model, List<Trial> trials, WindowPlan plan) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(plan, "plan");
    if (trials == null || trials.isEmpty()) {
      throw new IllegalArgumentException("trials must not be empty");
    }
    Stitcher.Builder sb = Stitcher.builder();
    Map<String, double[]> labels = new LinkedHashMap<>();
    List<WindowPrediction> windows = new ArrayList<>();
    for (Trial trial : trials) {
      sb.trial(trial.id(), trial.length());
      float[] y = trial.labelsView();
      double[] yd = new double[y.length];
      for (int t = 0; t < y.length; t++) {
        yd[t] = y[t];
      }
      labels.put(trial.id(), yd);
      float[][] f = trial.featuresView();
      for (WindowPlan.Window w : plan.windows(trial.length())) {
        float[][] x = new float[plan.length()][]; // zero-padded after the real steps (SPEC 7)
        for (int t = 0; t < x.length; t++) {
          x[t] = t < w.valid() ? f[w.start() + t] : new float[trial.featureSize()];
        }
        float[] v = model.predict(x);
        double[] vd = new double[w.valid()];
        for (int t = 0; t < vd.length; t++) {
          vd[t] = v[t];
        }
        windows.add(new WindowPrediction(trial.id(), w.start(), vd));
      }
    }
    return new Evaluation(sb.build().stitch(windows), labels);
  }
}
