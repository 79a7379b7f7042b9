package io.github.kd4j.eeg.topo;

/**
 * The viridis colour map (van der Walt and Smith, 2015; matplotlib's default, released CC0), 256
 * levels as in matplotlib: a value {@code t} in {@code [0, 1]} falls in level {@code min(255,
 * floor(256 t))}, and level {@code i} has the colour of viridis at {@code i / 255}.
 *
 * <p>The colours come from 52 control points of the published map, every fifth of its 256 levels
 * (sRGB in {@code [0, 1]}, 4 decimals), linearly interpolated in sRGB between them; every level is
 * within 1/255 of matplotlib's table (checked by a test against it).
 */
final class Viridis {
  /** Levels of the map. */
  static final int LEVELS = 256;

  private static final int STEP = 5;

  private static final double[][] CONTROL = {
    {0.2670, 0.0049, 0.3294},
    {0.2738, 0.0315, 0.3589},
    {0.2788, 0.0621, 0.3866},
    {0.2819, 0.0897, 0.4124},
    {0.2832, 0.1157, 0.4361},
    {0.2826, 0.1409, 0.4575},
    {0.2803, 0.1657, 0.4765},
    {0.2762, 0.1901, 0.4930},
    {0.2706, 0.2141, 0.5071},
    {0.2637, 0.2376, 0.5188},
    {0.2556, 0.2607, 0.5283},
    {0.2468, 0.2832, 0.5359},
    {0.2374, 0.3052, 0.5419},
    {0.2278, 0.3266, 0.5465},
    {0.2181, 0.3474, 0.5500},
    {0.2086, 0.3678, 0.5527},
    {0.1994, 0.3876, 0.5546},
    {0.1906, 0.4071, 0.5561},
    {0.1823, 0.4262, 0.5571},
    {0.1743, 0.4450, 0.5578},
    {0.1666, 0.4637, 0.5581},
    {0.1592, 0.4822, 0.5581},
    {0.1519, 0.5007, 0.5576},
    {0.1448, 0.5191, 0.5566},
    {0.1378, 0.5375, 0.5549},
    {0.1312, 0.5559, 0.5525},
    {0.1254, 0.5743, 0.5491},
    {0.1211, 0.5927, 0.5446},
    {0.1194, 0.6111, 0.5390},
    {0.1214, 0.6295, 0.5320},
    {0.1281, 0.6477, 0.5235},
    {0.1402, 0.6659, 0.5134},
    {0.1579, 0.6838, 0.5017},
    {0.1807, 0.7014, 0.4882},
    {0.2080, 0.7187, 0.4729},
    {0.2394, 0.7356, 0.4557},
    {0.2741, 0.7520, 0.4366},
    {0.3119, 0.7678, 0.4156},
    {0.3524, 0.7830, 0.3926},
    {0.3952, 0.7975, 0.3678},
    {0.4401, 0.8111, 0.3410},
    {0.4870, 0.8239, 0.3123},
    {0.5356, 0.8358, 0.2819},
    {0.5857, 0.8467, 0.2499},
    {0.6369, 0.8565, 0.2166},
    {0.6889, 0.8654, 0.1827},
    {0.7414, 0.8734, 0.1496},
    {0.7938, 0.8807, 0.1200},
    {0.8456, 0.8873, 0.0997},
    {0.8963, 0.8936, 0.0963},
    {0.9456, 0.8998, 0.1128},
    {0.9932, 0.9062, 0.1439}
  };

  private static final int[] TABLE = new int[LEVELS];

  static {
    for (int i = 0; i < LEVELS; i++) {
      int j = Math.min(i / STEP, CONTROL.length - 2);
      double f = (i - j * STEP) / (double) STEP;
      int rgb = 0;
      for (int k = 0; k < 3; k++) {
        double c = CONTROL[j][k] + f * (CONTROL[j + 1][k] - CONTROL[j][k]);
        rgb = (rgb << 8) | (int) Math.round(255 * c);
      }
      TABLE[i] = rgb;
    }
  }

  private Viridis() {}

  /** The colour {@code 0xRRGGBB} of level {@code i} in {@code [0, 255]}. */
  static int level(int i) {
    return TABLE[i];
  }

  /**
   * The colour {@code 0xRRGGBB} of {@code t}; values outside {@code [0, 1]} take the end colours.
   *
   * @throws IllegalArgumentException for NaN
   */
  static int rgb(double t) {
    if (Double.isNaN(t)) {
      throw new IllegalArgumentException("colour map input must not be NaN");
    }
    int i = (int) Math.floor(t * LEVELS);
    return TABLE[Math.max(0, Math.min(LEVELS - 1, i))];
  }
}
