package io.github.kd4j.core.bench;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * 1 - CCC per window along time as a DL4J loss, for an {@code RnnOutputLayer} with one output.
 *
 * <p>DL4J hands an RNN output layer's loss 2-D arrays {@code [batch * T, 1]}, rows ordered {@code r
 * = b + batch * t} (its {@code reshape3dTo2d}: {@code [b, 1, T]} permuted to {@code [b, T, 1]} and
 * reshaped in Fortran order), so the window of row {@code r} is {@code r mod batch}; the number of
 * steps {@code T} is fixed at construction. With {@code D = s_x^2 + s_y^2 + (mu_x - mu_y)^2} and
 * population moments over the {@code N = T} steps of a window:
 *
 * <pre>
 * rho = 2 s_xy / D
 * d(1 - rho)/dx_i = -(2/N) [ (y_i - mu_y) / D - 2 s_xy ((x_i - mu_x) + (mu_x - mu_y)) / D^2 ]
 * </pre>
 *
 * DL4J's conventions: the score returned without averaging is the sum over windows, which the layer
 * divides by the minibatch size; the gradient is that of the sum, which the updater divides by the
 * minibatch size. So the loss trained is {@code mean_b (1 - rho_b)}, SPEC 6. Masks are not
 * supported (the benchmark has none).
 */
final class CccLossFunction implements ILossFunction {
  private static final long serialVersionUID = 1L;

  private final int steps;

  CccLossFunction(int steps) {
    this.steps = steps;
  }

  private double[] windowLosses(INDArray labels, INDArray preOutput, IActivation act) {
    float[] x = act.getActivation(preOutput.dup(), true).data().asFloat();
    float[] y = labels.dup().data().asFloat();
    int windows = x.length / steps;
    double[] out = new double[windows];
    for (int b = 0; b < windows; b++) {
      double[] m = moments(x, y, b, windows);
      out[b] = 1 - 2 * m[4] / m[5];
    }
    return out;
  }

  /** mu_x, mu_y, s_x^2, s_y^2, s_xy, D of window b. */
  private double[] moments(float[] x, float[] y, int b, int windows) {
    double mx = 0;
    double my = 0;
    for (int t = 0; t < steps; t++) {
      mx += x[b + windows * t];
      my += y[b + windows * t];
    }
    mx /= steps;
    my /= steps;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int t = 0; t < steps; t++) {
      double dx = x[b + windows * t] - mx;
      double dy = y[b + windows * t] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    sxx /= steps;
    syy /= steps;
    sxy /= steps;
    double dm = mx - my;
    return new double[] {mx, my, sxx, syy, sxy, sxx + syy + dm * dm};
  }

  @Override
  public double computeScore(
      INDArray labels, INDArray preOutput, IActivation act, INDArray mask, boolean average) {
    double sum = 0;
    double[] w = windowLosses(labels, preOutput, act);
    for (double v : w) {
      sum += v;
    }
    return average ? sum / w.length : sum;
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
    return Nd4j.createFromArray(windowLosses(labels, preOutput, act))
        .castTo(preOutput.dataType())
        .reshape(-1, 1);
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation act, INDArray mask) {
    INDArray activated = act.getActivation(preOutput.dup(), true);
    float[] x = activated.data().asFloat();
    float[] y = labels.dup().data().asFloat();
    int windows = x.length / steps;
    float[] grad = new float[x.length];
    for (int b = 0; b < windows; b++) {
      double[] m = moments(x, y, b, windows);
      double d = m[5];
      for (int t = 0; t < steps; t++) {
        int r = b + windows * t;
        double dRho =
            (2.0 / steps)
                * ((y[r] - m[1]) / d - 2 * m[4] * ((x[r] - m[0]) + (m[0] - m[1])) / (d * d));
        grad[r] = (float) -dRho;
      }
    }
    INDArray dLdA = Nd4j.createFromArray(grad).reshape(preOutput.shape());
    return act.backprop(preOutput.dup(), dLdA).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels, INDArray preOutput, IActivation act, INDArray mask, boolean average) {
    return new Pair<>(
        computeScore(labels, preOutput, act, mask, average),
        computeGradient(labels, preOutput, act, mask));
  }

  @Override
  public String name() {
    return "CCC";
  }
}
