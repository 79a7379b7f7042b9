package io.github.kd4j.eeg.montage;

import java.util.Objects;

/**
 * One electrode of a {@link Montage}: its name and position, in metres.
 *
 * <p>{@code (x, y, z)} is the head-frame position of MNE's {@code standard_1020} montage (x towards
 * the right ear, y towards the nasion, z up). {@code (topoX, topoY)} is where MNE's {@code
 * plot_topomap} puts it: with {@code r, theta, phi} the spherical coordinates of {@code (x, y, z)}
 * about the origin ({@code theta} from +z), {@code (topoX, topoY) = r * theta / (pi/2) * (cos phi,
 * sin phi)}, an azimuthal equidistant projection in which the head circle has radius 0.095 m.
 *
 * @param name electrode name, e.g. {@code "Fp1"}
 * @param x head-frame x, m
 * @param y head-frame y, m
 * @param z head-frame z, m
 * @param topoX 2-D topomap x, m
 * @param topoY 2-D topomap y, m
 */
public record Electrode(String name, double x, double y, double z, double topoX, double topoY) {
  /** Checks that the name is non-null and the coordinates finite. */
  public Electrode {
    Objects.requireNonNull(name, "name");
    for (double v : new double[] {x, y, z, topoX, topoY}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "coordinates of electrode " + name + " must be finite, got " + v);
      }
    }
  }
}
