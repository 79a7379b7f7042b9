package io.github.kd4j.metrics.stitch;

import static io.github.kd4j.metrics.Messages.assertIllegalArgument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.VarianceConvention;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StitchedPredictionsTest {

  private final SplittableRandom rnd = new SplittableRandom(42);
  private final double[] predB = rnd.doubles(30, -1, 1).toArray();
  private final double[] predA = rnd.doubles(20, -1, 1).toArray();
  private final double[] labelB = rnd.doubles(30, -1, 1).toArray();
  private final double[] labelA = rnd.doubles(20, -1, 1).toArray();
  private final StitchedPredictions stitched =
      Stitcher.builder()
          .trial("b", 30)
          .trial("a", 20)
          .build()
          .stitch(
              List.of(new WindowPrediction("a", 0, predA), new WindowPrediction("b", 0, predB)));

  /** A HashMap: its iteration order must not matter, the declaration order (b, a) does. */
  private Map<String, double[]> labels() {
    Map<String, double[]> m = new HashMap<>();
    m.put("a", labelA);
    m.put("b", labelB);
    return m;
  }

  private static double[] concat(double[] x, double[] y) {
    double[] out = new double[x.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  @Test
  void foldMetricsAreComputedOnceOnTheConcatenatedTrials() {
    assertArrayEquals(concat(labelB, labelA), stitched.concatenate(labels()), 0.0);
    MetricSet expected =
        MetricSet.compute(concat(predB, predA), concat(labelB, labelA), VarianceConvention.AVEC);
    assertEquals(expected, stitched.foldMetrics(labels(), VarianceConvention.AVEC));
  }

  @Test
  void trialMetricsComeInTrialOrder() {
    Map<String, MetricSet> perTrial =
        stitched.trialMetrics(labels(), VarianceConvention.POPULATION);
    assertEquals(List.of("b", "a"), List.copyOf(perTrial.keySet()));
    assertEquals(MetricSet.compute(predB, labelB), perTrial.get("b"));
    assertEquals(MetricSet.compute(predA, labelA), perTrial.get("a"));
  }

  @Test
  void misalignedLabelsAreErrorsNamingTheTrial() {
    Map<String, double[]> missing = labels();
    missing.remove("a");
    assertIllegalArgument(() -> stitched.concatenate(missing), "got none for trial 'a'");
    Map<String, double[]> shortLabels = labels();
    shortLabels.put("b", new double[29]);
    assertIllegalArgument(
        () -> stitched.concatenate(shortLabels), "trial 'b'", "one value per step (30), got 29");
    Map<String, double[]> extra = labels();
    extra.put("z", new double[3]);
    assertIllegalArgument(() -> stitched.concatenate(extra), "extra trials [z]");
    Map<String, double[]> nan = labels();
    double[] bad = labelA.clone();
    bad[7] = Double.NaN;
    nan.put("a", bad);
    assertIllegalArgument(
        () -> stitched.foldMetrics(nan, VarianceConvention.POPULATION),
        "labels must be finite, got NaN at step 7 of trial 'a'");
  }

  @Test
  void degenerateTrialIsAnErrorNamingTheTrial() {
    Map<String, double[]> constant = labels();
    constant.put("a", new double[20]);
    assertIllegalArgument(
        () -> stitched.trialMetrics(constant, VarianceConvention.POPULATION),
        "trial 'a': label must not be constant for PCC");
  }

  @Test
  void trialReturnsACopyAndRejectsUnknownIds() {
    stitched.trial("a")[0] = 99;
    assertArrayEquals(predA, stitched.trial("a"), 0.0);
    assertIllegalArgument(() -> stitched.trial("q"), "must name a stitched trial, got 'q'");
  }
}
