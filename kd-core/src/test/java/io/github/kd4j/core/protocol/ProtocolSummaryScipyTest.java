package io.github.kd4j.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.MetricSummary;
import io.github.kd4j.metrics.MetricSummary.StdConvention;
import io.github.kd4j.metrics.VarianceConvention;
import io.github.kd4j.metrics.stats.Alternative;
import io.github.kd4j.metrics.stats.TTestResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link ProtocolSummary} against NumPy/SciPy 1.10 ({@code make_protocol_fixtures.py}): means,
 * population and sample stds over folds (after averaging seeds) and {@code ttest_rel} p-values.
 */
class ProtocolSummaryScipyTest {
  /**
   * Two-pass sums over at most 10 values and the t CDF (Hipparchus vs SciPy's cephes) agree to a
   * few ulps; 1e-12 relative with an absolute floor of 1e-14 leaves room for both.
   */
  private static final double REL = 1e-12;

  private static final double ABS = 1e-14;

  private record Key(FoldScheme scheme, double w, int fold, long seed) {}

  private static List<String[]> fixture() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            ProtocolSummaryScipyTest.class.getResourceAsStream("protocol_fixture.tsv"),
            "protocol_fixture.tsv")) {
      List<String[]> lines = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#")) {
          lines.add(line.split("\t"));
        }
      }
      return lines;
    }
  }

  private static ProtocolResults results(List<String[]> lines) {
    Map<Key, Map<Fold.Part, Map<ProtocolMetric, Double>>> values =
        new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (String[] f : lines) {
      if (!f[0].equals("value")) {
        continue;
      }
      Key k =
          new Key(
              FoldScheme.parse(f[1]),
              Double.parseDouble(f[2]),
              Integer.parseInt(f[3]),
              Long.parseLong(f[4]));
      Fold.Part part = Fold.Part.valueOf(f[5].toUpperCase(Locale.ROOT));
      values
          .computeIfAbsent(k, x -> new EnumMap<>(Fold.Part.class))
          .computeIfAbsent(part, x -> new EnumMap<>(ProtocolMetric.class))
          .put(ProtocolMetric.valueOf(f[6]), Double.parseDouble(f[7]));
    }
    List<FoldResult> out = new ArrayList<>();
    values.forEach(
        (k, parts) ->
            out.add(
                new FoldResult(
                    k.scheme(),
                    k.fold(),
                    ModelKind.STUDENT,
                    k.w(),
                    k.seed(),
                    set(parts.get(Fold.Part.VALIDATION)),
                    set(parts.get(Fold.Part.TEST)),
                    Map.of(),
                    1,
                    1)));
    return ProtocolResults.of(out);
  }

  private static MetricSet set(Map<ProtocolMetric, Double> m) {
    return new MetricSet(
        m.get(ProtocolMetric.RMSE),
        m.get(ProtocolMetric.PCC),
        m.get(ProtocolMetric.CCC),
        VarianceConvention.POPULATION);
  }

  private static void close(double expected, double actual, String what) {
    double tol = Math.max(ABS, REL * Math.abs(expected));
    assertEquals(expected, actual, tol, what);
  }

  @Test
  void meansStdsAndTTestsMatchScipy() throws IOException {
    List<String[]> lines = fixture();
    ProtocolResults results = results(lines);
    ProtocolSummary population = ProtocolSummary.of(results);
    ProtocolSummary sample = ProtocolSummary.of(results, StdConvention.SAMPLE);
    assertEquals(StdConvention.POPULATION, population.stdConvention(), "the documented default");
    int summaries = 0;
    int tests = 0;
    for (String[] f : lines) {
      if (f[0].equals("summary")) {
        FoldScheme s = FoldScheme.parse(f[1]);
        double w = Double.parseDouble(f[2]);
        Fold.Part part = Fold.Part.valueOf(f[3].toUpperCase(Locale.ROOT));
        ProtocolMetric m = ProtocolMetric.valueOf(f[4]);
        String what = String.join(" ", f);
        MetricSummary p = population.summary(s, ModelKind.STUDENT, w, part, m).orElseThrow();
        MetricSummary q = sample.summary(s, ModelKind.STUDENT, w, part, m).orElseThrow();
        close(Double.parseDouble(f[5]), p.mean(), what + " mean");
        close(Double.parseDouble(f[6]), p.std(), what + " population std");
        close(Double.parseDouble(f[7]), q.std(), what + " sample std");
        assertEquals(Integer.parseInt(f[8]), p.n(), what);
        summaries++;
      } else if (f[0].equals("ttest")) {
        FoldScheme s = FoldScheme.parse(f[1]);
        double w = Double.parseDouble(f[2]);
        Fold.Part part = Fold.Part.valueOf(f[3].toUpperCase(Locale.ROOT));
        ProtocolMetric m = ProtocolMetric.valueOf(f[4]);
        String what = String.join(" ", f);
        ProtocolSummary.KdTest t = population.kdTest(s, w, part, m).orElseThrow();
        TTestResult r = t.ttest();
        assertEquals(Alternative.valueOf(f[5].toUpperCase(Locale.ROOT)), r.alternative(), what);
        close(Double.parseDouble(f[6]), r.t(), what + " t");
        close(Double.parseDouble(f[7]), r.p(), what + " p");
        assertEquals(Integer.parseInt(f[8]), r.degreesOfFreedom(), what);
        assertEquals(r.degreesOfFreedom() + 1, t.pairs());
        tests++;
      }
    }
    assertEquals(2 * 3 * 2 * 3, summaries);
    assertEquals(2 * 2 * 2 * 3, tests);
    assertEquals(tests, population.kdTests().size(), "no test beyond the fixture's");
  }

  @Test
  void bestWeightIsTheHighestMeanValidationCcc() throws IOException {
    ProtocolSummary s = ProtocolSummary.of(results(fixture()));
    for (FoldScheme scheme : FoldScheme.values()) {
      double best = s.bestWeight(scheme).orElseThrow();
      double bestCcc =
          s.summary(scheme, ModelKind.STUDENT, best, Fold.Part.VALIDATION, ProtocolMetric.CCC)
              .orElseThrow()
              .mean();
      for (double w : s.studentWeights(scheme)) {
        if (w > 0) {
          assertTrue(
              bestCcc
                  >= s.summary(
                          scheme, ModelKind.STUDENT, w, Fold.Part.VALIDATION, ProtocolMetric.CCC)
                      .orElseThrow()
                      .mean());
        }
      }
      assertTrue(best > 0);
    }
  }

  @Test
  void testsPairOnlyCommonFoldsAndSkipUndefinedOnes() {
    MetricSet a = new MetricSet(0.07, 0.5, 0.40, VarianceConvention.POPULATION);
    MetricSet b = new MetricSet(0.06, 0.6, 0.45, VarianceConvention.POPULATION);
    List<FoldResult> r = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      r.add(new FoldResult(FoldScheme.TRS, f, ModelKind.STUDENT, 0, 1, a, a, Map.of(), 1, 1));
    }
    // w = 1 on folds 0 and 1 only, each better by the same amount: t undefined, no test
    r.add(new FoldResult(FoldScheme.TRS, 0, ModelKind.STUDENT, 1, 1, b, b, Map.of(), 1, 1));
    r.add(new FoldResult(FoldScheme.TRS, 1, ModelKind.STUDENT, 1, 1, b, b, Map.of(), 1, 1));
    ProtocolSummary s = ProtocolSummary.of(ProtocolResults.of(r));
    assertTrue(s.kdTests().isEmpty());
    assertEquals(
        2,
        s.summary(FoldScheme.TRS, ModelKind.STUDENT, 1, Fold.Part.TEST, ProtocolMetric.CCC)
            .orElseThrow()
            .n());
    assertFalse(s.bestWeight(FoldScheme.LOSO).isPresent());
    assertEquals(1.0, s.bestWeight(FoldScheme.TRS).orElseThrow());
    assertEquals(
        Map.of(0, 0.45, 1, 0.45),
        s.foldValues(FoldScheme.TRS, ModelKind.STUDENT, 1, Fold.Part.TEST, ProtocolMetric.CCC));
  }
}
