package io.github.kd4j.eeg.bandpower;

import io.github.kd4j.core.internal.EditDistance;
import java.util.List;
import java.util.Locale;

/**
 * The default EEG bands of SPEC 3.4 (the reference code's edges, in Hz) and lookup by name.
 *
 * <pre>
 * delta 0.3-4, theta 4-8, alpha 8-12, beta1 12-18, beta2 18-30, gamma 30-45
 * </pre>
 *
 * <p>(The paper's text gives delta 0.3-5 and theta 5-8 Hz; the reference code's edges above are the
 * default.)
 */
public final class FrequencyBands {
  /** Delta, 0.3-4 Hz. */
  public static final FrequencyBand DELTA = new FrequencyBand("delta", 0.3, 4);

  /** Theta, 4-8 Hz. */
  public static final FrequencyBand THETA = new FrequencyBand("theta", 4, 8);

  /** Alpha, 8-12 Hz. */
  public static final FrequencyBand ALPHA = new FrequencyBand("alpha", 8, 12);

  /** Low beta, 12-18 Hz. */
  public static final FrequencyBand BETA1 = new FrequencyBand("beta1", 12, 18);

  /** High beta, 18-30 Hz. */
  public static final FrequencyBand BETA2 = new FrequencyBand("beta2", 18, 30);

  /** Gamma, 30-45 Hz. */
  public static final FrequencyBand GAMMA = new FrequencyBand("gamma", 30, 45);

  /** The six default bands in output order (SPEC 3.4, 3.5). Immutable. */
  public static final List<FrequencyBand> DEFAULT =
      List.of(DELTA, THETA, ALPHA, BETA1, BETA2, GAMMA);

  private FrequencyBands() {}

  /**
   * The default band with this name (case-insensitive).
   *
   * @throws IllegalArgumentException for an unknown name, suggesting the nearest one ({@code "Did
   *     you mean 'beta2'?"})
   */
  public static FrequencyBand byName(String name) {
    return byName(name, DEFAULT);
  }

  /**
   * The band with this name (case-insensitive) among {@code bands}.
   *
   * @throws IllegalArgumentException for an unknown name, suggesting the nearest one
   */
  public static FrequencyBand byName(String name, List<FrequencyBand> bands) {
    if (name == null) {
      throw new IllegalArgumentException("band name must not be null");
    }
    FrequencyBand best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (FrequencyBand b : bands) {
      if (b.name().equalsIgnoreCase(name)) {
        return b;
      }
      int d =
          EditDistance.between(name.toLowerCase(Locale.ROOT), b.name().toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = b;
      }
    }
    StringBuilder msg = new StringBuilder("band must be one of ");
    msg.append(bands.stream().map(FrequencyBand::name).toList());
    msg.append(", got '").append(name).append("'.");
    if (best != null && bestDistance <= Math.max(2, best.name().length() / 2)) {
      msg.append(" Did you mean '").append(best.name()).append("'?");
    }
    throw new IllegalArgumentException(msg.toString());
  }

  /** Formats an edge without a trailing {@code .0}. */
  static String format(double hz) {
    return hz == Math.rint(hz) && Math.abs(hz) < 1e15
        ? Long.toString((long) hz)
        : Double.toString(hz);
  }
}
