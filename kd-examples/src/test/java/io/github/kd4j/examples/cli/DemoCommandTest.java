package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's demo, shortened (1 epoch, small TCN), on the real MAHNOB feature files. */
class DemoCommandTest {
  @Test
  void runsEndToEndAndWritesTheReport(@TempDir Path out) throws Exception {
    int code =
        Kd4jCommand.commandLine()
            .execute(
                "demo",
                "--data",
                Path.of(System.getProperty("kd4j.data"), "mahnob").toString(),
                "--out",
                out.toString(),
                "--teacher-epochs",
                "1",
                "--student-epochs",
                "1",
                "--channels",
                "16,16",
                "--kd-weights",
                "0.5,1.0");
    assertEquals(0, code);
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("136 trials of 12 subjects"), report);
    for (String row : new String[] {"visual teacher", "EEG student, no KD", "EEG student + KD"}) {
      assertTrue(report.contains("| " + row), "missing row " + row + " in\n" + report);
    }
    Matcher m = Pattern.compile("max \\|valence difference\\| = ([0-9.eE+-]+)").matcher(report);
    assertTrue(m.find(), report);
    assertTrue(Double.parseDouble(m.group(1)) < 1e-5, "ONNX Runtime vs Java: " + m.group(1));
    assertTrue(report.contains("| 0.0 | "), report);
    assertTrue(report.contains("(chosen)"), report);
    for (String f : new String[] {"teacher.onnx", "student.onnx", "student.kd4j"}) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
  }

  @Test
  void negativeKdWeightIsRefusedBeforeAnyTraining(@TempDir Path out) {
    CommandLine cmd = Kd4jCommand.commandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cmd.setErr(new java.io.PrintWriter(err));
    long t0 = System.nanoTime();
    int code = cmd.execute("demo", "--out", out.toString(), "--kd-weights", "-1");
    assertEquals(2, code);
    assertTrue(err.toString().contains("got -1.0"), err.toString());
    assertTrue(!Files.exists(out.resolve("checkpoints")), "nothing may be trained or written");
  }

  @Test
  void missingDataFolderIsAClearError(@TempDir Path out) {
    CommandLine cmd = Kd4jCommand.commandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cmd.setErr(new java.io.PrintWriter(err));
    int code =
        cmd.execute("demo", "--data", out.resolve("nope").toString(), "--out", out.toString());
    assertEquals(2, code);
    assertTrue(
        err.toString().startsWith("kd4j: ") && err.toString().contains("nope"), err.toString());
    assertTrue(!err.toString().contains("\tat "), "no stack trace expected: " + err);
  }

  @Test
  void subjectsAreSharedWithTheOtherCommandsAndChecked(@TempDir Path out) {
    // --data and --subjects come from the same mixin as train, distill and protocol
    Cli.Result r =
        Cli.run(
            "demo", "--data", Cli.DATA.toString(), "--subjects", "P99", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no feature file of subject P99"), r.err());
    assertTrue(!Files.exists(out.resolve("checkpoints")), "nothing may be trained or written");
  }
}
