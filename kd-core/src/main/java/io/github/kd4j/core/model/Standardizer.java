package io.github.kd4j.core.model;

import io.github.kd4j.core.data.Trial;
import java.util.List;

/**
 * Per-feature standardisation {@code (x - mean) / std} with mean and population standard deviation
 * fitted over every step of the training trials only (SPEC 7). A feature with zero variance keeps
 * std 1 (it is only centred). Immutable.
 *
 * @param mean per-feature mean
 * @param std per-feature population standard deviation (1 where it is 0)
 */
public record Standardizer(float[] mean, float[] std) {
  /** Copies the arrays. */
  public Standardizer {
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std must have the same length, got " + mean.length + " and " + std.length);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Fits on all steps of {@code trials} (two-pass, double accumulation). */
  public static Standardizer fit(List<Trial> trials) {
    int d = trials.get(0).featureSize();
    double[] sum = new double[d];
    long n = 0;
    for (Trial t : trials) {
      for (float[] row : t.featuresView()) {
        for (int c = 0; c < d; c++) {
          sum[c] += row[c];
        }
        n++;
      }
    }
    double[] mu = new double[d];
    for (int c = 0; c < d; c++) {
      mu[c] = sum[c] / n;
    }
    double[] ss = new double[d];
    for (Trial t : trials) {
      for (float[] row : t.featuresView()) {
        for (int c = 0; c < d; c++) {
          double x = row[c] - mu[c];
          ss[c] += x * x;
        }
      }
    }
    float[] m = new float[d];
    float[] s = new float[d];
    for (int c = 0; c < d; c++) {
      m[c] = (float) mu[c];
      double sd = Math.sqrt(ss[c] / n);
      s[c] = sd > 0 ? (float) sd : 1f;
    }
    return new Standardizer(m, s);
  }

  /** Returns standardised copies of the rows {@code [T][d]}. */
  public float[][] apply(float[][] x) {
    float[][] out = new float[x.length][];
    for (int t = 0; t < x.length; t++) {
      if (x[t].length != mean.length) {
        throw new IllegalArgumentException(
            "x must have "
                + mean.length
                + " features per step, got "
                + x[t].length
                + " at step "
                + t);
      }
      float[] r = new float[mean.length];
      for (int c = 0; c < r.length; c++) {
        r[c] = (x[t][c] - mean[c]) / std[c];
      }
      out[t] = r;
    }
    return out;
  }

  /** A copy of the trial with standardised features. */
  public Trial apply(Trial t) {
    return Trial.of(
        t.id(), t.subject(), apply(t.featuresView()), t.labelsView(), t.knowledgeView());
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public String toString() {
    return "Standardizer{features=" + mean.length + "}";
  }
}
