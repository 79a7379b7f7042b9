package io.github.kd4j.core.protocol;

import io.github.kd4j.metrics.MetricSummary;
import io.github.kd4j.metrics.MetricSummary.StdConvention;
import io.github.kd4j.metrics.stats.PairedTTest;
import io.github.kd4j.metrics.stats.TTestResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The protocol's numbers across folds (SPEC 9), computed from {@link ProtocolResults}.
 *
 * <p><b>Fold values.</b> For each (scheme, model, w, fold) the fold metric is the mean over the
 * seeds that ran it (one seed: the value itself).
 *
 * <p><b>Mean and std</b> of each metric over folds, for validation and test, as {@link
 * MetricSummary}. The default std is the <b>population</b> std ({@code 1/n}, NumPy's {@code
 * np.std}, which the reference code prints), so that our numbers compare like with like with the
 * paper's (SPEC 11); {@link StdConvention#SAMPLE} ({@code 1/(n-1)}) is available through {@link
 * #of( ProtocolResults, StdConvention)}. Under SAMPLE, a cell with a single fold is left out.
 *
 * <p><b>KD t-tests.</b> For each scheme, each student weight {@code w > 0}, each part and metric:
 * {@code scipy.stats.ttest_rel(a, b, alternative)} with {@code a} the student's fold values at w
 * and {@code b} those at w = 0, paired by fold index over the folds both have ({@link
 * ProtocolMetric#kdAlternative()}: GREATER for PCC and CCC, LESS for RMSE), by {@link PairedTTest}.
 * A test with fewer than 2 common folds, or with all differences equal (t undefined), is left out.
 *
 * <p><b>Best w</b>: the student weight {@code w > 0} with the highest mean validation CCC (ties:
 * the smaller w), as the paper selects it (SPEC 6, 11).
 *
 * <p>Immutable.
 */
public final class ProtocolSummary {

  /**
   * Mean and std of one metric over folds.
   *
   * @param scheme the scheme
   * @param model the model
   * @param kdWeight the KD weight (0 for every model but a distilled student)
   * @param part VALIDATION or TEST
   * @param metric the metric
   * @param summary mean, std (convention inside) and number of folds
   */
  public record Cell(
      FoldScheme scheme,
      ModelKind model,
      double kdWeight,
      Fold.Part part,
      ProtocolMetric metric,
      MetricSummary summary) {}

  /**
   * One-tailed paired t-test of the student at w against the student at w = 0.
   *
   * @param scheme the scheme
   * @param kdWeight w (> 0)
   * @param part VALIDATION or TEST
   * @param metric the metric; the alternative is {@link ProtocolMetric#kdAlternative()}
   * @param pairs the number of folds paired
   * @param ttest t, degrees of freedom and p
   */
  public record KdTest(
      FoldScheme scheme,
      double kdWeight,
      Fold.Part part,
      ProtocolMetric metric,
      int pairs,
      TTestResult ttest) {}

  private static final Fold.Part[] PARTS = {Fold.Part.VALIDATION, Fold.Part.TEST};

  private final StdConvention stdConvention;
  private final List<Cell> cells;
  private final List<KdTest> tests;
  // key: scheme|model|w|part|metric -> fold -> seed-averaged value
  private final Map<String, SortedMap<Integer, Double>> foldValues;

  private ProtocolSummary(
      StdConvention c,
      List<Cell> cells,
      List<KdTest> tests,
      Map<String, SortedMap<Integer, Double>> foldValues) {
    this.stdConvention = c;
    this.cells = List.copyOf(cells);
    this.tests = List.copyOf(tests);
    this.foldValues = foldValues;
  }

  /** The summary with the population std (the default, see the class documentation). */
  public static ProtocolSummary of(ProtocolResults results) {
    return of(results, StdConvention.POPULATION);
  }

  /**
   * The summary with the given std convention.
   *
   * @throws IllegalArgumentException if {@code results} is empty
   */
  public static ProtocolSummary of(ProtocolResults results, StdConvention convention) {
    Objects.requireNonNull(results, "results must not be null");
    Objects.requireNonNull(convention, "convention must not be null");
    if (results.isEmpty()) {
      throw new IllegalArgumentException("results must not be empty");
    }
    // (scheme, model, w) groups, each: part/metric -> fold -> seed values
    Map<String, TreeMap<Integer, List<Double>>> raw = new TreeMap<>();
    List<FoldResult> all = results.results();
    for (FoldResult r : all) {
      for (Fold.Part p : PARTS) {
        for (ProtocolMetric m : ProtocolMetric.values()) {
          raw.computeIfAbsent(key(r.scheme(), r.model(), r.kdWeight(), p, m), k -> new TreeMap<>())
              .computeIfAbsent(r.fold(), f -> new ArrayList<>())
              .add(m.of(r.metrics(p)));
        }
      }
    }
    Map<String, SortedMap<Integer, Double>> values = new TreeMap<>();
    for (Map.Entry<String, TreeMap<Integer, List<Double>>> e : raw.entrySet()) {
      TreeMap<Integer, Double> byFold = new TreeMap<>();
      for (Map.Entry<Integer, List<Double>> f : e.getValue().entrySet()) {
        double s = 0;
        for (double v : f.getValue()) {
          s += v;
        }
        byFold.put(f.getKey(), s / f.getValue().size());
      }
      values.put(e.getKey(), Collections.unmodifiableSortedMap(byFold));
    }
    List<Cell> cells = new ArrayList<>();
    List<KdTest> tests = new ArrayList<>();
    FoldResult prev = null;
    for (FoldResult r : all) {
      if (prev != null
          && prev.scheme() == r.scheme()
          && prev.model() == r.model()
          && prev.kdWeight() == r.kdWeight()) {
        continue; // one group per (scheme, model, w); results() is ordered so groups are runs
      }
      prev = r;
      for (Fold.Part p : PARTS) {
        for (ProtocolMetric m : ProtocolMetric.values()) {
          SortedMap<Integer, Double> v = values.get(key(r.scheme(), r.model(), r.kdWeight(), p, m));
          if (convention == StdConvention.SAMPLE && v.size() < 2) {
            continue;
          }
          cells.add(
              new Cell(
                  r.scheme(),
                  r.model(),
                  r.kdWeight(),
                  p,
                  m,
                  MetricSummary.of(array(v), convention)));
          if (r.model() == ModelKind.STUDENT && r.kdWeight() > 0) {
            SortedMap<Integer, Double> base = values.get(key(r.scheme(), r.model(), 0, p, m));
            if (base != null) {
              kdTest(r.scheme(), r.kdWeight(), p, m, v, base).ifPresent(tests::add);
            }
          }
        }
      }
    }
    return new ProtocolSummary(convention, cells, tests, values);
  }

  private static Optional<KdTest> kdTest(
      FoldScheme s,
      double w,
      Fold.Part p,
      ProtocolMetric m,
      SortedMap<Integer, Double> kd,
      SortedMap<Integer, Double> base) {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    boolean allEqual = true;
    for (Map.Entry<Integer, Double> e : kd.entrySet()) {
      Double o = base.get(e.getKey());
      if (o != null) {
        a.add(e.getValue());
        b.add(o);
        allEqual &= e.getValue() - o == a.get(0) - b.get(0);
      }
    }
    if (a.size() < 2 || allEqual) {
      return Optional.empty();
    }
    TTestResult t = PairedTTest.test(toArray(a), toArray(b), m.kdAlternative());
    return Optional.of(new KdTest(s, w, p, m, a.size(), t));
  }

  static String key(FoldScheme s, ModelKind model, double w, Fold.Part p, ProtocolMetric m) {
    return s + "|" + model + "|" + ProtocolJob.formatWeight(w) + "|" + p + "|" + m;
  }

  private static double[] array(SortedMap<Integer, Double> v) {
    return toArray(new ArrayList<>(v.values()));
  }

  private static double[] toArray(List<Double> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  /** The std convention of every cell. */
  public StdConvention stdConvention() {
    return stdConvention;
  }

  /** All cells, ordered by scheme, model, w, part (validation first) and metric. */
  public List<Cell> cells() {
    return cells;
  }

  /** All KD tests, ordered by scheme, w, part and metric. */
  public List<KdTest> kdTests() {
    return tests;
  }

  /** The summary of one cell, if the results have it. */
  public Optional<MetricSummary> summary(
      FoldScheme scheme, ModelKind model, double w, Fold.Part part, ProtocolMetric metric) {
    for (Cell c : cells) {
      if (c.scheme() == scheme
          && c.model() == model
          && c.kdWeight() == w
          && c.part() == part
          && c.metric() == metric) {
        return Optional.of(c.summary());
      }
    }
    return Optional.empty();
  }

  /** The KD test of one weight, part and metric, if it could be computed. */
  public Optional<KdTest> kdTest(
      FoldScheme scheme, double w, Fold.Part part, ProtocolMetric metric) {
    for (KdTest t : tests) {
      if (t.scheme() == scheme && t.kdWeight() == w && t.part() == part && t.metric() == metric) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The fold values (seed-averaged) of one cell by fold index; empty if the results have none.
   * Charts of paired folds use them.
   */
  public SortedMap<Integer, Double> foldValues(
      FoldScheme scheme, ModelKind model, double w, Fold.Part part, ProtocolMetric metric) {
    SortedMap<Integer, Double> v = foldValues.get(key(scheme, model, w, part, metric));
    return v == null ? Collections.emptySortedMap() : v;
  }

  /** The schemes present, in enum order. */
  public SortedSet<FoldScheme> schemes() {
    SortedSet<FoldScheme> out = new TreeSet<>();
    for (Cell c : cells) {
      out.add(c.scheme());
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /** The models present for a scheme, in enum order. */
  public SortedSet<ModelKind> models(FoldScheme scheme) {
    SortedSet<ModelKind> out = new TreeSet<>();
    for (Cell c : cells) {
      if (c.scheme() == scheme) {
        out.add(c.model());
      }
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /** The student's weights present for a scheme (0 included if present), ascending. */
  public SortedSet<Double> studentWeights(FoldScheme scheme) {
    SortedSet<Double> out = new TreeSet<>();
    for (Cell c : cells) {
      if (c.scheme() == scheme && c.model() == ModelKind.STUDENT) {
        out.add(c.kdWeight());
      }
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /**
   * The student weight {@code w > 0} with the highest mean validation CCC (ties: the smaller w);
   * empty if no distilled student has results for the scheme.
   */
  public OptionalDouble bestWeight(FoldScheme scheme) {
    double best = Double.NaN;
    double bestCcc = Double.NEGATIVE_INFINITY;
    for (double w : studentWeights(scheme)) {
      if (w <= 0) {
        continue;
      }
      Optional<MetricSummary> s =
          summary(scheme, ModelKind.STUDENT, w, Fold.Part.VALIDATION, ProtocolMetric.CCC);
      if (s.isPresent() && s.get().mean() > bestCcc) {
        bestCcc = s.get().mean();
        best = w;
      }
    }
    return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
  }

  @Override
  public String toString() {
    return "ProtocolSummary{"
        + cells.size()
        + " cells, "
        + tests.size()
        + " KD tests, "
        + stdConvention.name().toLowerCase(java.util.Locale.ROOT)
        + " std, schemes "
        + schemes()
        + "}";
  }
}
