package io.github.kd4j.core.train;

import io.github.kd4j.core.nn.SequenceNetwork;
import io.github.kd4j.core.nn.TrainingBatch;
import java.util.Arrays;

/**
 * The CCC loss of SPEC 6: for windows {@code b} with valid lengths {@code n_b}, {@code mean_b (1 -
 * rho_c(pred_b, label_b))}, where {@code rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mu_x - mu_y)^2)} with
 * population (1/n) variances and covariance over the valid steps (Lin 1989). Its gradient with
 * respect to prediction {@code x_t} of window {@code b} is
 *
 * <pre>
 * d(1 - rho)/dx_t = -[2 (y_t - mu_y) D - 2 s_xy (2 (x_t - mu_x) + 2 (mu_x - mu_y))] / (n D^2) / B
 * </pre>
 *
 * with {@code D} the denominator and {@code B} the batch size. A window whose prediction and label
 * are both constant and equal has no CCC: that is an error naming the window.
 */
public final class CccLoss implements TrainingLoss {
  /** The one instance (the loss has no settings). */
  public static final CccLoss INSTANCE = new CccLoss();

  private CccLoss() {}

  @Override
  public LossValue compute(
      TrainingBatch batch, SequenceNetwork.Forward out, float[] dValence, float[] dFeatures) {
    double ccc = cccPart(batch, out.valence(), dValence);
    return new LossValue(ccc, ccc, 0);
  }

  /**
   * The mean of {@code 1 - CCC} over the windows, writing its gradient into {@code dValence}
   * (padded steps get 0). Shared with {@link DistillationLoss}.
   */
  static double cccPart(TrainingBatch batch, float[] pred, float[] dValence) {
    int bsz = batch.batch();
    int steps = batch.steps();
    float[] y = batch.labels();
    Arrays.fill(dValence, 0, bsz * steps, 0f);
    double loss = 0;
    for (int b = 0; b < bsz; b++) {
      int n = batch.valid(b);
      int base = b * steps;
      double mx = 0;
      double my = 0;
      for (int t = 0; t < n; t++) {
        mx += pred[base + t];
        my += y[base + t];
      }
      mx /= n;
      my /= n;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      for (int t = 0; t < n; t++) {
        double dx = pred[base + t] - mx;
        double dy = y[base + t] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
      sxx /= n;
      syy /= n;
      sxy /= n;
      double den = sxx + syy + (mx - my) * (mx - my);
      if (!(den > 0)) {
        throw new IllegalArgumentException(
            "CCC loss is undefined for window "
                + b
                + ": "
                + (Double.isNaN(den)
                    ? "the prediction is NaN (the training has diverged; lower the learning rate)"
                    : "prediction and label are both constant and equal"));
      }
      double rho = 2 * sxy / den;
      loss += 1 - rho;
      double scale = -1.0 / bsz;
      for (int t = 0; t < n; t++) {
        double dx = pred[base + t] - mx;
        double dy = y[base + t] - my;
        double dr = (2 * dy * den - 2 * sxy * (2 * dx + 2 * (mx - my))) / (n * den * den);
        dValence[base + t] = (float) (scale * dr);
      }
    }
    return loss / bsz;
  }

  @Override
  public boolean usesFeatures() {
    return false;
  }

  @Override
  public double kdWeight() {
    return 0;
  }

  @Override
  public String toString() {
    return "CccLoss{1 - CCC, population moments, mean over windows}";
  }
}
