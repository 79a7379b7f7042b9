package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.student.TcnStudent;
import io.github.kd4j.vision.teacher.VisualTeacher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kd4j distill} on three MAHNOB subjects (21 trials), one epoch per model. */
class DistillCommandTest {
  @Test
  void printsFiniteMetricsAndWritesTheModels(@TempDir Path out) throws Exception {
    Cli.Result r =
        Cli.run(
            "--quiet",
            "distill",
            "--data",
            TrainCommandTest.MAHNOB,
            "--subjects",
            "P10,P27,P29",
            "--teacher-epochs",
            "1",
            "--student-epochs",
            "1",
            "--kd-weights",
            "1.0",
            "--channels",
            "8,8",
            "--seed",
            "3",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("13 training, 4 validation, 4 test (seed 3)"), r.out());
    for (String row : new String[] {"teacher (face)", "student, no KD", "student + KD (w = "}) {
      Matcher m =
          Pattern.compile(Pattern.quote(row) + "[^\\n]*?\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\n")
              .matcher(r.out());
      assertTrue(m.find(), row + " in\n" + r.out());
      for (int g = 1; g <= 3; g++) {
        assertTrue(Double.isFinite(Double.parseDouble(m.group(g))), row + ": " + m.group(g));
      }
    }
    assertTrue(r.out().contains("(chosen)"), r.out());
    TcnStudent kd = TcnStudent.load(out.resolve("student.kd4j"));
    TcnStudent plain = TcnStudent.load(out.resolve("student-plain.kd4j"));
    VisualTeacher t = VisualTeacher.load(out.resolve("teacher.kd4j"));
    assertEquals(13, plain.provenance().trainingTrials());
    assertEquals(4, kd.provenance().validationTrials());
    assertEquals(128, kd.inputSize());
    assertEquals(38, t.inputSize());
    assertTrue(Files.size(out.resolve("student.onnx")) > 0);
    assertTrue(Files.size(out.resolve("teacher.onnx")) > 0);
  }

  @Test
  void refusesABadSplitBeforeTraining(@TempDir Path out) {
    Cli.Result r =
        Cli.run(
            "distill",
            "--data",
            TrainCommandTest.MAHNOB,
            "--subjects",
            "P27",
            "--test",
            "0.9",
            "--out",
            out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--test"), r.err());
  }
}
