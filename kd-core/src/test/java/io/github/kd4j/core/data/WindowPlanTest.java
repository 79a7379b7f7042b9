package io.github.kd4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPlanTest {
  private static List<Integer> starts(int steps) {
    return WindowPlan.DEFAULT.windows(steps).stream().map(WindowPlan.Window::start).toList();
  }

  @Test
  void specExamples() {
    assertEquals(List.of(0), starts(96));
    assertEquals(List.of(0, 4), starts(100));
    assertEquals(List.of(0, 32, 64), starts(160));
    assertEquals(List.of(0, 32, 64, 65), starts(161));
    List<WindowPlan.Window> shortTrial = WindowPlan.DEFAULT.windows(50);
    assertEquals(List.of(new WindowPlan.Window(0, 50)), shortTrial);
  }

  @Test
  void everyStepIsCoveredAndTheLastWindowEndsAtTheTrialEnd() {
    qt().forAll(integers().between(1, 2000))
        .checkAssert(
            steps -> {
              List<WindowPlan.Window> w = WindowPlan.DEFAULT.windows(steps);
              boolean[] covered = new boolean[steps];
              for (WindowPlan.Window x : w) {
                assertTrue(x.start() >= 0 && x.start() + x.valid() <= steps);
                for (int t = x.start(); t < x.start() + x.valid(); t++) {
                  covered[t] = true;
                }
              }
              for (boolean c : covered) {
                assertTrue(c);
              }
              WindowPlan.Window last = w.get(w.size() - 1);
              assertEquals(steps, last.start() + last.valid());
            });
  }

  @Test
  void rejectsHopLongerThanWindow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new WindowPlan(10, 20));
    assertTrue(
        e.getMessage().contains("hop (20 steps) must not exceed the window length (10 steps)"),
        e.getMessage());
  }
}
