package io.github.kd4j.examples.report;

import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.core.protocol.ModelKind;
import io.github.kd4j.core.protocol.ProtocolJob;
import io.github.kd4j.core.protocol.ProtocolMetric;
import io.github.kd4j.core.protocol.ProtocolSummary;
import io.github.kd4j.metrics.MetricSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of the protocol's results (XChart, headless: run with {@code -Djava.awt.headless=true}
 * and a font installed, for example {@code fonts-dejavu-core}):
 *
 * <ul>
 *   <li>{@link #cccOverWeight}: the EEG student's CCC against the KD weight w, mean ± std over
 *       folds as error bars, validation and test;
 *   <li>{@link #pairedFolds}: each fold's CCC without KD (w = 0) and with KD at one w, joined by a
 *       line (green where KD helped, red where it did not);
 *   <li>{@link #traces}: predicted and true valence against time for a few test trials.
 * </ul>
 *
 * Every file is written atomically. Stateless.
 */
public final class ProtocolCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final Color VALIDATION = new Color(31, 119, 180);
  private static final Color TEST = new Color(255, 127, 14);
  private static final Color BETTER = new Color(44, 160, 44);
  private static final Color WORSE = new Color(214, 39, 40);

  private ProtocolCharts() {}

  /**
   * The predicted and true valence of one trial.
   *
   * @param trialId the trial's id, shown as the panel title
   * @param predicted predictions, one per label step
   * @param truth labels, same length
   */
  public record Trace(String trialId, double[] predicted, double[] truth) {
    /** Checks that both traces are non-empty and of the same length. */
    public Trace {
      Objects.requireNonNull(trialId, "trialId must not be null");
      if (predicted == null || truth == null || predicted.length == 0) {
        throw new IllegalArgumentException(
            "trial " + trialId + ": predicted and truth must be non-empty");
      }
      if (predicted.length != truth.length) {
        throw new IllegalArgumentException(
            "trial "
                + trialId
                + ": predicted and truth must have the same length, got "
                + predicted.length
                + " and "
                + truth.length);
      }
      predicted = predicted.clone();
      truth = truth.clone();
    }
  }

  /**
   * CCC of the EEG student over w, mean ± std over folds, validation and test (test shifted right
   * by a hair so that the error bars do not hide each other).
   *
   * @throws IllegalArgumentException if the summary has no student results for the scheme
   */
  public static void cccOverWeight(ProtocolSummary summary, FoldScheme scheme, Path png)
      throws IOException {
    SortedSet<Double> weights = summary.studentWeights(scheme);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException(
          "summary must hold EEG student results for " + scheme + ", got none");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(scheme + ": EEG student CCC over the KD weight w (mean ± std over folds)")
            .xAxisTitle("KD weight w (0 = no KD)")
            .yAxisTitle("CCC")
            .build();
    style(chart);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    double step =
        weights.size() > 1 ? (weights.last() - weights.first()) / (weights.size() - 1) : 1;
    double shift = 0.06 * step;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int folds = 0;
    for (Fold.Part part : new Fold.Part[] {Fold.Part.VALIDATION, Fold.Part.TEST}) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> e = new ArrayList<>();
      for (double w : weights) {
        Optional<MetricSummary> s =
            summary.summary(scheme, ModelKind.STUDENT, w, part, ProtocolMetric.CCC);
        if (s.isPresent()) {
          x.add(w + (part == Fold.Part.TEST ? shift : -shift));
          y.add(s.get().mean());
          e.add(s.get().std());
          lo = Math.min(lo, s.get().mean() - s.get().std());
          hi = Math.max(hi, s.get().mean() + s.get().std());
          folds = Math.max(folds, s.get().n());
        }
      }
      XYSeries series =
          chart.addSeries(
              part == Fold.Part.VALIDATION ? "validation" : "test",
              toArray(x),
              toArray(y),
              toArray(e));
      series.setLineColor(part == Fold.Part.VALIDATION ? VALIDATION : TEST);
      series.setMarkerColor(part == Fold.Part.VALIDATION ? VALIDATION : TEST);
      series.setMarker(part == Fold.Part.VALIDATION ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
    }
    chart.setTitle(
        scheme
            + ": EEG student CCC over the KD weight w (mean ± "
            + stdName(summary)
            + " std, "
            + folds
            + " folds)");
    double pad = 0.1 * Math.max(hi - lo, 0.05);
    chart.getStyler().setYAxisMin(lo - pad);
    chart.getStyler().setYAxisMax(hi + pad);
    chart.getStyler().setXAxisMin(weights.first() - 3 * shift);
    chart.getStyler().setXAxisMax(weights.last() + 3 * shift);
    chart.getStyler().setXAxisDecimalPattern("0.0");
    chart.getStyler().setYAxisDecimalPattern("0.00");
    save(chart, png);
  }

  /**
   * Each fold's student CCC without KD and with KD at {@code w}, joined by a line per fold.
   *
   * @throws IllegalArgumentException if no fold has both values
   */
  public static void pairedFolds(
      ProtocolSummary summary, FoldScheme scheme, double w, Fold.Part part, Path png)
      throws IOException {
    SortedMap<Integer, Double> base =
        summary.foldValues(scheme, ModelKind.STUDENT, 0, part, ProtocolMetric.CCC);
    SortedMap<Integer, Double> kd =
        summary.foldValues(scheme, ModelKind.STUDENT, w, part, ProtocolMetric.CCC);
    List<Integer> folds = new ArrayList<>();
    for (Integer f : kd.keySet()) {
      if (base.containsKey(f)) {
        folds.add(f);
      }
    }
    if (folds.isEmpty()) {
      throw new IllegalArgumentException(
          "summary must hold student folds with w = 0 and w = "
              + ProtocolJob.formatWeight(w)
              + " for "
              + scheme
              + " "
              + part.key()
              + ", got none in common");
    }
    int better = 0;
    for (int f : folds) {
      better += kd.get(f) > base.get(f) ? 1 : 0;
    }
    String ws = ProtocolJob.formatWeight(w);
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(
                scheme
                    + ", "
                    + part.key()
                    + ": CCC per fold without and with KD (w = "
                    + ws
                    + "), "
                    + better
                    + " of "
                    + folds.size()
                    + " folds better")
            .xAxisTitle("left: no KD (w = 0)                    right: with KD (w = " + ws + ")")
            .yAxisTitle("CCC")
            .build();
    style(chart);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisMin(-0.25);
    chart.getStyler().setXAxisMax(1.25);
    chart.getStyler().setXAxisTicksVisible(false);
    chart.getStyler().setYAxisDecimalPattern("0.00");
    boolean betterShown = false;
    boolean worseShown = false;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int f : folds) {
      double a = base.get(f);
      double b = kd.get(f);
      lo = Math.min(lo, Math.min(a, b));
      hi = Math.max(hi, Math.max(a, b));
      boolean up = b > a;
      String name;
      boolean legend;
      if (up && !betterShown) {
        name = "KD better (" + better + ")";
        betterShown = legend = true;
      } else if (!up && !worseShown) {
        name = "KD not better (" + (folds.size() - better) + ")";
        worseShown = legend = true;
      } else {
        name = "fold " + f;
        legend = false;
      }
      XYSeries s = chart.addSeries(name, new double[] {0, 1}, new double[] {a, b});
      s.setLineColor(up ? BETTER : WORSE);
      s.setMarkerColor(up ? BETTER : WORSE);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setShowInLegend(legend);
    }
    double pad = 0.08 * Math.max(hi - lo, 0.05);
    chart.getStyler().setYAxisMin(lo - pad);
    chart.getStyler().setYAxisMax(hi + pad);
    save(chart, png);
  }

  /**
   * Predicted and true valence of a few trials, one panel per trial stacked vertically, time in
   * seconds ({@code step / stepHz}).
   *
   * @param title the title of the first panel (for example the model and fold)
   * @param traces 1 to 8 trials
   * @param stepHz label steps per second (4 for MAHNOB-HCI)
   */
  public static void traces(String title, List<Trace> traces, double stepHz, Path png)
      throws IOException {
    if (traces == null || traces.isEmpty() || traces.size() > 8) {
      throw new IllegalArgumentException(
          "traces must hold 1 to 8 trials, got " + (traces == null ? "null" : traces.size()));
    }
    if (!(stepHz > 0) || Double.isInfinite(stepHz)) {
      throw new IllegalArgumentException("stepHz must be a finite number > 0, got " + stepHz);
    }
    List<Chart<?, ?>> charts = new ArrayList<>();
    int panelHeight = 260;
    for (int i = 0; i < traces.size(); i++) {
      Trace t = traces.get(i);
      double[] time = new double[t.truth().length];
      for (int k = 0; k < time.length; k++) {
        time[k] = k / stepHz;
      }
      XYChart chart =
          new XYChartBuilder()
              .width(WIDTH)
              .height(panelHeight)
              .title(i == 0 ? title + " | " + t.trialId() : t.trialId())
              .xAxisTitle(i == traces.size() - 1 ? "time (s)" : "")
              .yAxisTitle("valence")
              .build();
      style(chart);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      chart.getStyler().setYAxisDecimalPattern("0.00");
      chart.getStyler().setXAxisDecimalPattern("0.#");
      chart.getStyler().setXAxisTickMarkSpacingHint(90);
      XYSeries truth = chart.addSeries("true", time, t.truth());
      truth.setLineColor(Color.DARK_GRAY);
      truth.setMarker(SeriesMarkers.NONE);
      XYSeries pred = chart.addSeries("predicted", time, t.predicted());
      pred.setLineColor(VALIDATION);
      pred.setMarker(SeriesMarkers.NONE);
      if (time.length > 2) {
        // XChart labels equally spaced x values with its own dense rule (every 2 s on a 78 s
        // trial, labels overlapping) and ignores the spacing hint; one unlisted, invisible point
        // between the first two steps makes the axis an ordinary numeric one that honours it
        XYSeries spacer =
            chart.addSeries(
                " ", new double[] {time[1] / 2}, new double[] {(t.truth()[0] + t.truth()[1]) / 2});
        spacer.setShowInLegend(false);
        spacer.setMarker(SeriesMarkers.NONE);
        spacer.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      }
      charts.add(chart);
    }
    AtomicFiles.write(
        png,
        out ->
            BitmapEncoder.saveBitmap(
                charts, charts.size(), 1, out, BitmapEncoder.BitmapFormat.PNG));
  }

  private static String stdName(ProtocolSummary s) {
    return s.stdConvention() == MetricSummary.StdConvention.POPULATION ? "population" : "sample";
  }

  private static void style(XYChart chart) {
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    chart.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
    chart.getStyler().setMarkerSize(7);
    chart.getStyler().setSeriesLines(new BasicStroke[] {new BasicStroke(1.8f)});
  }

  private static void save(XYChart chart, Path png) throws IOException {
    AtomicFiles.write(
        png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
  }

  private static double[] toArray(List<Double> v) {
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.get(i);
    }
    return out;
  }
}
