package io.github.kd4j.eeg.bandpower;

/**
 * The composite Simpson rule of SciPy 1.10's {@code simpson(y, dx=dx, even='avg')}, written as
 * weights: {@code integral = sum_i w[i] y[i]}.
 *
 * <p>For {@code N} samples: {@code N = 1} gives 0; {@code N = 2} the trapezoid {@code dx (y0 +
 * y1)/2}; odd {@code N} the composite Simpson rule {@code dx/3 (y0 + 4 y1 + 2 y2 + ... + 4 y_{N-2}
 * + y_{N-1})}; even {@code N >= 4} the average of (Simpson over the first {@code N-1} points +
 * trapezoid on the last interval) and (trapezoid on the first interval + Simpson over the last
 * {@code N-1} points). SciPy >= 1.11 changed the even case; this is the 1.10 rule.
 */
final class SimpsonRule {
  private SimpsonRule() {}

  /** The weights {@code w} for {@code n >= 1} equally spaced samples {@code dx} apart. */
  static double[] weights(int n, double dx) {
    if (n < 1) {
      throw new IllegalArgumentException("Simpson rule needs n >= 1 samples, got " + n);
    }
    double[] w = new double[n];
    if (n == 1) {
      return w;
    }
    if (n % 2 == 1) {
      addSimpson(w, 0, n, dx, 1.0);
      return w;
    }
    // even n: avg of first (Simpson on [0, n-2] + trapezoid [n-2, n-1]) and last (trapezoid [0, 1]
    // + Simpson on [1, n-1]); for n = 2 both Simpson parts are empty
    if (n >= 4) {
      addSimpson(w, 0, n - 1, dx, 0.5);
      addSimpson(w, 1, n - 1, dx, 0.5);
    }
    w[n - 2] += 0.25 * dx;
    w[n - 1] += 0.25 * dx;
    w[0] += 0.25 * dx;
    w[1] += 0.25 * dx;
    return w;
  }

  /**
   * Adds {@code scale *} composite Simpson weights for the {@code count} (odd) points from start.
   */
  private static void addSimpson(double[] w, int start, int count, double dx, double scale) {
    double third = scale * dx / 3.0;
    for (int i = 0; i + 2 < count; i += 2) {
      w[start + i] += third;
      w[start + i + 1] += 4.0 * third;
      w[start + i + 2] += third;
    }
  }

  /** {@code sum_i w[i] y[from + i]}. */
  static double integrate(double[] w, double[] y, int from) {
    double s = 0.0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * y[from + i];
    }
    return s;
  }
}
