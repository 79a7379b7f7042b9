package io.github.kd4j.metrics.stitch;

import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.VarianceConvention;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Stitched predictions of a partition's trials, one value per label step, in the {@link Stitcher}'s
 * trial order; made by {@link Stitcher#stitch}.
 *
 * <p>Fold metrics follow the AVEC protocol (SPEC section 9): predictions and labels of all trials
 * are concatenated in trial order and RMSE, PCC and CCC are computed once on the long vectors:
 *
 * <pre>
 *   x = pred(trial_1) ++ pred(trial_2) ++ ... ,  y = label(trial_1) ++ label(trial_2) ++ ...
 *   foldMetrics = MetricSet.compute(x, y, convention)
 * </pre>
 *
 * Labels are passed as a map from trial id to label array; it must hold exactly the stitched
 * trials, each with as many labels as the trial has steps (its iteration order does not matter).
 * Immutable and thread-safe.
 */
public final class StitchedPredictions {

  private final LinkedHashMap<String, double[]> predictions;

  StitchedPredictions(LinkedHashMap<String, double[]> predictions) {
    this.predictions = predictions;
  }

  /**
   * The trial ids, in stitching order.
   *
   * @return an unmodifiable list
   */
  public List<String> trialIds() {
    return List.copyOf(predictions.keySet());
  }

  /**
   * A copy of one trial's stitched predictions.
   *
   * @param trialId a stitched trial
   * @return one prediction per label step of the trial
   * @throws IllegalArgumentException if the trial was not stitched
   */
  public double[] trial(String trialId) {
    return get(trialId).clone();
  }

  /**
   * Total number of label steps over all trials.
   *
   * @return the length of {@link #concatenated()}
   */
  public int totalLength() {
    int n = 0;
    for (double[] p : predictions.values()) {
      n += p.length;
    }
    return n;
  }

  /**
   * All trials' predictions concatenated in trial order.
   *
   * @return a new array of {@link #totalLength()} values
   */
  public double[] concatenated() {
    double[] out = new double[totalLength()];
    int at = 0;
    for (double[] p : predictions.values()) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * Concatenates per-trial arrays aligned with these predictions (typically the labels) in trial
   * order, so that {@code concatenate(labels)[i]} belongs to the same step as {@code
   * concatenated()[i]}.
   *
   * @param perTrial one array per stitched trial, keyed by trial id
   * @return a new array of {@link #totalLength()} values
   * @throws IllegalArgumentException if {@code perTrial} misses a trial, names an extra one, holds
   *     an array of the wrong length (naming the trial and both lengths) or a NaN or infinite value
   *     (naming the trial and step)
   */
  public double[] concatenate(Map<String, double[]> perTrial) {
    checkAligned(perTrial);
    double[] out = new double[totalLength()];
    int at = 0;
    for (String id : predictions.keySet()) {
      double[] v = perTrial.get(id);
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /**
   * RMSE, PCC and CCC computed once on the concatenated predictions and labels (AVEC protocol).
   *
   * @param labels one label array per stitched trial, keyed by trial id
   * @param convention the variance convention of the CCC
   * @return the fold metrics
   * @throws IllegalArgumentException if the labels are not aligned (see {@link #concatenate}) or
   *     the long vectors are degenerate (see {@link MetricSet#compute(double[], double[],
   *     VarianceConvention)})
   */
  public MetricSet foldMetrics(Map<String, double[]> labels, VarianceConvention convention) {
    return MetricSet.compute(concatenated(), concatenate(labels), convention);
  }

  /**
   * RMSE, PCC and CCC of each trial separately, in trial order.
   *
   * @param labels one label array per stitched trial, keyed by trial id
   * @param convention the variance convention of the CCC
   * @return an unmodifiable map from trial id to metrics, iterating in trial order
   * @throws IllegalArgumentException if the labels are not aligned, or a trial is degenerate (for
   *     instance a constant label, or a single step); the message names the trial
   */
  public Map<String, MetricSet> trialMetrics(
      Map<String, double[]> labels, VarianceConvention convention) {
    checkAligned(labels);
    LinkedHashMap<String, MetricSet> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : predictions.entrySet()) {
      try {
        out.put(e.getKey(), MetricSet.compute(e.getValue(), labels.get(e.getKey()), convention));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("trial '" + e.getKey() + "': " + ex.getMessage(), ex);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private double[] get(String trialId) {
    double[] p = predictions.get(trialId);
    if (p == null) {
      throw new IllegalArgumentException(
          "trialId must name a stitched trial, got '" + trialId + "'");
    }
    return p;
  }

  private void checkAligned(Map<String, double[]> perTrial) {
    Objects.requireNonNull(perTrial, "perTrial must not be null");
    for (Map.Entry<String, double[]> e : predictions.entrySet()) {
      double[] v = perTrial.get(e.getKey());
      if (v == null) {
        throw new IllegalArgumentException(
            "labels must hold every stitched trial, got none for trial '" + e.getKey() + "'");
      }
      if (v.length != e.getValue().length) {
        throw new IllegalArgumentException(
            "labels of trial '"
                + e.getKey()
                + "' must have one value per step ("
                + e.getValue().length
                + "), got "
                + v.length);
      }
      for (int t = 0; t < v.length; t++) {
        if (!Double.isFinite(v[t])) {
          throw new IllegalArgumentException(
              "labels must be finite, got "
                  + v[t]
                  + " at step "
                  + t
                  + " of trial '"
                  + e.getKey()
                  + "'");
        }
      }
    }
    if (perTrial.size() != predictions.size()) {
      Set<String> extra = new HashSet<>(perTrial.keySet());
      extra.removeAll(predictions.keySet());
      throw new IllegalArgumentException(
          "labels must hold only stitched trials, got extra trials " + extra);
    }
  }

  /** For example {@code "StitchedPredictions{2 trials, 380 steps}"}. */
  @Override
  public String toString() {
    return "StitchedPredictions{" + predictions.size() + " trials, " + totalLength() + " steps}";
  }
}
