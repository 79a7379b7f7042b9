package io.github.kd4j.core.data;

import io.github.kd4j.core.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * How a trial's steps are cut into training windows (SPEC 7): windows of {@code length} steps every
 * {@code hop} steps from step 0; if the last one does not end at the trial's last step, one more
 * window aligned to the trial end is added; a trial shorter than {@code length} is one window
 * starting at 0 that is zero-padded after its {@code T} real steps. Defaults 96 and 32 (24 s and 8
 * s at 4 Hz).
 *
 * @param length window length in steps
 * @param hop step between window starts
 */
public record WindowPlan(int length, int hop) {
  /** The SPEC 7 plan: 96 steps, hop 32. */
  public static final WindowPlan DEFAULT = new WindowPlan(96, 32);

  /** One window: its start step and its number of real (not padded) steps. */
  public record Window(int start, int valid) {}

  /** Checks {@code length > 0} and {@code 0 < hop <= length}. */
  public WindowPlan {
    Checks.positive("length", length);
    Checks.positive("hop", hop);
    if (hop > length) {
      throw new IllegalArgumentException(
          "hop (" + hop + " steps) must not exceed the window length (" + length + " steps)");
    }
  }

  /** The windows of a trial of {@code steps} steps, in increasing start order. */
  public List<Window> windows(int steps) {
    Checks.positive("steps", steps);
    List<Window> out = new ArrayList<>();
    if (steps <= length) {
      out.add(new Window(0, steps));
      return out;
    }
    int start = 0;
    for (; start + length <= steps; start += hop) {
      out.add(new Window(start, length));
    }
    int last = out.get(out.size() - 1).start();
    if (last + length < steps) {
      out.add(new Window(steps - length, length));
    }
    return out;
  }
}
