package io.github.kd4j.core.synthetic;

/**
 * Measures the expression of a rendered face by colour, independently of the renderer's geometry:
 * mouth pixels are strongly red ({@code r - g > 75}), eye pixels near black, brow pixels dark
 * brown. For frames rendered without pixel noise.
 */
final class FacePixels {
  private FacePixels() {}

  private static int[] rgb(byte[] f, int size, int x, int y) {
    int p = (y * size + x) * 3;
    return new int[] {f[p] & 0xff, f[p + 1] & 0xff, f[p + 2] & 0xff};
  }

  static boolean mouth(int[] c) {
    return c[0] > 110 && c[0] - c[1] > 75;
  }

  static boolean eye(int[] c) {
    return c[0] < 45 && c[1] < 45;
  }

  static boolean brow(int[] c) {
    return c[0] >= 55 && c[0] <= 85 && c[1] < 60 && c[0] - c[2] > 25;
  }

  /** Mean row of the mouth's middle columns minus that of its corner columns (px, up = +). */
  static double smile(byte[] f, int size) {
    double[] sum = new double[size];
    int[] count = new int[size];
    int xmin = size;
    int xmax = -1;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (mouth(rgb(f, size, x, y))) {
          sum[x] += y;
          count[x]++;
          xmin = Math.min(xmin, x);
          xmax = Math.max(xmax, x);
        }
      }
    }
    if (xmax < 0) {
      throw new AssertionError("no mouth pixels");
    }
    double mid = 0.5 * (xmin + xmax);
    double centre = 0;
    int nc = 0;
    double corner = 0;
    int nk = 0;
    for (int x = xmin; x <= xmax; x++) {
      if (count[x] == 0) {
        continue;
      }
      double yx = sum[x] / count[x];
      if (Math.abs(x - mid) <= 1) {
        centre += yx;
        nc++;
      } else if (x <= xmin + 1 || x >= xmax - 1) {
        corner += yx;
        nk++;
      }
    }
    return centre / nc - corner / nk;
  }

  /** Mean row of the eyes minus mean row of the brows (px). */
  static double browHeight(byte[] f, int size) {
    double eyes = 0;
    int ne = 0;
    double brows = 0;
    int nb = 0;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int[] c = rgb(f, size, x, y);
        if (eye(c)) {
          eyes += y;
          ne++;
        } else if (brow(c)) {
          brows += y;
          nb++;
        }
      }
    }
    if (ne == 0 || nb == 0) {
      throw new AssertionError("eyes " + ne + ", brow pixels " + nb);
    }
    return eyes / ne - brows / nb;
  }
}
