package io.github.kd4j.eeg.topo;

/**
 * The 3-D to 2-D electrode projection of MNE-Python's {@code plot_topomap} (MNE 1.3, {@code
 * mne.channels.layout._auto_topomap_coords} with the default sphere: origin {@code (0, 0, 0)},
 * radius {@link #HEAD_RADIUS}): an azimuthal equidistant projection about the origin.
 *
 * <p>With {@code r = |p|}, polar angle {@code theta = acos(z / r)} (from +z, the vertex) and
 * azimuth {@code phi = atan2(y, x)}: {@code (u, v) = r * theta / (pi/2) * (cos phi, sin phi)}, in
 * metres; +v points to the nose, +u to the right ear, so a map drawn with +v up shows the nose up
 * and the left hemisphere on the left. An electrode at radius {@code HEAD_RADIUS} on the equator
 * ({@code theta = pi/2}) lands on the head circle.
 *
 * <p>{@link #toSphere} maps a 2-D point back to the unit sphere with the fixed radius {@code
 * HEAD_RADIUS}: {@code theta = |(u, v)| / HEAD_RADIUS * pi/2}. Spherical-spline interpolation is
 * done on these unit vectors, so it interpolates exactly at the projected electrode positions.
 */
final class TopomapProjection {
  /** MNE's default head radius ({@code HEAD_SIZE_DEFAULT}), metres. */
  static final double HEAD_RADIUS = 0.095;

  private TopomapProjection() {}

  /** Projects a head-frame position (metres) to the 2-D map, metres: {@code {u, v}}. */
  static double[] project(double x, double y, double z) {
    double r = Math.sqrt(x * x + y * y + z * z);
    if (r == 0) {
      return new double[] {0, 0};
    }
    double theta = Math.acos(Math.max(-1, Math.min(1, z / r)));
    double phi = Math.atan2(y, x);
    double rho = r * theta / (Math.PI / 2);
    return new double[] {rho * Math.cos(phi), rho * Math.sin(phi)};
  }

  /** The unit vector whose projection at radius {@link #HEAD_RADIUS} is {@code (u, v)}. */
  static double[] toSphere(double u, double v) {
    double rho = Math.hypot(u, v);
    double theta = rho / HEAD_RADIUS * (Math.PI / 2);
    double phi = Math.atan2(v, u);
    double s = Math.sin(theta);
    return new double[] {s * Math.cos(phi), s * Math.sin(phi), Math.cos(theta)};
  }
}
