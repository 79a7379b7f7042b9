package io.github.kd4j.core.train;

import java.util.Locale;

/**
 * The value of a training loss and its parts: {@code total = ccc + kdWeight * kd}, where {@code
 * ccc} is the mean over windows of {@code 1 - CCC} and {@code kd} the mean absolute difference
 * between teacher and student features (0 without a knowledge term).
 */
public record LossValue(double total, double ccc, double kd) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LossValue{total=%.6f, ccc=%.6f, kd=%.6f}", total, ccc, kd);
  }
}
