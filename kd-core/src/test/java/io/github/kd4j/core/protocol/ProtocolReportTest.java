package io.github.kd4j.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.FakeProtocolResults;
import io.github.kd4j.metrics.MetricSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolReportTest {
  @TempDir Path tmp;

  private final ProtocolResults results = FakeProtocolResults.plausible(11, 6);
  private final ProtocolSummary summary = ProtocolSummary.of(results);

  private void writeRun(Path dir, String fingerprint, boolean force) throws IOException {
    try (ReportFolder out = ReportFolder.open(dir, fingerprint, force)) {
      ProtocolReport.writeText(
          out.staging(), results, summary, ProtocolReport.MAHNOB_FEATURE_NOTES);
      out.commit();
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesAllFilesAtomicallyWithFingerprint() throws IOException {
    Path dir = tmp.resolve("run");
    writeRun(dir, "abc", false);
    assertEquals(
        List.of("COMPLETE", "RUN", "folds.csv", "results.json", "results.md", "trials.csv"),
        listing(dir));
    assertEquals(List.of("run"), listing(tmp), "no staging folder left behind");
    assertEquals("abc\n", Files.readString(dir.resolve("RUN")));
    // per-fold CSV: a header and two parts per result; per-trial: three trials per result
    List<String> folds = Files.readAllLines(dir.resolve("folds.csv"));
    assertEquals(1 + 2 * results.size(), folds.size());
    assertEquals(1 + 3 * results.size(), Files.readAllLines(dir.resolve("trials.csv")).size());
    FoldResult first = results.results().get(0);
    assertEquals(
        first.jobId()
            + ",TRS,0,TEACHER,0.0,42,validation,"
            + first.validation().rmse()
            + ","
            + first.validation().pcc()
            + ","
            + first.validation().ccc()
            + ",population,"
            + first.chosenEpoch()
            + ","
            + first.wallSeconds(),
        folds.get(1));
    java.util.Map.Entry<String, io.github.kd4j.metrics.MetricSet> trial =
        first.testTrials().entrySet().iterator().next();
    assertEquals(
        first.jobId()
            + ",TRS,0,TEACHER,0.0,42,"
            + trial.getKey()
            + ","
            + trial.getValue().rmse()
            + ","
            + trial.getValue().pcc()
            + ","
            + trial.getValue().ccc(),
        Files.readAllLines(dir.resolve("trials.csv")).get(1));
  }

  @Test
  void markdownShowsTheSummaryNumbersAndThePapersBesideThem() throws IOException {
    Path dir = tmp.resolve("run");
    writeRun(dir, "abc", false);
    String md = Files.readString(dir.resolve("results.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("std: population (1/n"), "states the std convention");
    assertTrue(md.contains("Features differ from the paper's"), "states the feature difference");
    for (ProtocolSummary.Cell c : summary.cells()) {
      if (c.part() == Fold.Part.TEST && c.model() != ModelKind.STUDENT) {
        assertTrue(md.contains(ProtocolReport.meanStd(c.summary())), c.toString());
      }
    }
    double trsW = summary.bestWeight(FoldScheme.TRS).orElseThrow();
    double losoW = summary.bestWeight(FoldScheme.LOSO).orElseThrow();
    assertEquals(1.0, trsW, "the fake data peak at the paper's TRS w");
    assertEquals(0.4, losoW, "the fake data peak at the paper's LOSO w");
    assertTrue(md.contains("| EEG student + KD (TRS w = 1, LOSO w = 0.4) (kd4j) | "), md);
    // the KD row holds our numbers at the selected w, then the paper's row follows
    String kdRow =
        md.lines().filter(l -> l.startsWith("| EEG student + KD (TRS")).findFirst().orElseThrow();
    for (FoldScheme s : FoldScheme.values()) {
      for (ProtocolMetric m : ProtocolMetric.values()) {
        MetricSummary v =
            summary
                .summary(
                    s, ModelKind.STUDENT, s == FoldScheme.TRS ? trsW : losoW, Fold.Part.TEST, m)
                .orElseThrow();
        assertTrue(kdRow.contains(ProtocolReport.meanStd(v)), kdRow);
      }
    }
    assertTrue(
        md.contains(
            "| EEG student + KD (TRS w = 1.0, LOSO w = 0.4) (paper) | 0.065 ± 0.009 | 0.454 ± 0.207"
                + " | 0.433 ± 0.205 | 0.063 ± 0.025 | 0.482 ± 0.269 | 0.387 ± 0.253 |"),
        md);
    // the tables over w: a row per weight, with the p-value of every w > 0
    for (FoldScheme s : FoldScheme.values()) {
      for (double w : summary.studentWeights(s)) {
        if (w == 0) {
          continue;
        }
        ProtocolSummary.KdTest t =
            summary.kdTest(s, w, Fold.Part.VALIDATION, ProtocolMetric.CCC).orElseThrow();
        MetricSummary v =
            summary
                .summary(s, ModelKind.STUDENT, w, Fold.Part.VALIDATION, ProtocolMetric.CCC)
                .orElseThrow();
        assertTrue(
            md.contains(ProtocolReport.meanStd(v) + " (p " + ProtocolReport.p(t.ttest().p()) + ")"),
            s + " w " + w);
      }
    }
    assertTrue(md.contains("| **1** | 10 |"), "best TRS w in bold with its fold count");
    assertTrue(md.contains("(paper: w = 1.0: RMSE < 0.001, PCC 0.010, CCC 0.010)"));
  }

  @Test
  void jsonHoldsEveryCellTestAndResult() {
    String json = ProtocolReport.json(results, summary);
    assertTrue(json.startsWith("{\n  \"stdConvention\": \"population\""), json);
    assertTrue(json.contains("\"bestWeight\": {\"TRS\": 1.0, \"LOSO\": 0.4}"), json);
    assertEquals(summary.cells().size(), count(json, "\"mean\": "));
    assertEquals(summary.kdTests().size(), count(json, "\"alternative\": "));
    assertEquals(results.size(), count(json, "\"job\": "));
    assertEquals(count(json, "{"), count(json, "}"));
    assertEquals(count(json, "["), count(json, "]"));
    ProtocolSummary.KdTest t = summary.kdTests().get(0);
    assertTrue(json.contains("\"p\": " + t.ttest().p()), "full precision p");
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", ProtocolReport.str("a\"b\\c\n\u0001"));
    assertEquals("\"x,\"\"y\"\"\"", ProtocolReport.csv("x,\"y\""));
  }

  private static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
      n++;
    }
    return n;
  }

  @Test
  void anotherRunsFolderIsRefusedUnlessForced() throws IOException {
    Path dir = tmp.resolve("run");
    writeRun(dir, "run-A", false);
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> writeRun(dir, "run-B", false));
    assertTrue(e.getMessage().startsWith(dir.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("fingerprint run-A in RUN, this run run-B"), e.getMessage());
    assertEquals("run-A\n", Files.readString(dir.resolve("RUN")), "left untouched");
    assertEquals(List.of("run"), listing(tmp), "no staging folder left behind");
    writeRun(dir, "run-A", false); // the same run may update its results
    writeRun(dir, "run-B", true);
    assertEquals("run-B\n", Files.readString(dir.resolve("RUN")));
    assertEquals(List.of("run"), listing(tmp), "old folder removed after the swap");
  }

  @Test
  void foreignFoldersAreRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(dir.resolve("thesis.tex"), "x");
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> writeRun(dir, "r", false));
    assertTrue(e.getMessage().contains("is not empty and has no RUN file"), e.getMessage());
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThrows(FileAlreadyExistsException.class, () -> writeRun(file, "r", true));
    writeRun(Files.createDirectories(tmp.resolve("empty")), "r", false);
    assertTrue(Files.exists(tmp.resolve("empty").resolve("COMPLETE")));
  }

  @Test
  void reportFolderChecksCallOrder() throws IOException {
    ReportFolder f = ReportFolder.open(tmp.resolve("x"), "r", false);
    f.close();
    assertThrows(IllegalStateException.class, f::staging);
    assertThrows(IllegalStateException.class, f::commit);
    assertFalse(Files.exists(tmp.resolve("x")));
  }
}
