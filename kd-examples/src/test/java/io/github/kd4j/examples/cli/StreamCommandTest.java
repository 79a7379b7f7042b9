package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TcnWeights;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.student.TcnStudent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kd4j stream --replay} on the shared PhysioNet EDF file (64 channels at 160 Hz, 125 s; the
 * 32 BioSemi channel names are among its labels), with a tiny student of fixed seeded weights saved
 * as .kd4j and exported as .onnx; {@code --compare} checks it against the offline causal path.
 */
public class StreamCommandTest {
  static final Path EDF = Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf");

  /** 192 -> [8, 8], kernel 3, seeded weights with unit-norm filters (a moving trace). */
  public static TcnStudent tinyStudent(long seed) {
    TcnConfig cfg = TcnConfig.builder().inputSize(192).channels(8, 8).kernelSize(3).build();
    TemporalConvNet init = TemporalConvNet.initialize(cfg, seed);
    SplittableRandom r = new SplittableRandom(seed);
    Map<String, float[]> w = new HashMap<>();
    for (String name : init.weights().names()) {
      float[] t = init.weights().get(name).clone();
      if (name.endsWith(".g")) {
        for (int i = 0; i < t.length; i++) {
          t[i] = (float) (0.5 + r.nextDouble());
        }
      } else if (name.endsWith("down.w") || name.equals("regressor.w")) {
        for (int i = 0; i < t.length; i++) {
          t[i] = (float) (r.nextGaussian() / Math.sqrt(8));
        }
      }
      w.put(name, t);
    }
    TemporalConvNet net = TemporalConvNet.fromWeights(TcnWeights.of(cfg, w));
    return TcnStudent.of(
        SequenceRegressor.trained(
            TcnStudent.ROLE,
            net,
            null,
            TrainerConfig.student().build(),
            Provenance.of(TcnStudent.ROLE, cfg.toString(), "-", seed, "0", 0, 0, Map.of()),
            null));
  }

  static String run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = Kd4jCommand.commandLine().execute(args);
      assertEquals(0, code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  static double largestDifference(String output) {
    Matcher m = Pattern.compile("largest difference (\\S+)").matcher(output);
    assertTrue(m.find(), output);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void replaysTheEdfFileWithAKd4jAndAnOnnxStudent(@TempDir Path dir) throws Exception {
    TcnStudent s = tinyStudent(3);
    Path kd4j = dir.resolve("student.kd4j");
    Path onnx = dir.resolve("student.onnx");
    s.save(kd4j);
    s.exportOnnx(onnx, "test");
    Path out = dir.resolve("out");
    String text =
        run(
            "stream",
            "--model",
            kd4j.toString(),
            "--replay",
            EDF.toString(),
            "--block",
            "37",
            "--compare",
            "--out",
            out.toString());
    // 125 s at 160 Hz = 20000 samples; windows of 320 with hop 40: (20000 - 320) / 40 + 1
    int values = (20000 - 320) / 40 + 1;
    List<String> csv = Files.readAllLines(out.resolve("stream.csv"));
    assertEquals("step,window,sample,time_s,valence,flags", csv.get(0));
    assertEquals(values + 1, csv.size());
    assertTrue(csv.get(1).startsWith("0,0,319,2.000000,"), csv.get(1));
    assertTrue(csv.get(1).endsWith(",WARMUP"), csv.get(1));
    assertTrue(csv.get(values).endsWith(","), csv.get(values)); // clean at the end
    assertTrue(text.contains("  t=    2.000 s  sample       319  valence"), text);
    assertTrue(text.contains("Latency[algorithmic"), text);
    double kd4jDiff = largestDifference(text);
    assertTrue(kd4jDiff <= 1e-6, text);
    BufferedImage png = ImageIO.read(out.resolve("stream.png").toFile());
    // kept for a look: target/stream-command-test/stream.png
    Path keep = Path.of("target", "stream-command-test");
    Files.createDirectories(keep);
    Files.copy(
        out.resolve("stream.png"),
        keep.resolve("stream.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(1000, png.getWidth());
    String onnxText =
        run(
            "stream",
            "--model",
            onnx.toString(),
            "--replay",
            EDF.toString(),
            "--block",
            "160",
            "--compare",
            "--quiet",
            "--out",
            dir.resolve("onnx").toString());
    assertTrue(largestDifference(onnxText) <= 1e-5, onnxText);
    // same trace from both model files
    List<String> onnxCsv = Files.readAllLines(dir.resolve("onnx").resolve("stream.csv"));
    assertEquals(csv.size(), onnxCsv.size());
    for (int i = 1; i < csv.size(); i++) {
      double a = Double.parseDouble(csv.get(i).split(",")[4]);
      double b = Double.parseDouble(onnxCsv.get(i).split(",")[4]);
      assertEquals(a, b, 1e-5, "row " + i);
    }
    System.out.println(text.lines().filter(l -> !l.contains(" valence ")).toList());
  }

  @Test
  void badOptionsGiveOneLineErrors(@TempDir Path dir) throws Exception {
    Path kd4j = dir.resolve("student.kd4j");
    tinyStudent(1).save(kd4j);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    picocli.CommandLine cmd = Kd4jCommand.commandLine();
    cmd.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    int code =
        cmd.execute(
            "stream", "--model", kd4j.toString(), "--replay", EDF.toString(), "--block", "0");
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--block must be >= 1"), err.toString());
  }
}
