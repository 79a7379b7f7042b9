package io.github.kd4j.metrics;

/**
 * Two-pass first and second moments of a (prediction x, label y) pair, shared by all metrics.
 *
 * <p>With {@code N = x.length}:
 *
 * <pre>
 *   mu_x  = (1/N) sum x_i  (then corrected by (1/N) sum (x_i - mu_x), one extra pass)
 *   sxx   = sum (x_i - mu_x)^2          syy = sum (y_i - mu_y)^2
 *   sxy   = sum (x_i - mu_x)(y_i - mu_y)
 *   dmu   = (1/N) sum (x_i - y_i)       (= mu_x - mu_y, without the cancellation of two large means)
 *   sse   = sum (x_i - y_i)^2
 * </pre>
 *
 * A constant array (all values {@code ==} the first) gets its first value as mean and exactly zero
 * deviations, so that "zero variance" is an exact, testable condition rather than a rounding
 * accident.
 */
final class Moments {

  final int n;
  final double meanX;
  final double meanY;
  final double meanDiff;
  final double sxx;
  final double syy;
  final double sxy;
  final double sse;
  final boolean constantX;
  final boolean constantY;

  private Moments(double[] x, double[] y) {
    n = x.length;
    constantX = isConstant(x);
    constantY = isConstant(y);
    meanX = constantX ? x[0] : mean(x);
    meanY = constantY ? y[0] : mean(y);
    double xx = 0;
    double yy = 0;
    double xy = 0;
    double d = 0;
    double dd = 0;
    for (int i = 0; i < n; i++) {
      double dx = constantX ? 0.0 : x[i] - meanX;
      double dy = constantY ? 0.0 : y[i] - meanY;
      xx += dx * dx;
      yy += dy * dy;
      xy += dx * dy;
      double diff = x[i] - y[i];
      d += diff;
      dd += diff * diff;
    }
    sxx = xx;
    syy = yy;
    sxy = xy;
    meanDiff = d / n;
    sse = dd;
  }

  /** Validates the pair (see {@link Inputs#checkPair}) and computes its moments. */
  static Moments of(double[] pred, double[] label) {
    Inputs.checkPair(pred, label);
    return new Moments(pred, label);
  }

  private static boolean isConstant(double[] v) {
    for (int i = 1; i < v.length; i++) {
      if (v[i] != v[0]) {
        return false;
      }
    }
    return true;
  }

  /** Mean with one correction pass: mu + (1/N) sum (v_i - mu). */
  private static double mean(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e;
    }
    double mu = s / v.length;
    double c = 0;
    for (double e : v) {
      c += e - mu;
    }
    return mu + c / v.length;
  }

  double rmse() {
    return Math.sqrt(sse / n);
  }

  /** Pearson's r; the caller has excluded constant inputs. Clamped to [-1, 1] against rounding. */
  double pearson() {
    double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
    return clamp(r);
  }

  /** Lin's CCC under the given convention; the caller has excluded two constant inputs. */
  double ccc(VarianceConvention convention) {
    double varDivisor = convention == VarianceConvention.AVEC ? n - 1 : n;
    double num = 2.0 * (sxy / n);
    double den = sxx / varDivisor + syy / varDivisor + meanDiff * meanDiff;
    return clamp(num / den);
  }

  private static double clamp(double v) {
    return Math.max(-1.0, Math.min(1.0, v));
  }
}
