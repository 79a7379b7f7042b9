package io.github.kd4j.examples.report;

import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.core.protocol.ProtocolReport;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.core.protocol.ProtocolSummary;
import io.github.kd4j.core.protocol.ReportFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Writes a run's complete report into one folder, all at once ({@link ReportFolder}): the text
 * files of {@link ProtocolReport} and, per scheme with student results, {@code ccc-w-<scheme>.png}
 * ({@link ProtocolCharts#cccOverWeight}) and {@code paired-<scheme>.png} (test CCC per fold at the
 * best validation w, {@link ProtocolCharts#pairedFolds}), plus {@code traces.png} when traces are
 * given. A folder holding another run's results is refused unless {@code force} is set.
 */
public final class ProtocolReportWriter {
  private ProtocolReportWriter() {}

  /**
   * Writes the report.
   *
   * @param dir the results folder
   * @param fingerprint the run's fingerprint (for example {@code JobPlanner.fingerprint(jobs)})
   * @param force write even over another run's results
   * @param results the fold results (not empty)
   * @param summary their summary
   * @param notes lines for the top of results.md ({@link ProtocolReport#MAHNOB_FEATURE_NOTES})
   * @param tracesTitle title of the trace panels
   * @param traces a few test trials to plot, or an empty list for none
   * @throws java.nio.file.FileAlreadyExistsException if {@code dir} holds another run's results
   */
  public static void write(
      Path dir,
      String fingerprint,
      boolean force,
      ProtocolResults results,
      ProtocolSummary summary,
      List<String> notes,
      String tracesTitle,
      List<ProtocolCharts.Trace> traces)
      throws IOException {
    Objects.requireNonNull(traces, "traces must not be null (use an empty list)");
    try (ReportFolder out = ReportFolder.open(dir, fingerprint, force)) {
      Path staging = out.staging();
      ProtocolReport.writeText(staging, results, summary, notes);
      for (FoldScheme scheme : summary.schemes()) {
        if (summary.studentWeights(scheme).isEmpty()) {
          continue;
        }
        String key = scheme.name().toLowerCase(Locale.ROOT);
        ProtocolCharts.cccOverWeight(summary, scheme, staging.resolve("ccc-w-" + key + ".png"));
        OptionalDouble best = summary.bestWeight(scheme);
        if (best.isPresent()) {
          ProtocolCharts.pairedFolds(
              summary,
              scheme,
              best.getAsDouble(),
              Fold.Part.TEST,
              staging.resolve("paired-" + key + ".png"));
        }
      }
      if (!traces.isEmpty()) {
        ProtocolCharts.traces(tracesTitle, traces, 4.0, staging.resolve("traces.png"));
      }
      out.commit();
    }
  }
}
