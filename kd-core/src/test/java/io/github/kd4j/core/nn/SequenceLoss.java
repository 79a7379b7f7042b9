package io.github.kd4j.core.nn;

/**
 * Test helper: the SPEC 6 student loss over the valid steps of each window and its gradients with
 * respect to a {@link SequenceNetwork}'s outputs, in double precision. {@code ccc} is the mean over
 * windows of {@code 1 - CCC(pred, label)} along the valid steps (population moments); {@code kd} is
 * the mean of {@code |teacher - features|} over valid steps and features (0 without a teacher).
 */
final class SequenceLoss {
  /** The loss parts and the gradients {@code dValence [rows]}, {@code dFeatures [rows * F]}. */
  record Result(double ccc, double kd, double total, float[] dValence, float[] dFeatures) {}

  private SequenceLoss() {}

  static Result of(
      SequenceNetwork.Forward out,
      int featureSize,
      float[] label,
      int[] valid,
      float[] teacher,
      double kdWeight) {
    int bsz = out.batch();
    int steps = out.steps();
    float[] pred = out.valence();
    float[] feats = out.features();
    float[] dPred = new float[bsz * steps];
    float[] dFeat = teacher == null ? null : new float[bsz * steps * featureSize];
    double ccc = 0;
    for (int b = 0; b < bsz; b++) {
      int n = valid[b];
      int base = b * steps;
      double mx = 0;
      double my = 0;
      for (int t = 0; t < n; t++) {
        mx += pred[base + t];
        my += label[base + t];
      }
      mx /= n;
      my /= n;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      for (int t = 0; t < n; t++) {
        double dx = pred[base + t] - mx;
        double dy = label[base + t] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
      sxx /= n;
      syy /= n;
      sxy /= n;
      double den = sxx + syy + (mx - my) * (mx - my);
      ccc += 1 - 2 * sxy / den;
      for (int t = 0; t < n; t++) {
        double dx = pred[base + t] - mx;
        double dy = label[base + t] - my;
        // d(2 sxy / den)/dx_t = 2 dy_t / (n den) - 2 sxy (2 dx_t + 2 (mx - my)) / (n den^2)
        double dr = 2 * dy / (n * den) - 2 * sxy * (2 * dx + 2 * (mx - my)) / (n * den * den);
        dPred[base + t] = (float) (-dr / bsz);
      }
    }
    ccc /= bsz;
    double kd = 0;
    if (teacher != null) {
      long count = 0;
      for (int b = 0; b < bsz; b++) {
        count += (long) valid[b] * featureSize;
      }
      for (int b = 0; b < bsz; b++) {
        int from = b * steps * featureSize;
        int to = (b * steps + valid[b]) * featureSize;
        for (int e = from; e < to; e++) {
          double diff = feats[e] - teacher[e];
          kd += Math.abs(diff);
          dFeat[e] = (float) (Math.signum(diff) * kdWeight / count);
        }
      }
      kd /= count;
    }
    return new Result(ccc, kd, ccc + kdWeight * kd, dPred, dFeat);
  }
}
