package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.saliency.SaliencyCsv;
import io.github.kd4j.eeg.saliency.SaliencyMap;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kd4j protocol} then {@code kd4j saliency} on three real subjects, tiny settings. */
class SaliencyCommandTest {
  static final String DATA = Path.of(System.getProperty("kd4j.data"), "mahnob").toString();

  @Test
  void mapsOfALosoRunAndOfOneStudentFile(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    int code =
        Kd4jCommand.commandLine()
            .execute(
                "protocol",
                "--scheme",
                "loso",
                "--data",
                DATA,
                "--subjects",
                "P7,P10,P27",
                "--teacher-epochs",
                "1",
                "--student-epochs",
                "1",
                "--channels",
                "8",
                "--face-columns",
                "8",
                "--weights",
                "1.0",
                "--learning-rate",
                "1e-3",
                "--workers",
                "1",
                "--out",
                run.toString());
    assertEquals(0, code);
    String report = java.nio.file.Files.readString(run.resolve("report").resolve("results.md"));
    assertTrue(
        report.contains("the stages' own times add up to"),
        "results.md states the run's work, not only this invocation's wall time");
    code = Kd4jCommand.commandLine().execute("saliency", "--run", run.toString());
    assertEquals(0, code);
    Path out = run.resolve("saliency");
    Map<String, SaliencyMap> maps = SaliencyCsv.read(out.resolve("saliency.csv"));
    assertEquals(List.of("P7", "P10", "P27", "overall"), List.copyOf(maps.keySet()));
    for (Map.Entry<String, SaliencyMap> e : maps.entrySet()) {
      if (!e.getKey().equals("overall")) {
        assertEquals(0.0, e.getValue().min(), 1e-12, "joint min-max: " + e.getKey());
        assertEquals(1.0, e.getValue().max(), 1e-12, "joint min-max: " + e.getKey());
      }
    }
    BufferedImage grid = ImageIO.read(out.resolve("saliency-grid.png").toFile());
    BufferedImage overall = ImageIO.read(out.resolve("saliency-overall.png").toFile());
    assertTrue(grid.getHeight() > overall.getHeight(), "one row per subject plus the overall row");
    String md = Files.readString(out.resolve("saliency.md"));
    assertTrue(md.contains("| band 4 (gamma?) |") && md.contains("| temporal |"), md);

    // one student file on one subject's trials
    Path model =
        Files.list(run.resolve("work/models"))
            .filter(p -> p.toString().endsWith("-kd.kd4j"))
            .findFirst()
            .orElseThrow();
    code =
        Kd4jCommand.commandLine()
            .execute(
                "saliency",
                "--model",
                model.toString(),
                "--data",
                DATA,
                "--subjects",
                "P7",
                "--out",
                dir.resolve("one").toString());
    assertEquals(0, code);
    assertEquals(
        List.of("P7", "overall"),
        List.copyOf(SaliencyCsv.read(dir.resolve("one/saliency.csv")).keySet()));

    // a student file without subjects to explain: a one-line error
    CommandLine cmd = Kd4jCommand.commandLine();
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err));
    assertEquals(2, cmd.execute("saliency", "--model", model.toString(), "--data", DATA));
    assertTrue(err.toString().contains("--subjects"), err.toString());
  }
}
