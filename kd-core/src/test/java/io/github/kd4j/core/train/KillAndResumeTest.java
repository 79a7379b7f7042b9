package io.github.kd4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.testing.Trials;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training killed with SIGKILL at a random step (a child JVM, {@code Process.destroyForcibly})
 * and resumed from its checkpoints ends with exactly the weights of an uninterrupted run.
 */
class KillAndResumeTest {
  static final TcnConfig NET =
      TcnConfig.builder().inputSize(4).channels(16, 16).dropout(0.1).build();

  static TrainerConfig config(Path dir) {
    return TrainerConfig.builder()
        .learningRate(3e-3)
        .minLearningRate(1e-5)
        .maxEpochs(5)
        .seed(9)
        .checkpointDir(dir)
        .build();
  }

  @Test
  void sigkillAtARandomStepThenResumeGivesTheUninterruptedWeights(@TempDir Path dir)
      throws Exception {
    float[] uninterrupted = Child.train(null);
    SplittableRandom r = new SplittableRandom(20261129L);
    Path cp = dir.resolve("cp");
    Path out = dir.resolve("final.bin");
    // kill during epoch 2, 3 or 4, after a random number of steps
    int killEpoch = 2 + r.nextInt(3);
    int killStep = 1 + r.nextInt(20);
    Process p = child(cp, out);
    boolean killed = false;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("STEP " + killEpoch + " " + killStep)) {
          p.destroyForcibly(); // SIGKILL on Linux
          killed = true;
          break;
        }
      }
    }
    p.waitFor(60, TimeUnit.SECONDS);
    assertTrue(killed, "the child must reach epoch " + killEpoch + " step " + killStep);
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
    assertTrue(!Files.exists(out), "the killed run must not have finished");
    assertTrue(Files.exists(cp.resolve("checkpoint.kd4j")), "a checkpoint of a finished epoch");

    Process resumed = child(cp, out);
    resumed.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "the resumed run must finish");
    assertEquals(0, resumed.exitValue());
    float[] weights;
    try (DataInputStream in = new DataInputStream(Files.newInputStream(out))) {
      weights = new float[in.readInt()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = in.readFloat();
      }
    }
    assertArrayEquals(uninterrupted, weights);
  }

  private static Process child(Path cp, Path out) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add(Child.class.getName());
    cmd.add(cp.toString());
    cmd.add(out.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    return pb.start();
  }

  /** The child JVM: trains with checkpoints, prints every step, writes the final weights. */
  public static final class Child {
    private Child() {}

    static float[] train(Path dir) throws InterruptedException {
      List<Trial> data = Trials.synthetic(10, 4, 3);
      TemporalConvNet net = TemporalConvNet.initialize(NET, 1);
      new Trainer(
              config(dir),
              new TrainingListener() {
                @Override
                public void onStep(int epoch, int step, int steps, double loss) {
                  System.out.println("STEP " + epoch + " " + step);
                  System.out.flush();
                }
              })
          .fit(net, data.subList(0, 7), data.subList(7, 10));
      return net.flatParameters();
    }

    /** {@code args}: checkpoint folder, output file. */
    public static void main(String[] args) throws Exception {
      float[] w = train(Path.of(args[0]));
      Path tmp = Path.of(args[1] + ".tmp");
      try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(tmp))) {
        o.writeInt(w.length);
        for (float f : w) {
          o.writeFloat(f);
        }
      }
      Files.move(tmp, Path.of(args[1]));
    }
  }
}
