package io.github.kd4j.core.protocol;

import io.github.kd4j.core.internal.AtomicFiles;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.MetricSummary;
import io.github.kd4j.metrics.stats.TTestResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes the protocol's results as text: {@value #RESULTS_MD} (tables for people), {@value
 * #RESULTS_JSON} (everything, for programs), {@value #FOLDS_CSV} (one row per job and part) and
 * {@value #TRIALS_CSV} (one row per job and test trial).
 *
 * <p><b>results.md</b>: (1) the test table in the layout of the paper's tables 2 and 3 (rows
 * models, columns TRS and LOSO RMSE, PCC, CCC as {@code mean ± std}), each model's row followed by
 * the paper's row (SPEC 11); the distilled student is shown at the best validation w of each scheme
 * ({@link ProtocolSummary#bestWeight}); (2) the KD p-values at that w, beside the paper's; (3) per
 * scheme, the student's validation and test metrics over w with the one-tailed paired p-values
 * against w = 0 (the layout of the paper's tables 4 and 5). Numbers have 3 decimals; p-values 3
 * significant digits, or {@code < 0.001}. Missing cells show {@code –}. The caller's notes (for
 * example {@link #MAHNOB_FEATURE_NOTES}) are printed under the title.
 *
 * <p><b>results.json</b>: UTF-8, numbers in Java's shortest round-trip form ({@link
 * Double#toString}); keys {@code stdConvention}, {@code bestWeight}, {@code cells}, {@code
 * kdTests}, {@code results}.
 *
 * <p><b>CSV</b>: comma-separated, header line, {@code \n} line ends, full-precision numbers, fields
 * quoted only when they hold a comma, quote or line break.
 *
 * <p>Stateless.
 */
public final class ProtocolReport {
  /** File name of the Markdown report. */
  public static final String RESULTS_MD = "results.md";

  /** File name of the JSON report. */
  public static final String RESULTS_JSON = "results.json";

  /** File name of the per-fold CSV. */
  public static final String FOLDS_CSV = "folds.csv";

  /** File name of the per-trial CSV. */
  public static final String TRIALS_CSV = "trials.csv";

  /** The notes SPEC 12 requires next to results on the public MAHNOB-HCI feature files. */
  public static final List<String> MAHNOB_FEATURE_NOTES =
      List.of(
          "Features differ from the paper's: the student reads the 128 EEG band features of the"
              + " public MAHNOB-HCI feature files (Soleymani et al. 2016) instead of 192 relative band"
              + " powers from raw EEG, and the teacher reads pre-extracted facial features instead of"
              + " video frames (SPEC 12). Our numbers are not expected to equal the paper's.",
          "Labels are on the reference scale (target / 2, SPEC 12), so RMSE compares with the"
              + " paper's.");

  private ProtocolReport() {}

  /**
   * Writes the four text files into {@code folder}, each atomically.
   *
   * @param folder the folder (for example {@link ReportFolder#staging()})
   * @param results the fold results
   * @param summary their summary
   * @param notes lines printed under the title of results.md
   */
  public static void writeText(
      Path folder, ProtocolResults results, ProtocolSummary summary, List<String> notes)
      throws IOException {
    Objects.requireNonNull(folder, "folder must not be null");
    write(folder.resolve(RESULTS_MD), markdown(summary, notes));
    write(folder.resolve(RESULTS_JSON), json(results, summary));
    write(folder.resolve(FOLDS_CSV), foldCsv(results));
    write(folder.resolve(TRIALS_CSV), trialCsv(results));
  }

  private static void write(Path file, String text) throws IOException {
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  // ---------------------------------------------------------------- Markdown

  /** The Markdown report (see the class documentation). */
  public static String markdown(ProtocolSummary s, List<String> notes) {
    Objects.requireNonNull(s, "summary must not be null");
    Objects.requireNonNull(notes, "notes must not be null");
    StringBuilder b = new StringBuilder();
    b.append("# kd4j protocol results\n\n");
    for (String n : notes) {
      b.append(n).append("\n\n");
    }
    b.append("Mean ± std over folds; std: ")
        .append(
            s.stdConvention() == MetricSummary.StdConvention.POPULATION
                ? "population (1/n, NumPy's np.std, as the reference code prints)"
                : "sample (1/(n-1))")
        .append(
            ". Per fold, predictions of all trials are concatenated before the metrics (SPEC 9).")
        .append(" Where a fold ran with several seeds, its value is the mean over seeds.\n\n");

    b.append("## Test set (layout of the paper's tables 2 and 3)\n\n");
    b.append("| model | TRS RMSE | TRS PCC | TRS CCC | LOSO RMSE | LOSO PCC | LOSO CCC |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    OptionalDouble trsW = s.bestWeight(FoldScheme.TRS);
    OptionalDouble losoW = s.bestWeight(FoldScheme.LOSO);
    for (PaperResults.Row row : PaperResults.ROWS) {
      String label = row.model().label();
      if (row.model() == ModelKind.STUDENT) {
        label =
            row.distilled()
                ? "EEG student + KD (TRS w = " + w(trsW) + ", LOSO w = " + w(losoW) + ")"
                : "EEG student (TCN), no KD";
      }
      b.append("| ").append(label).append(" (kd4j)");
      for (FoldScheme scheme : FoldScheme.values()) {
        OptionalDouble best = scheme == FoldScheme.TRS ? trsW : losoW;
        for (ProtocolMetric m : ProtocolMetric.values()) {
          Optional<MetricSummary> v = Optional.empty();
          if (!row.distilled()) {
            v = s.summary(scheme, row.model(), 0, Fold.Part.TEST, m);
          } else if (best.isPresent()) {
            v = s.summary(scheme, row.model(), best.getAsDouble(), Fold.Part.TEST, m);
          }
          b.append(" | ").append(v.map(ProtocolReport::meanStd).orElse("–"));
        }
      }
      b.append(" |\n| ").append(row.label()).append(" (paper)");
      for (double[] v : row.values()) {
        b.append(" | ").append(f3(v[0])).append(" ± ").append(f3(v[1]));
      }
      b.append(" |\n");
    }
    b.append("\nKD rows use the w with the best mean validation CCC of each scheme.\n\n");

    b.append("## KD significance on test at the selected w\n\n");
    b.append("One-tailed paired t-test over folds, student with KD against without (w = 0):")
        .append(" alternative 'less' for RMSE, 'greater' for PCC and CCC.\n\n");
    for (FoldScheme scheme : FoldScheme.values()) {
      OptionalDouble best = scheme == FoldScheme.TRS ? trsW : losoW;
      b.append("- ").append(scheme).append(": ");
      if (best.isEmpty()) {
        b.append("no distilled student results");
      } else {
        b.append("w = ").append(w(best));
        for (ProtocolMetric m : ProtocolMetric.values()) {
          b.append(", ")
              .append(m)
              .append(" p ")
              .append(
                  s.kdTest(scheme, best.getAsDouble(), Fold.Part.TEST, m)
                      .map(t -> p(t.ttest().p()))
                      .orElse("–"));
        }
      }
      b.append(" (paper: ").append(PaperResults.kdPValues(scheme)).append(")\n");
    }
    b.append('\n');

    for (FoldScheme scheme : s.schemes()) {
      if (s.studentWeights(scheme).isEmpty()) {
        continue;
      }
      OptionalDouble best = s.bestWeight(scheme);
      b.append("## ")
          .append(scheme)
          .append(": EEG student over w (layout of the paper's tables 4 and 5)\n\n");
      b.append(
          "Each cell: mean ± std over folds, then the one-tailed paired p-value against w = 0."
              + " Best validation CCC in bold.\n\n");
      b.append("| w | folds | val RMSE | val PCC | val CCC | test RMSE | test PCC | test CCC |\n");
      b.append("|---|---|---|---|---|---|---|---|\n");
      for (double wv : s.studentWeights(scheme)) {
        boolean isBest = best.isPresent() && best.getAsDouble() == wv;
        b.append("| ")
            .append(
                isBest ? "**" + ProtocolJob.formatWeight(wv) + "**" : ProtocolJob.formatWeight(wv));
        b.append(" | ")
            .append(
                s.summary(scheme, ModelKind.STUDENT, wv, Fold.Part.TEST, ProtocolMetric.CCC)
                    .map(x -> Integer.toString(x.n()))
                    .orElse("–"));
        for (Fold.Part part : new Fold.Part[] {Fold.Part.VALIDATION, Fold.Part.TEST}) {
          for (ProtocolMetric m : ProtocolMetric.values()) {
            b.append(" | ");
            Optional<MetricSummary> v = s.summary(scheme, ModelKind.STUDENT, wv, part, m);
            b.append(v.map(ProtocolReport::meanStd).orElse("–"));
            if (wv > 0) {
              b.append(
                  s.kdTest(scheme, wv, part, m)
                      .map(t -> " (p " + p(t.ttest().p()) + ")")
                      .orElse(""));
            }
          }
        }
        b.append(" |\n");
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String w(OptionalDouble w) {
    return w.isPresent() ? ProtocolJob.formatWeight(w.getAsDouble()) : "–";
  }

  /** {@code "0.433 ± 0.205"}: the format of every mean ± std in results.md. */
  static String meanStd(MetricSummary m) {
    return f3(m.mean()) + " ± " + f3(m.std());
  }

  static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** {@code "< 0.001"} or 3 significant digits: the format of every p-value in results.md. */
  static String p(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3g", p);
  }

  // ---------------------------------------------------------------- JSON

  /** The JSON report (see the class documentation). */
  public static String json(ProtocolResults results, ProtocolSummary s) {
    Objects.requireNonNull(results, "results must not be null");
    Objects.requireNonNull(s, "summary must not be null");
    StringBuilder b = new StringBuilder();
    b.append("{\n  \"stdConvention\": ")
        .append(str(s.stdConvention().name().toLowerCase(Locale.ROOT)))
        .append(",\n  \"bestWeight\": {");
    boolean first = true;
    for (FoldScheme scheme : s.schemes()) {
      OptionalDouble w = s.bestWeight(scheme);
      if (w.isPresent()) {
        b.append(first ? "" : ", ").append(str(scheme.name())).append(": ").append(w.getAsDouble());
        first = false;
      }
    }
    b.append("},\n  \"cells\": [");
    first = true;
    for (ProtocolSummary.Cell c : s.cells()) {
      b.append(first ? "\n" : ",\n");
      first = false;
      b.append("    {\"scheme\": ")
          .append(str(c.scheme().name()))
          .append(", \"model\": ")
          .append(str(c.model().name()))
          .append(", \"w\": ")
          .append(c.kdWeight())
          .append(", \"part\": ")
          .append(str(c.part().key()))
          .append(", \"metric\": ")
          .append(str(c.metric().name()))
          .append(", \"mean\": ")
          .append(c.summary().mean())
          .append(", \"std\": ")
          .append(c.summary().std())
          .append(", \"folds\": ")
          .append(c.summary().n())
          .append('}');
    }
    b.append("\n  ],\n  \"kdTests\": [");
    first = true;
    for (ProtocolSummary.KdTest t : s.kdTests()) {
      TTestResult r = t.ttest();
      b.append(first ? "\n" : ",\n");
      first = false;
      b.append("    {\"scheme\": ")
          .append(str(t.scheme().name()))
          .append(", \"w\": ")
          .append(t.kdWeight())
          .append(", \"part\": ")
          .append(str(t.part().key()))
          .append(", \"metric\": ")
          .append(str(t.metric().name()))
          .append(", \"alternative\": ")
          .append(str(r.alternative().name().toLowerCase(Locale.ROOT)))
          .append(", \"pairs\": ")
          .append(t.pairs())
          .append(", \"t\": ")
          .append(r.t())
          .append(", \"df\": ")
          .append(r.degreesOfFreedom())
          .append(", \"p\": ")
          .append(r.p())
          .append('}');
    }
    b.append("\n  ],\n  \"results\": [");
    first = true;
    for (FoldResult r : results.results()) {
      b.append(first ? "\n" : ",\n");
      first = false;
      b.append("    {\"job\": ")
          .append(str(r.jobId()))
          .append(", \"scheme\": ")
          .append(str(r.scheme().name()))
          .append(", \"fold\": ")
          .append(r.fold())
          .append(", \"model\": ")
          .append(str(r.model().name()))
          .append(", \"w\": ")
          .append(r.kdWeight())
          .append(", \"seed\": ")
          .append(r.seed())
          .append(", \"chosenEpoch\": ")
          .append(r.chosenEpoch())
          .append(", \"wallSeconds\": ")
          .append(r.wallSeconds())
          .append(",\n     \"validation\": ")
          .append(metrics(r.validation()))
          .append(", \"test\": ")
          .append(metrics(r.test()))
          .append(",\n     \"testTrials\": {");
      boolean firstTrial = true;
      for (Map.Entry<String, MetricSet> e : r.testTrials().entrySet()) {
        b.append(firstTrial ? "" : ", ")
            .append(str(e.getKey()))
            .append(": ")
            .append(metrics(e.getValue()));
        firstTrial = false;
      }
      b.append("}}");
    }
    b.append("\n  ]\n}\n");
    return b.toString();
  }

  private static String metrics(MetricSet m) {
    return "{\"rmse\": "
        + m.rmse()
        + ", \"pcc\": "
        + m.pcc()
        + ", \"ccc\": "
        + m.ccc()
        + ", \"cccConvention\": "
        + str(m.cccConvention().name().toLowerCase(Locale.ROOT))
        + "}";
  }

  /** A JSON string literal. */
  static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  // ---------------------------------------------------------------- CSV

  /**
   * One row per result and part: {@code
   * job,scheme,fold,model,w,seed,part,rmse,pcc,ccc,ccc_convention,chosen_epoch,wall_seconds}.
   */
  public static String foldCsv(ProtocolResults results) {
    StringBuilder b =
        new StringBuilder(
            "job,scheme,fold,model,w,seed,part,rmse,pcc,ccc,ccc_convention,chosen_epoch,wall_seconds\n");
    for (FoldResult r : results.results()) {
      for (Fold.Part p : new Fold.Part[] {Fold.Part.VALIDATION, Fold.Part.TEST}) {
        MetricSet m = r.metrics(p);
        csvRow(b, r, p.key(), m)
            .append(',')
            .append(m.cccConvention().name().toLowerCase(Locale.ROOT))
            .append(',')
            .append(r.chosenEpoch())
            .append(',')
            .append(r.wallSeconds())
            .append('\n');
      }
    }
    return b.toString();
  }

  /** One row per result and test trial: {@code job,scheme,fold,model,w,seed,trial,rmse,pcc,ccc}. */
  public static String trialCsv(ProtocolResults results) {
    StringBuilder b = new StringBuilder("job,scheme,fold,model,w,seed,trial,rmse,pcc,ccc\n");
    for (FoldResult r : results.results()) {
      for (Map.Entry<String, MetricSet> e : r.testTrials().entrySet()) {
        csvRow(b, r, csv(e.getKey()), e.getValue()).append('\n');
      }
    }
    return b.toString();
  }

  /** {@code job,scheme,fold,model,w,seed,<key>,rmse,pcc,ccc} of one result, without the newline. */
  private static StringBuilder csvRow(StringBuilder b, FoldResult r, String key, MetricSet m) {
    return b.append(csv(r.jobId()))
        .append(',')
        .append(r.scheme())
        .append(',')
        .append(r.fold())
        .append(',')
        .append(r.model())
        .append(',')
        .append(r.kdWeight())
        .append(',')
        .append(r.seed())
        .append(',')
        .append(key)
        .append(',')
        .append(m.rmse())
        .append(',')
        .append(m.pcc())
        .append(',')
        .append(m.ccc());
  }

  static String csv(String field) {
    if (field.indexOf(',') < 0
        && field.indexOf('"') < 0
        && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
