package io.github.kd4j.metrics.stitch;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static io.github.kd4j.metrics.Messages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StitcherTest {

  /**
   * Averaging k equal copies of v: k - 1 rounded additions and one division, relative error at most
   * about k eps; windows here overlap at most 120 deep.
   */
  private static final double AVERAGE_REL_TOL = 256 * Math.ulp(1.0);

  /**
   * Windows of {@code size} steps every {@code hop} steps, plus one aligned to the end (SPEC 7).
   */
  private static List<Integer> starts(int length, int size, int hop) {
    List<Integer> starts = new ArrayList<>();
    if (length <= size) {
      starts.add(0);
      return starts;
    }
    int s = 0;
    for (; s + size <= length; s += hop) {
      starts.add(s);
    }
    if (starts.get(starts.size() - 1) + size < length) {
      starts.add(length - size);
    }
    return starts;
  }

  /** A window carrying trace[start, start + size), with {@code padding} past the trace's end. */
  private static WindowPrediction window(
      String id, double[] trace, int start, int size, double padding) {
    double[] v = new double[size];
    for (int k = 0; k < size; k++) {
      v[k] = start + k < trace.length ? trace[start + k] : padding;
    }
    return new WindowPrediction(id, start, v);
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void nonOverlappingWindowsReproduceTheTraceExactly() {
    qt().forAll(
            lists().of(doubles().between(-1, 1)).ofSizeBetween(1, 300),
            lists().of(integers().between(1, 50)).ofSizeBetween(1, 300),
            longs().all())
        .check(
            (traceList, sizes, seed) -> {
              double[] trace = toArray(traceList);
              List<WindowPrediction> windows = new ArrayList<>();
              int start = 0;
              for (int i = 0; start < trace.length; i++) {
                int size = sizes.get(i % sizes.size());
                windows.add(window("t", trace, start, size, 7.0));
                start += size;
              }
              Collections.shuffle(windows, new java.util.Random(seed));
              Stitcher s = Stitcher.builder().trial("t", trace.length).build();
              return Arrays.equals(trace, s.stitch(windows).trial("t"));
            });
  }

  @Test
  void overlappingWindowsOfOneTraceReturnThatTrace() {
    qt().forAll(
            lists().of(doubles().between(-1, 1)).ofSizeBetween(1, 400),
            integers().between(1, 120),
            integers().between(1, 120),
            doubles().between(-5, 5))
        .check(
            (traceList, size, hopRaw, padding) -> {
              double[] trace = toArray(traceList);
              int hop = Math.min(hopRaw, size);
              List<WindowPrediction> windows = new ArrayList<>();
              for (int start : starts(trace.length, size, hop)) {
                windows.add(window("t", trace, start, size, padding));
              }
              double[] stitched =
                  Stitcher.builder().trial("t", trace.length).build().stitch(windows).trial("t");
              for (int i = 0; i < trace.length; i++) {
                if (Math.abs(stitched[i] - trace[i]) > AVERAGE_REL_TOL * Math.abs(trace[i])) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Windows with their own values: each step is the plain mean of what covers it. */
  @Test
  void eachStepIsTheMeanOfTheWindowsCoveringIt() {
    qt().forAll(integers().between(1, 300), integers().between(1, 100), longs().all())
        .check(
            (length, size, seed) -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              int hop = 1 + rnd.nextInt(size);
              List<WindowPrediction> windows = new ArrayList<>();
              List<List<Double>> covering = new ArrayList<>();
              for (int t = 0; t < length; t++) {
                covering.add(new ArrayList<>());
              }
              for (int start : starts(length, size, hop)) {
                double[] v = rnd.doubles(size, -1, 1).toArray();
                windows.add(new WindowPrediction("t", start, v));
                for (int k = 0; k < size && start + k < length; k++) {
                  covering.get(start + k).add(v[k]);
                }
              }
              double[] stitched =
                  Stitcher.builder().trial("t", length).build().stitch(windows).trial("t");
              for (int t = 0; t < length; t++) {
                double mean =
                    covering.get(t).stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow();
                if (Math.abs(stitched[t] - mean) > AVERAGE_REL_TOL) {
                  return false;
                }
              }
              return true;
            });
  }

  /** SPEC 7 windows (96 steps, hop 32, end-aligned last window; short trials zero-padded). */
  @Test
  void stitchesTheSpecWindowPlanOverSeveralTrialsInDeclarationOrder() {
    double[] b = new SplittableRandom(1).doubles(200, -1, 1).toArray();
    double[] a = new SplittableRandom(2).doubles(50, -1, 1).toArray();
    List<WindowPrediction> windows = new ArrayList<>();
    for (int start : starts(b.length, 96, 32)) {
      windows.add(window("b", b, start, 96, 0.0));
    }
    windows.add(window("a", a, 0, 96, 0.0));
    assertEquals(List.of(0, 32, 64, 96, 104), starts(b.length, 96, 32));
    Stitcher stitcher = Stitcher.builder().trial("b", 200).trial("a", 50).build();
    StitchedPredictions stitched = stitcher.stitch(windows);
    assertEquals(List.of("b", "a"), stitched.trialIds());
    assertEquals(250, stitched.totalLength());
    assertArrayEquals(a, stitched.trial("a"), 0.0);
    assertArrayEquals(b, stitched.trial("b"), AVERAGE_REL_TOL);
    double[] all = stitched.concatenated();
    assertArrayEquals(stitched.trial("b"), Arrays.copyOfRange(all, 0, 200), 0.0);
    assertArrayEquals(a, Arrays.copyOfRange(all, 200, 250), 0.0);
    assertEquals("Stitcher{2 trials, 250 steps: b (200), a (50)}", stitcher.toString());
    assertEquals("StitchedPredictions{2 trials, 250 steps}", stitched.toString());
  }

  @Test
  void uncoveredStepIsAnErrorNamingTrialAndSteps() {
    Stitcher s = Stitcher.builder().trial("S01T02", 100).build();
    double[] v = new double[40];
    assertIllegalArgument(
        () ->
            s.stitch(
                List.of(
                    new WindowPrediction("S01T02", 0, v), new WindowPrediction("S01T02", 50, v))),
        "trial 'S01T02'",
        "got step 40 uncovered",
        "steps 40..49 of 0..99");
    assertIllegalArgument(
        () -> s.stitch(List.of()), "trial 'S01T02'", "got step 0 uncovered", "steps 0..99");
  }

  @Test
  void windowOfAnUnknownTrialIsAnErrorNamingIt() {
    Stitcher s = Stitcher.builder().trial("a", 10).trial("b", 10).build();
    assertIllegalArgument(
        () -> s.stitch(List.of(new WindowPrediction("c", 0, new double[10]))),
        "must name a declared trial, got 'c'",
        "declared: a, b");
  }

  @Test
  void windowStartingAtOrBeyondTheTrialEndIsAnError() {
    Stitcher s = Stitcher.builder().trial("a", 10).build();
    assertIllegalArgument(
        () -> s.stitch(List.of(new WindowPrediction("a", 10, new double[4]))),
        "start must be < the trial length 10, got 10",
        "trial 'a'");
  }

  @Test
  void windowPredictionValidatesAndCopies() {
    assertIllegalArgument(
        () -> new WindowPrediction("a", -3, new double[2]), "start must be >= 0, got -3", "'a'");
    assertIllegalArgument(
        () -> new WindowPrediction(" ", 0, new double[2]), "trialId must be a non-blank string");
    assertIllegalArgument(
        () -> new WindowPrediction("a", 4, new double[0]), "at least one prediction, got none");
    assertIllegalArgument(
        () -> new WindowPrediction("a", 4, new double[] {0, Double.NaN}),
        "values must be finite, got NaN at index 1",
        "trial 'a' starting at step 4");
    double[] v = {1, 2};
    WindowPrediction w = new WindowPrediction("a", 0, v);
    v[0] = 9;
    w.values()[1] = 9;
    assertArrayEquals(new double[] {1, 2}, w.values(), 0.0);
    assertEquals(new WindowPrediction("a", 0, new double[] {1, 2}), w);
    assertEquals(new WindowPrediction("a", 0, new double[] {1, 2}).hashCode(), w.hashCode());
    assertEquals("WindowPrediction{trial 'a', steps [0, 2)}", w.toString());
  }

  @Test
  void builderValidatesTrials() {
    assertIllegalArgument(
        () -> Stitcher.builder().trial("a", 0), "length must be >= 1 step, got 0 (trial 'a')");
    assertIllegalArgument(() -> Stitcher.builder().trial(null, 5), "got null");
    assertIllegalArgument(
        () -> Stitcher.builder().trial("a", 5).trial("a", 6),
        "must be unique, got 'a' twice (lengths 5 and 6)");
    assertMessage(
        IllegalStateException.class, () -> Stitcher.builder().build(), "no trial declared");
    Stitcher s = Stitcher.builder().trial("x", 3).build();
    assertEquals(3, s.trialLength("x"));
    assertIllegalArgument(() -> s.trialLength("y"), "got 'y'");
  }
}
