package io.github.kd4j.eeg.topo;

import io.github.kd4j.eeg.montage.Electrode;
import io.github.kd4j.eeg.montage.Montage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One scalp map: values at named electrodes, interpolated over the 2-D topomap plane.
 *
 * <p>Electrodes are placed as MNE's {@code plot_topomap} places them ({@link TopomapProjection}:
 * azimuthal equidistant projection of the montage's head-frame positions about the origin; the head
 * circle has radius {@link #HEAD_RADIUS} m, +v towards the nose, +u towards the right ear). Values
 * are interpolated by a spherical spline (Perrin et al. 1989, {@code m = 4}) fitted on the
 * unit-sphere points whose projections are the electrode positions, so {@link #valueAt} returns
 * each electrode's own value at its position and extends smoothly to the whole head circle.
 *
 * <p>Immutable and thread-safe.
 */
public final class Topomap {
  /** Radius of the head circle in map coordinates, metres (MNE's default sphere). */
  public static final double HEAD_RADIUS = TopomapProjection.HEAD_RADIUS;

  private final List<String> channels;
  private final double[] u;
  private final double[] v;
  private final double[] values;
  private final SphericalSpline spline;
  private final double low;
  private final double high;

  private Topomap(List<String> channels, double[] u, double[] v, double[] values) {
    this.channels = channels;
    this.u = u;
    this.v = v;
    this.values = values;
    this.low = java.util.Arrays.stream(values).min().orElse(0);
    this.high = java.util.Arrays.stream(values).max().orElse(0);
    double[][] pts = new double[u.length][];
    for (int i = 0; i < u.length; i++) {
      pts[i] = TopomapProjection.toSphere(u[i], v[i]);
    }
    this.spline = SphericalSpline.fit(pts, values);
  }

  /**
   * A map of {@code values[i]} at channel {@code channels.get(i)}, placed by the montage. Names
   * match exactly, else ignoring case.
   *
   * @throws IllegalArgumentException when the lengths differ, a channel has no position in the
   *     montage (naming it and listing the montage's channels), a channel repeats, or a value is
   *     not finite (naming the channel)
   */
  public static Topomap of(Montage montage, List<String> channels, double[] values) {
    Objects.requireNonNull(montage, "montage");
    Objects.requireNonNull(channels, "channels");
    Objects.requireNonNull(values, "values");
    if (channels.size() != values.length || values.length < 2) {
      throw new IllegalArgumentException(
          "channels and values must have the same length >= 2, got "
              + channels.size()
              + " channels and "
              + values.length
              + " values");
    }
    int n = values.length;
    double[] u = new double[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      String name = channels.get(i);
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "topomap values must be finite, got " + values[i] + " at channel " + name);
      }
      if (channels.indexOf(name) != i) {
        throw new IllegalArgumentException("channels must be distinct, got " + name + " twice");
      }
      Electrode e = find(montage, name);
      double[] p = TopomapProjection.project(e.x(), e.y(), e.z());
      u[i] = p[0];
      v[i] = p[1];
    }
    return new Topomap(List.copyOf(channels), u, v, values.clone());
  }

  private static Electrode find(Montage montage, String name) {
    Electrode loose = null;
    for (Electrode e : montage.electrodes()) {
      if (e.name().equals(name)) {
        return e;
      }
      if (e.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        loose = e;
      }
    }
    if (loose == null) {
      throw new IllegalArgumentException(
          "montage "
              + montage.name()
              + " must have a position for channel '"
              + name
              + "', got none (its channels: "
              + String.join(" ", montage.channelNames())
              + ")");
    }
    return loose;
  }

  /**
   * The interpolated value at map position {@code (u, v)}, metres, clamped to the range of the
   * electrode values: outside the electrodes' hull the spherical spline extrapolates and can
   * overshoot far beyond the data (a saturated rim below the occipital electrodes), which MNE's
   * bounded 'head' extrapolation does not do; clamping keeps the rim within the data range.
   */
  public double valueAt(double u, double v) {
    double[] e = TopomapProjection.toSphere(u, v);
    return clamp(spline.value(e[0], e[1], e[2]));
  }

  private double clamp(double x) {
    return Math.max(low, Math.min(high, x));
  }

  /**
   * {@link #valueAt} with the tabulated Green's function ({@link
   * SphericalSpline#approximateValue}).
   */
  double approximateValueAt(double u, double v) {
    double[] e = TopomapProjection.toSphere(u, v);
    return clamp(spline.approximateValue(e[0], e[1], e[2]));
  }

  /** The channels, in the order of {@link #values()}. */
  public List<String> channels() {
    return channels;
  }

  /** A copy of the electrode values. */
  public double[] values() {
    return values.clone();
  }

  /** The 2-D position {@code {u, v}} of electrode {@code i}, metres. */
  public double[] position(int i) {
    return new double[] {u[i], v[i]};
  }

  @Override
  public String toString() {
    return "Topomap["
        + channels.size()
        + " electrodes, spherical spline m="
        + SphericalSpline.ORDER
        + ", head radius "
        + HEAD_RADIUS
        + " m]";
  }
}
