package io.github.kd4j.examples.cli;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.student.TcnStudent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine;

/** Runs kd4j commands in-process, capturing standard output and the error stream. */
final class Cli {
  record Result(int code, String out, String err) {}

  private Cli() {}

  static final Path DATA = Path.of(System.getProperty("kd4j.data"));

  static synchronized Result run(String... args) {
    CommandLine cmd = Kd4jCommand.commandLine();
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err, true));
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
      System.setOut(ps);
      PrintWriter pw = new PrintWriter(ps, true);
      cmd.setOut(pw);
      code = cmd.execute(args);
      pw.flush();
    } finally {
      System.setOut(old);
    }
    Result r = new Result(code, buf.toString(StandardCharsets.UTF_8), err.toString());
    old.print(r.out());
    return r;
  }

  /**
   * A tiny student (channels 4,4) trained for one epoch on random trials of {@code width} features
   * (labels: a smooth function of the first feature), seeded.
   */
  static TcnStudent tinyStudent(int width, long seed) throws InterruptedException {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Trial> trials = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      float[][] x = new float[110][width];
      float[] y = new float[110];
      for (int t = 0; t < x.length; t++) {
        for (int f = 0; f < width; f++) {
          x[t][f] = (float) rng.nextGaussian();
        }
        y[t] = (float) Math.tanh(x[t][0]);
      }
      trials.add(Trial.of("t" + i, "s" + (i % 2), x, y));
    }
    TcnStudent s =
        TcnStudent.builder()
            .inputSize(width)
            .channels(4, 4)
            .standardize(true)
            .seed(seed)
            .trainer(
                TrainerConfig.student().maxEpochs(1).earlyStoppingPatience(1).seed(seed).build())
            .build();
    s.fit(trials.subList(0, 3), trials.subList(3, 4));
    return s;
  }
}
