package io.github.kd4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.core.protocol.ProtocolReport;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.core.protocol.ProtocolSummary;
import io.github.kd4j.core.testing.FakeProtocolResults;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Writes a full report from fake but plausible results into {@code target/protocol-report} (kept,
 * so the charts can be looked at) and checks the files.
 */
class ProtocolReportWriterTest {

  static List<ProtocolCharts.Trace> fakeTraces() {
    SplittableRandom r = new SplittableRandom(5);
    List<ProtocolCharts.Trace> out = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      int n = 200 + 80 * t;
      double[] truth = new double[n];
      double[] pred = new double[n];
      for (int k = 0; k < n; k++) {
        truth[k] = 0.2 * Math.sin(k / (18.0 + 6 * t)) + 0.05 * Math.sin(k / 5.0) - 0.05 * t;
        pred[k] = 0.8 * truth[k] + 0.02 + 0.03 * r.nextGaussian();
      }
      out.add(new ProtocolCharts.Trace("P" + (t + 1) + "-trial-" + (2 * t + 4), pred, truth));
    }
    return out;
  }

  @Test
  void writesTablesAndChartsAndRefusesAnotherRun() throws IOException {
    ProtocolResults results = FakeProtocolResults.plausible(11, 12);
    ProtocolSummary summary = ProtocolSummary.of(results);
    Path dir = Path.of("target", "protocol-report");
    ProtocolReportWriter.write(
        dir,
        "fake-run",
        true,
        results,
        summary,
        ProtocolReport.MAHNOB_FEATURE_NOTES,
        "EEG student + KD, TRS fold 0 (fake)",
        fakeTraces());
    List<String> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(
        List.of(
            "COMPLETE",
            "RUN",
            "ccc-w-loso.png",
            "ccc-w-trs.png",
            "folds.csv",
            "paired-loso.png",
            "paired-trs.png",
            "results.json",
            "results.md",
            "traces.png",
            "trials.csv"),
        names);
    for (String png : List.of("ccc-w-trs.png", "paired-loso.png")) {
      BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
      assertEquals(900, img.getWidth(), png);
      assertEquals(560, img.getHeight(), png);
    }
    BufferedImage traces = ImageIO.read(dir.resolve("traces.png").toFile());
    assertEquals(3 * 260, traces.getHeight(), "one panel per trial");
    assertTrue(
        Files.readString(dir.resolve("results.md")).contains("| EEG student + KD (TRS w = 1,"));
    FileAlreadyExistsException e =
        assertThrows(
            FileAlreadyExistsException.class,
            () ->
                ProtocolReportWriter.write(
                    dir, "another-run", false, results, summary, List.of(), "", List.of()));
    assertTrue(e.getMessage().contains("fingerprint fake-run in RUN"), e.getMessage());
  }

  @Test
  void chartInputsAreChecked() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ProtocolCharts.Trace("t", new double[3], new double[2]));
    assertEquals(
        "trial t: predicted and truth must have the same length, got 3 and 2", e.getMessage());
    ProtocolSummary onlyTeachers =
        ProtocolSummary.of(
            ProtocolResults.of(
                FakeProtocolResults.plausible(1, 3).results().stream()
                    .filter(r -> r.model() != io.github.kd4j.core.protocol.ModelKind.STUDENT)
                    .toList()));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProtocolCharts.cccOverWeight(
                    onlyTeachers, FoldScheme.TRS, Path.of("target/x.png")));
    assertEquals("summary must hold EEG student results for TRS, got none", e.getMessage());
  }
}
