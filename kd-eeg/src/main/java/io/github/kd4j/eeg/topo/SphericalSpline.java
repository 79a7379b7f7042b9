package io.github.kd4j.eeg.topo;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealVector;

/**
 * Spherical-spline interpolation of values given at points of the unit sphere (Perrin, Pernier,
 * Bertrand and Echallier 1989, Electroenceph. clin. Neurophysiol. 72:184-187).
 *
 * <p>{@code V(e) = c0 + sum_i c_i g(e . e_i)} with {@code g(x) = 1/(4 pi) sum_{n=1..N} (2n+1) /
 * (n(n+1))^m P_n(x)}, {@code m = 4}, {@code N = }{@value #TERMS} (terms decay like {@code 2 / n^7}:
 * the first dropped one is below {@code 1e-11} of the first). The coefficients solve {@code G c +
 * c0 = values, sum c_i = 0} ({@code G_ij = g(e_i . e_j)}), an {@code (n+1) x (n+1)} system solved
 * by Hipparchus' LU decomposition, so {@code V(e_i) = values[i]} up to rounding.
 *
 * <p>Immutable and thread-safe.
 */
final class SphericalSpline {
  /** Spline order m of Perrin et al. */
  static final int ORDER = 4;

  /** Number of Legendre terms. */
  static final int TERMS = 40;

  private static final double[] COEF = new double[TERMS + 1];

  static {
    for (int n = 1; n <= TERMS; n++) {
      COEF[n] = (2.0 * n + 1) / Math.pow((double) n * (n + 1), ORDER) / (4 * Math.PI);
    }
  }

  /** Intervals of the tabulated {@code g} on {@code [-1, 1]} used by {@link #approximateValue}. */
  static final int TABLE_INTERVALS = 1 << 14;

  private static final double[] TABLE = new double[TABLE_INTERVALS + 1];

  static {
    for (int i = 0; i <= TABLE_INTERVALS; i++) {
      TABLE[i] = g(-1 + 2.0 * i / TABLE_INTERVALS);
    }
  }

  private final double[][] points;
  private final double[] weights;
  private final double constant;

  private SphericalSpline(double[][] points, double[] weights, double constant) {
    this.points = points;
    this.weights = weights;
    this.constant = constant;
  }

  /**
   * Fits the spline through {@code values[i]} at the unit vectors {@code points[i]} ({@code n x
   * 3}).
   *
   * @throws IllegalArgumentException for fewer than 2 points, points that are not unit vectors, a
   *     length mismatch, or a singular system (two coincident points)
   */
  static SphericalSpline fit(double[][] points, double[] values) {
    int n = points.length;
    if (n < 2 || values.length != n) {
      throw new IllegalArgumentException(
          "points and values must have the same length >= 2, got " + n + " and " + values.length);
    }
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) {
      p[i] = points[i].clone();
      double len = Math.sqrt(dot(p[i], p[i]));
      if (p[i].length != 3 || Math.abs(len - 1) > 1e-9) {
        throw new IllegalArgumentException(
            "points must be 3-D unit vectors, got length " + len + " at index " + i);
      }
    }
    Array2DRowRealMatrix a = new Array2DRowRealMatrix(n + 1, n + 1);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a.setEntry(i, j, g(dot(p[i], p[j])));
      }
      a.setEntry(i, n, 1);
      a.setEntry(n, i, 1);
    }
    RealVector rhs = new ArrayRealVector(n + 1);
    for (int i = 0; i < n; i++) {
      rhs.setEntry(i, values[i]);
    }
    LUDecomposition lu = new LUDecomposition(a, 1e-14);
    if (!lu.getSolver().isNonSingular()) {
      throw new IllegalArgumentException(
          "points must be distinct: the spline system is singular for " + n + " points");
    }
    RealVector c = lu.getSolver().solve(rhs);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = c.getEntry(i);
    }
    return new SphericalSpline(p, w, c.getEntry(n));
  }

  /** The interpolated value at the unit vector {@code (x, y, z)}. */
  double value(double x, double y, double z) {
    double v = constant;
    for (int i = 0; i < points.length; i++) {
      double[] q = points[i];
      v += weights[i] * g(x * q[0] + y * q[1] + z * q[2]);
    }
    return v;
  }

  /**
   * The interpolated value with {@code g} read from a table of {@value #TABLE_INTERVALS} linear
   * pieces: tens of times faster than {@link #value}, for drawing images, where the error (4.6e-6
   * for values spanning [-1, 1] in the tests) is far under one of 256 colour levels.
   */
  double approximateValue(double x, double y, double z) {
    double v = constant;
    for (int i = 0; i < points.length; i++) {
      double[] q = points[i];
      double c = x * q[0] + y * q[1] + z * q[2];
      double f = (Math.max(-1, Math.min(1, c)) + 1) * (TABLE_INTERVALS / 2.0);
      int j = Math.min((int) f, TABLE_INTERVALS - 1);
      double w = f - j;
      v += weights[i] * (TABLE[j] + w * (TABLE[j + 1] - TABLE[j]));
    }
    return v;
  }

  /** The Green's function {@code g(x)}, {@code x = cos} of the angle between two points. */
  static double g(double x) {
    x = Math.max(-1, Math.min(1, x));
    // Bonnet: (n+1) P_{n+1} = (2n+1) x P_n - n P_{n-1}
    double pPrev = 1;
    double p = x;
    double s = COEF[1] * p;
    for (int n = 1; n < TERMS; n++) {
      double next = ((2 * n + 1) * x * p - n * pPrev) / (n + 1);
      pPrev = p;
      p = next;
      s += COEF[n + 1] * p;
    }
    return s;
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
