package io.github.kd4j.core.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.testing.Trials;
import io.github.kd4j.core.train.RunSeeds;
import io.github.kd4j.core.train.Trainer;
import io.github.kd4j.core.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input for the files kd4j writes (model files and training checkpoints): a flipped bit or
 * a truncation anywhere is an error naming the file, never a silently different result. The only
 * accepted outcome is an {@link IOException} (from the trainer, an {@link UncheckedIOException}
 * wrapping one) whose message starts with the file's path.
 */
class WrittenFilesHostileTest {
  @TempDir static Path dir;
  static byte[] model;
  static byte[] checkpoint;
  static final TcnConfig NET = TcnConfig.builder().inputSize(4).channels(6).build();
  static final List<Trial> DATA = Trials.synthetic(6, 4, 5);

  static TrainerConfig config(Path cp, int epochs) {
    return TrainerConfig.builder()
        .learningRate(3e-3)
        .minLearningRate(1e-5)
        .maxEpochs(epochs)
        .checkpointDir(cp)
        .build();
  }

  @BeforeAll
  static void write() throws Exception {
    SequenceRegressor m = new SequenceRegressor(NET, false);
    m.fit(DATA.subList(0, 4), DATA.subList(4, 6), config(dir.resolve("cp"), 2));
    m.save(dir.resolve("m.kd4j"));
    model = Files.readAllBytes(dir.resolve("m.kd4j"));
    checkpoint = Files.readAllBytes(dir.resolve("cp/checkpoint.kd4j"));
  }

  private static byte[] damage(byte[] good, int position, int bit, boolean truncate) {
    if (truncate) {
      return Arrays.copyOf(good, position % good.length);
    }
    byte[] b = good.clone();
    b[position % b.length] ^= (byte) (1 << bit);
    return b;
  }

  private static void write(Path f, byte[] b) {
    try {
      Files.createDirectories(f.getParent());
      Files.write(f, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void damagedModelFilesAreNamedErrors() {
    qt().withExamples(300)
        .withFixedSeed(11)
        .forAll(integers().between(0, 1 << 20), integers().between(0, 7), integers().between(0, 3))
        .checkAssert(
            (pos, bit, mode) -> {
              Path f = dir.resolve("bad.kd4j");
              write(f, damage(model, pos, bit, mode == 0));
              try {
                SequenceRegressor.load(f);
                throw new AssertionError("a damaged model file loaded (byte " + pos + ")");
              } catch (IOException e) {
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
              }
            });
  }

  @Test
  void damagedCheckpointsAreNamedErrors() {
    qt().withExamples(100)
        .withFixedSeed(12)
        .forAll(integers().between(0, 1 << 20), integers().between(0, 7), integers().between(0, 3))
        .checkAssert(
            (pos, bit, mode) -> {
              Path cp = dir.resolve("cp2");
              Path f = cp.resolve("checkpoint.kd4j");
              write(f, damage(checkpoint, pos, bit, mode == 0));
              try {
                new Trainer(config(cp, 3))
                    .fit(
                        TemporalConvNet.initialize(NET, RunSeeds.of(0).weights()),
                        DATA.subList(0, 4),
                        DATA.subList(4, 6));
                throw new AssertionError("a damaged checkpoint was used (byte " + pos + ")");
              } catch (UncheckedIOException e) {
                assertTrue(e.getCause().getMessage().startsWith(f.toString()), e.getMessage());
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
  }
}
