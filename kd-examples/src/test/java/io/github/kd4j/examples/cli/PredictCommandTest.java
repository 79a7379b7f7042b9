package io.github.kd4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.eeg.mahnob.MahnobFeatures;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import io.github.kd4j.eeg.student.TcnStudent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kd4j predict}: one CSV row per 4 Hz step, equal to the model's own {@code predict} (the
 * {@code .kd4j} path exactly, the ONNX path within 1e-5), from a raw EDF and from a feature CSV.
 */
class PredictCommandTest {
  static float[] valence(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    assertEquals("step,time_s,valence", lines.get(0));
    float[] v = new float[lines.size() - 1];
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      assertEquals(i - 1, Integer.parseInt(f[0]));
      v[i - 1] = Float.parseFloat(f[2]);
      assertTrue(Float.isFinite(v[i - 1]));
    }
    return v;
  }

  @Test
  void rawRecordingWithKd4jAndOnnxModels(@TempDir Path dir) throws Exception {
    Path edf = FeaturesCommandTest.EDF;
    TcnStudent s = Cli.tinyStudent(192, 5);
    s.save(dir.resolve("s.kd4j"));
    s.exportOnnx(dir.resolve("s.onnx"), null);
    float[] expected = s.predict(EegFeaturePipeline.defaults().extract(edf).toFloats());

    Path a = dir.resolve("a.csv");
    Cli.Result r =
        Cli.run(
            "predict", edf.toString(), "-m", dir.resolve("s.kd4j").toString(), "-o", a.toString());
    assertEquals(0, r.code(), r.err());
    float[] got = valence(a);
    assertEquals(expected.length, got.length, "one row per step");
    for (int t = 0; t < got.length; t++) {
      assertEquals(expected[t], got[t], 0f, "step " + t);
    }

    Path b = dir.resolve("b.csv");
    r =
        Cli.run(
            "predict",
            edf.toString(),
            "--model",
            dir.resolve("s.onnx").toString(),
            "--device",
            "cpu",
            "-o",
            b.toString());
    assertEquals(0, r.code(), r.err());
    float[] onnx = valence(b);
    assertEquals(expected.length, onnx.length);
    for (int t = 0; t < onnx.length; t++) {
      assertEquals(expected[t], onnx[t], 1e-5, "step " + t);
    }
    assertTrue(r.out().contains("ONNX Runtime CPU"), r.out());
  }

  @Test
  void featureCsvOfAMahnobTrial(@TempDir Path dir) throws Exception {
    MahnobTrial trial =
        MahnobFeatures.defaults()
            .read(Cli.DATA.resolve("mahnob/P10-features-resamp4hz-trial-2.mat"));
    float[][] x = trial.eeg();
    double[][] d = new double[x.length][x[0].length];
    double[] times = new double[x.length];
    List<String> cols = new ArrayList<>();
    for (int f = 0; f < x[0].length; f++) {
      cols.add("f" + f);
    }
    for (int t = 0; t < x.length; t++) {
      times[t] = t * 0.25;
      for (int f = 0; f < x[0].length; f++) {
        d[t][f] = x[t][f];
      }
    }
    Path csv = dir.resolve("trial.csv");
    FeatureCsv.write(csv, cols, times, d);
    TcnStudent s = Cli.tinyStudent(MahnobTrial.EEG_FEATURES, 9);
    s.save(dir.resolve("m.kd4j"));
    Path out = dir.resolve("v.csv");
    Cli.Result r =
        Cli.run(
            "predict",
            csv.toString(),
            "-m",
            dir.resolve("m.kd4j").toString(),
            "-o",
            out.toString());
    assertEquals(0, r.code(), r.err());
    float[] expected = s.predict(x);
    float[] got = valence(out);
    assertEquals(trial.length(), got.length);
    for (int t = 0; t < got.length; t++) {
      assertEquals(expected[t], got[t], 0f, "step " + t);
    }
    List<String> lines = Files.readAllLines(out);
    assertEquals("5,1.25," + expected[5], lines.get(6));
  }

  @Test
  void widthMismatchAndBadFilesAreOneLineErrors(@TempDir Path dir) throws Exception {
    TcnStudent s = Cli.tinyStudent(10, 3);
    Path m = dir.resolve("w.kd4j");
    s.save(m);
    Cli.Result r =
        Cli.run(
            "predict",
            FeaturesCommandTest.EDF.toString(),
            "-m",
            m.toString(),
            "-o",
            dir.resolve("x.csv").toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err().contains("w.kd4j")
            && r.err().contains("takes 10 features")
            && r.err().contains("192"),
        r.err());
    assertTrue(!Files.exists(dir.resolve("x.csv")));

    Path badCsv = Files.writeString(dir.resolve("bad.csv"), "step,a,b\n0,1.0,zz\n");
    r = Cli.run("predict", badCsv.toString(), "-m", m.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.csv line 2 column b"), r.err());

    r = Cli.run("predict", badCsv.toString(), "-m", dir.resolve("model.bin").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("model.bin"), r.err());

    r = Cli.run("predict", badCsv.toString());
    assertEquals(2, r.code(), "missing --model is a usage error");
    assertTrue(r.err().contains("--model"), r.err());
  }
}
