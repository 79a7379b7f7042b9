package io.github.kd4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.testing.Trials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final TcnConfig NET =
      TcnConfig.builder().inputSize(4).channels(8, 8).dropout(0.1).build();
  private static final List<Trial> DATA = Trials.synthetic(12, 4, 7);
  private static final List<Trial> TRAIN = DATA.subList(0, 9);
  private static final List<Trial> VALID = DATA.subList(9, 12);

  private static TrainerConfig.Builder fast() {
    return TrainerConfig.builder().learningRate(3e-3).minLearningRate(1e-5).maxEpochs(6).seed(11);
  }

  @Test
  void learnsACausalMapping() throws InterruptedException {
    TemporalConvNet net = TemporalConvNet.initialize(NET, 1);
    List<EpochReport> seen = new ArrayList<>();
    TrainingResult r =
        new Trainer(
                fast().build(),
                new TrainingListener() {
                  @Override
                  public void onEpoch(EpochReport report) {
                    seen.add(report);
                  }
                })
            .fit(net, TRAIN, VALID);
    assertEquals(6, r.epochsRun());
    assertEquals(seen, r.history());
    assertTrue(r.bestValidationCcc() > 0.6, r.toString());
    assertTrue(
        r.history().get(0).trainLoss() > r.history().get(5).trainLoss(), r.history().toString());
  }

  @Test
  void endsWithTheBestWeights() throws InterruptedException {
    TemporalConvNet net = TemporalConvNet.initialize(NET, 1);
    TrainingResult r = new Trainer(fast().maxEpochs(3).build()).fit(net, TRAIN, VALID);
    double ccc =
        io.github.kd4j.core.eval.Evaluator.evaluate(
                net, VALID, io.github.kd4j.core.data.WindowPlan.DEFAULT)
            .ccc();
    assertEquals(r.bestValidationCcc(), ccc, 0.0);
  }

  @Test
  void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws InterruptedException {
    TemporalConvNet a = TemporalConvNet.initialize(NET, 1);
    TrainingResult ra = new Trainer(fast().maxEpochs(4).build()).fit(a, TRAIN, VALID);

    TrainerConfig cfg = fast().maxEpochs(4).checkpointDir(dir).build();
    TemporalConvNet b = TemporalConvNet.initialize(NET, 1);
    TrainingListener interrupter =
        new TrainingListener() {
          @Override
          public void onStep(int epoch, int step, int steps, double loss) {
            if (epoch == 3 && step == 2) {
              Thread.currentThread().interrupt();
            }
          }
        };
    InterruptedException e =
        assertThrows(
            InterruptedException.class, () -> new Trainer(cfg, interrupter).fit(b, TRAIN, VALID));
    assertTrue(e.getMessage().contains("resume from the checkpoint of epoch 2"), e.getMessage());
    assertTrue(Thread.interrupted(), "the interrupt flag must be restored");

    // a network initialised from another seed is another run: refused, naming what differs
    IllegalStateException other =
        assertThrows(
            IllegalStateException.class,
            () -> new Trainer(cfg).fit(TemporalConvNet.initialize(NET, 99), TRAIN, VALID));
    assertTrue(other.getMessage().contains("these differ: initial"), other.getMessage());
    TemporalConvNet c = TemporalConvNet.initialize(NET, 1);
    TrainingResult rc = new Trainer(cfg).fit(c, TRAIN, VALID);
    assertEquals(ra.history().size(), rc.history().size());
    for (int i = 0; i < ra.history().size(); i++) {
      assertEquals(
          ra.history().get(i).validationCcc(),
          rc.history().get(i).validationCcc(),
          0.0,
          "epoch " + (i + 1));
      assertEquals(
          ra.history().get(i).trainLoss(),
          rc.history().get(i).trainLoss(),
          0.0,
          "epoch " + (i + 1));
    }
    assertEquals(ra.bestEpoch(), rc.bestEpoch());
    assertArrayEquals(a.flatParameters(), c.flatParameters());
  }

  @Test
  void checkpointOfAnotherRunIsRefused(@TempDir Path dir) throws InterruptedException {
    new Trainer(fast().maxEpochs(1).checkpointDir(dir).build())
        .fit(TemporalConvNet.initialize(NET, 1), TRAIN, VALID);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new Trainer(fast().maxEpochs(1).seed(12).checkpointDir(dir).build())
                    .fit(TemporalConvNet.initialize(NET, 1), TRAIN, VALID));
    assertTrue(e.getMessage().contains("belongs to another run"), e.getMessage());
  }

  @Test
  void sameSeedSameWeightsDifferentSeedDifferentWeights() throws InterruptedException {
    assertArrayEquals(
        TemporalConvNet.initialize(NET, 5).flatParameters(),
        TemporalConvNet.initialize(NET, 5).flatParameters());
    assertFalse(
        Arrays.equals(
            TemporalConvNet.initialize(NET, 5).flatParameters(),
            TemporalConvNet.initialize(NET, 6).flatParameters()));
    TemporalConvNet a = TemporalConvNet.initialize(NET, 5);
    TemporalConvNet b = TemporalConvNet.initialize(NET, 5);
    TemporalConvNet c = TemporalConvNet.initialize(NET, 5);
    new Trainer(fast().maxEpochs(2).build()).fit(a, TRAIN, VALID);
    new Trainer(fast().maxEpochs(2).build()).fit(b, TRAIN, VALID);
    new Trainer(fast().maxEpochs(2).seed(12).build()).fit(c, TRAIN, VALID);
    assertArrayEquals(a.flatParameters(), b.flatParameters());
    assertFalse(Arrays.equals(a.flatParameters(), c.flatParameters()));
  }

  @Test
  void badInputIsNamed() {
    TemporalConvNet net = TemporalConvNet.initialize(NET, 1);
    List<Trial> wide = Trials.synthetic(2, 5, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Trainer(fast().build()).fit(net, wide, VALID));
    assertTrue(
        e.getMessage().contains("training trial trial-0 must have 4 features per step"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Trainer(fast().kdWeight(0.4).build()).fit(net, TRAIN, VALID));
    assertTrue(
        e.getMessage().contains("kdWeight is 0.4 but training trial trial-0 has no knowledge"),
        e.getMessage());
  }

  @Test
  void distillationTermPullsFeaturesTowardsTheTeacher() throws InterruptedException {
    // knowledge = features of a fixed other network; with a large weight the L1 distance shrinks
    TemporalConvNet teacher = TemporalConvNet.initialize(NET, 42);
    List<Trial> withK = new ArrayList<>();
    for (Trial t : TRAIN) {
      withK.add(t.withKnowledge(teacher.predict(t.featuresView()).features()));
    }
    TemporalConvNet plain = TemporalConvNet.initialize(NET, 1);
    new Trainer(fast().maxEpochs(3).build()).fit(plain, withK, VALID);
    TemporalConvNet student = TemporalConvNet.initialize(NET, 1);
    new Trainer(fast().maxEpochs(3).kdWeight(50).build()).fit(student, withK, VALID);
    double without = l1(plain, teacher, withK);
    double with = l1(student, teacher, withK);
    assertTrue(
        with < 0.9 * without, "L1 to the teacher without KD " + without + ", with KD " + with);
  }

  private static double l1(TemporalConvNet s, TemporalConvNet t, List<Trial> trials) {
    double sum = 0;
    long n = 0;
    for (Trial tr : trials) {
      float[][] a = s.predict(tr.featuresView()).features();
      float[][] b = t.predict(tr.featuresView()).features();
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a[i].length; j++) {
          sum += Math.abs(a[i][j] - b[i][j]);
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void checkpointOfOtherDataValuesIsRefused(@TempDir Path dir) throws InterruptedException {
    new Trainer(fast().maxEpochs(1).checkpointDir(dir).build())
        .fit(TemporalConvNet.initialize(NET, 1), TRAIN, VALID);
    List<Trial> negated = new ArrayList<>();
    for (Trial t : TRAIN) {
      float[] y = t.labels();
      for (int i = 0; i < y.length; i++) {
        y[i] = -y[i];
      }
      negated.add(Trial.of(t.id(), t.subject(), t.featuresView(), y));
    }
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new Trainer(fast().maxEpochs(1).checkpointDir(dir).build())
                    .fit(TemporalConvNet.initialize(NET, 1), negated, VALID));
    assertTrue(e.getMessage().contains("these differ: data"), e.getMessage());
  }

  @Test
  void damagedCheckpointIsAnErrorNamingTheFile(@TempDir Path dir) throws Exception {
    new Trainer(fast().maxEpochs(1).checkpointDir(dir).build())
        .fit(TemporalConvNet.initialize(NET, 1), TRAIN, VALID);
    Path f = dir.resolve("checkpoint.kd4j");
    byte[] all = java.nio.file.Files.readAllBytes(f);
    all[all.length / 2] ^= 0x10;
    java.nio.file.Files.write(f, all);
    java.io.UncheckedIOException e =
        assertThrows(
            java.io.UncheckedIOException.class,
            () ->
                new Trainer(fast().maxEpochs(2).checkpointDir(dir).build())
                    .fit(TemporalConvNet.initialize(NET, 1), TRAIN, VALID));
    assertTrue(
        e.getMessage().contains("checkpoint.kd4j") && e.getMessage().contains("checksum"),
        e.getMessage());
  }

  @Test
  void knowledgeAt64HzTakesOneRowPerStepAndResumesIdentically(@TempDir Path dir)
      throws InterruptedException {
    List<Trial> withK = new ArrayList<>();
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (Trial t : TRAIN) {
      float[][] k = new float[t.length() * 16][8];
      for (float[] row : k) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) r.nextGaussian();
        }
      }
      withK.add(t.withKnowledge(k));
    }
    assertEquals(16, withK.get(0).knowledgeRate());
    TrainerConfig cfg = fast().maxEpochs(2).kdWeight(0.5).build();
    TemporalConvNet a = TemporalConvNet.initialize(NET, 1);
    TemporalConvNet b = TemporalConvNet.initialize(NET, 1);
    new Trainer(cfg).fit(a, withK, VALID);
    new Trainer(cfg).fit(b, withK, VALID);
    assertArrayEquals(a.flatParameters(), b.flatParameters());
    TemporalConvNet c = TemporalConvNet.initialize(NET, 1);
    new Trainer(fast().maxEpochs(2).kdWeight(0.5).seed(12).build()).fit(c, withK, VALID);
    assertFalse(Arrays.equals(a.flatParameters(), c.flatParameters()));
  }
}
