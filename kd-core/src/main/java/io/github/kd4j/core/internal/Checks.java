package io.github.kd4j.core.internal;

/**
 * Argument checks whose messages follow the project's shape: {@code <name> must <rule>, got
 * <value>}. Internal: not part of the public API.
 */
public final class Checks {
  private Checks() {}

  /** Throws {@link IllegalArgumentException} unless {@code value > 0}. */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }

  /** Throws {@link IllegalArgumentException} unless {@code value > 0} and finite. */
  public static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
    }
    return value;
  }

  /** Throws {@link IllegalArgumentException} unless {@code value >= 0} and finite. */
  public static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
    }
    return value;
  }

  /** Throws {@link IllegalArgumentException} unless {@code 0 <= value < 1}. */
  public static double probability(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }
}
