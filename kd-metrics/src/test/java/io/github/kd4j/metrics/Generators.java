package io.github.kd4j.metrics;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.quicktheories.core.Gen;

/** QuickTheories generators shared by the metric tests. */
public final class Generators {

  private Generators() {}

  /**
   * Pairs {@code {x, y}} of equal length in [minN, maxN], neither constant: unit-scale values times
   * 10^k (k in -3..3) plus an offset of up to 10 times that scale, so the metrics see small, large
   * and shifted data.
   */
  public static Gen<double[][]> pairs(int minN, int maxN) {
    Gen<double[]> point =
        doubles().between(-1, 1).zip(doubles().between(-1, 1), (a, b) -> new double[] {a, b});
    Gen<List<double[]>> points = lists().of(point).ofSizeBetween(minN, maxN);
    return points
        .zip(
            integers().between(-3, 3),
            doubles().between(-10, 10),
            doubles().between(-10, 10),
            (l, k, offX, offY) -> {
              double scale = Math.pow(10, k);
              double[] x = new double[l.size()];
              double[] y = new double[l.size()];
              for (int i = 0; i < x.length; i++) {
                x[i] = scale * (offX + l.get(i)[0]);
                y[i] = scale * (offY + l.get(i)[1]);
              }
              return new double[][] {x, y};
            })
        .assuming(p -> !isConstant(p[0]) && !isConstant(p[1]))
        .describedAs(
            p -> "x=" + java.util.Arrays.toString(p[0]) + " y=" + java.util.Arrays.toString(p[1]));
  }

  /** True if all values equal the first. */
  public static boolean isConstant(double[] v) {
    for (double e : v) {
      if (e != v[0]) {
        return false;
      }
    }
    return true;
  }

  /** Mean, for building test inputs. */
  public static double mean(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e;
    }
    return s / v.length;
  }

  /** Population standard deviation, for building test inputs. */
  public static double populationStd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double e : v) {
      s += (e - m) * (e - m);
    }
    return Math.sqrt(s / v.length);
  }

  /** Largest absolute value. */
  public static double maxAbs(double[] v) {
    double m = 0;
    for (double e : v) {
      m = Math.max(m, Math.abs(e));
    }
    return m;
  }
}
