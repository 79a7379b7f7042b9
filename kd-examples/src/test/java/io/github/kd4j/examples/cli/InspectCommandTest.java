package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.student.TcnStudent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kd4j inspect} prints what the model file records: role, network and provenance. */
class InspectCommandTest {
  @Test
  void printsProvenanceOfKd4jAndOnnxFiles(@TempDir Path dir) throws Exception {
    TcnStudent s = Cli.tinyStudent(6, 1234);
    Path kd4j = dir.resolve("s.kd4j");
    Path onnx = dir.resolve("s.onnx");
    s.save(kd4j);
    s.exportOnnx(onnx, "inspect test");

    Cli.Result a = Cli.run("inspect", kd4j.toString());
    assertEquals(0, a.code(), a.err());
    assertTrue(a.out().contains("format: kd4j model"), a.out());
    assertTrue(a.out().contains("role: " + TcnStudent.ROLE), a.out());
    assertTrue(a.out().contains("input: [time, 6], features: [time, 4]"), a.out());
    assertTrue(a.out().contains("  seed=1234\n"), a.out());
    assertTrue(a.out().contains("  dataHash=" + s.provenance().dataHash()), a.out());
    for (String line : s.provenance().toText().split("\n")) {
      assertTrue(a.out().contains("  " + line + "\n"), line + " in\n" + a.out());
    }

    Cli.Result b = Cli.run("inspect", onnx.toString());
    assertEquals(0, b.code(), b.err());
    assertTrue(b.out().contains("format: ONNX"), b.out());
    assertTrue(b.out().contains("input: x [batch, time, 6]"), b.out());
    assertTrue(b.out().contains("kd4j.role = " + TcnStudent.ROLE), b.out());
    assertTrue(b.out().contains("  seed=1234\n"), b.out());
    assertTrue(b.out().contains("  extra.note=inspect test"), b.out());
  }

  @Test
  void notAModelIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.kd4j");
    Files.writeString(junk, "hello");
    Cli.Result r = Cli.run("inspect", junk.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("kd4j: ") && r.err().contains("junk.kd4j"), r.err());
    Cli.Result txt = Cli.run("inspect", dir.resolve("m.txt").toString());
    assertEquals(2, txt.code());
    Path m = Files.writeString(dir.resolve("m.txt"), "x");
    Cli.Result ext = Cli.run("inspect", m.toString());
    assertEquals(2, ext.code());
    assertTrue(ext.err().contains(".kd4j or .onnx"), ext.err());
  }
}
