package io.github.kd4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Early stopping, ReduceLROnPlateau and resuming, observed through {@link TrainingResult} and
 * {@link EpochReport}.
 *
 * <p>The validation trials have a constant label, so the validation CCC is exactly 0 in every epoch
 * (the centred label is exactly zero, hence the covariance): epoch 1 improves on "nothing yet", no
 * later epoch improves ({@code 0 > 0} is false, as is {@code 0 > 0 * (1 + 1e-4)}). The schedule is
 * then fully determined, and the expected one is computed here by a plain loop over the rules of
 * SPEC 7 / PyTorch's ReduceLROnPlateau (mode max, no cooldown): after each non-improving epoch the
 * count of bad epochs grows; when it exceeds the patience the rate becomes {@code max(lr * factor,
 * min)} for the next epoch and the count restarts.
 */
class TrainerScheduleTest {
  private static final TcnConfig NET =
      TcnConfig.builder().inputSize(4).channels(6, 6).dropout(0.1).build();
  private static final List<Trial> TRAIN = Trials.synthetic(4, 4, 3);
  private static final List<Trial> FLAT_VALIDATION = constantLabels(Trials.synthetic(2, 4, 4));

  private static List<Trial> constantLabels(List<Trial> trials) {
    List<Trial> out = new ArrayList<>();
    for (Trial t : trials) {
      float[] y = new float[t.length()];
      Arrays.fill(y, 0.25f);
      out.add(Trial.of("flat-" + t.id(), t.subject(), t.featuresView(), y));
    }
    return out;
  }

  private static TrainerConfig.Builder config() {
    return TrainerConfig.builder().learningRate(1e-3).plateauFactor(0.5).batchSize(2).seed(5);
  }

  /** The learning rates of epochs 1..n when only epoch 1 improves (the rules, as plain loops). */
  private static double[] expectedRates(int n, double lr, int patience, double factor, double min) {
    double[] rates = new double[n];
    int bad = 0;
    for (int e = 1; e <= n; e++) {
      rates[e - 1] = lr;
      if (e > 1) {
        bad++;
      }
      if (bad > patience) {
        bad = 0;
        lr = Math.max(lr * factor, min);
      }
    }
    return rates;
  }

  private static double[] rates(TrainingResult r) {
    return r.history().stream().mapToDouble(EpochReport::learningRate).toArray();
  }

  @Test
  void earlyStoppingAfterPatienceWithTheRateHalvedOnThePlateau() throws InterruptedException {
    TrainerConfig cfg =
        config()
            .plateauPatience(1)
            .earlyStoppingPatience(4)
            .maxEpochs(20)
            .minLearningRate(1e-5)
            .build();
    TrainingResult r =
        new Trainer(cfg).fit(TemporalConvNet.initialize(NET, 1), TRAIN, FLAT_VALIDATION);
    assertEquals(TrainingResult.StopReason.EARLY_STOPPING, r.stopReason(), r.toString());
    assertEquals(5, r.epochsRun(), "epoch 1 improves, then 4 epochs without improvement");
    assertEquals(5, r.history().size());
    assertEquals(1, r.bestEpoch());
    for (EpochReport e : r.history()) {
      assertEquals(0.0, e.validationCcc(), 0.0, "constant labels: CCC is exactly 0; " + e);
      assertEquals(e.epoch() == 1, e.improved(), e.toString());
      assertEquals(1, e.bestEpoch(), e.toString());
    }
    // patience 1: epochs 2 and 3 do not improve (2 = patience + 1), so epoch 4 runs at half rate
    assertArrayEquals(new double[] {1e-3, 1e-3, 1e-3, 5e-4, 5e-4}, rates(r), 0.0);
    assertArrayEquals(expectedRates(5, 1e-3, 1, 0.5, 1e-5), rates(r), 0.0);
  }

  @Test
  void maxEpochsWithTheRateFlooredAtTheMinimum() throws InterruptedException {
    TrainerConfig cfg =
        config()
            .plateauPatience(0)
            .earlyStoppingPatience(50)
            .maxEpochs(7)
            .minLearningRate(2e-4)
            .build();
    TrainingResult r =
        new Trainer(cfg).fit(TemporalConvNet.initialize(NET, 1), TRAIN, FLAT_VALIDATION);
    assertEquals(TrainingResult.StopReason.MAX_EPOCHS, r.stopReason(), r.toString());
    assertEquals(7, r.epochsRun());
    assertEquals(7, r.history().size());
    double[] expected = expectedRates(7, 1e-3, 0, 0.5, 2e-4);
    assertArrayEquals(expected, rates(r), 0.0);
    // halved after every non-improving epoch, then held at the floor 2e-4 (not 1.25e-4)
    assertArrayEquals(new double[] {1e-3, 1e-3, 5e-4, 2.5e-4, 2e-4, 2e-4, 2e-4}, rates(r), 0.0);
  }

  @Test
  void maxEpochsBeforeAnyPatienceRunsOut() throws InterruptedException {
    // learnable validation labels; whatever the CCCs, 3 epochs hold at most 2 bad ones: no rate
    // change (needs plateauPatience + 1 = 3) and no early stop (needs 3)
    List<Trial> valid = Trials.synthetic(2, 4, 4);
    TrainerConfig cfg =
        config()
            .learningRate(3e-3)
            .plateauPatience(2)
            .earlyStoppingPatience(3)
            .maxEpochs(3)
            .minLearningRate(1e-5)
            .build();
    TrainingResult r = new Trainer(cfg).fit(TemporalConvNet.initialize(NET, 1), TRAIN, valid);
    assertEquals(TrainingResult.StopReason.MAX_EPOCHS, r.stopReason(), r.toString());
    assertEquals(3, r.epochsRun());
    assertArrayEquals(new double[] {3e-3, 3e-3, 3e-3}, rates(r), 0.0);
  }

  @Test
  void resumingInsideAPlateauGivesTheUninterruptedSchedule(@TempDir Path dir)
      throws InterruptedException {
    TrainerConfig.Builder b =
        config().plateauPatience(1).earlyStoppingPatience(4).maxEpochs(20).minLearningRate(1e-5);
    TemporalConvNet a = TemporalConvNet.initialize(NET, 1);
    TrainingResult ra = new Trainer(b.build()).fit(a, TRAIN, FLAT_VALIDATION);

    TrainerConfig cfg = b.checkpointDir(dir).build();
    // stop inside epoch 3: the checkpoint of epoch 2 holds one bad epoch of the plateau, and the
    // reduction after epoch 3 needs that count
    TrainingListener interrupter =
        new TrainingListener() {
          @Override
          public void onStep(int epoch, int step, int steps, double loss) {
            if (epoch == 3 && step == 1) {
              Thread.currentThread().interrupt();
            }
          }
        };
    InterruptedException e =
        assertThrows(
            InterruptedException.class,
            () ->
                new Trainer(cfg, interrupter)
                    .fit(TemporalConvNet.initialize(NET, 1), TRAIN, FLAT_VALIDATION));
    assertTrue(e.getMessage().contains("resume from the checkpoint of epoch 2"), e.getMessage());
    assertTrue(Thread.interrupted(), "the interrupt flag must be restored");

    // the same initial weights (another initialisation is another run, refused)
    TemporalConvNet c = TemporalConvNet.initialize(NET, 1);
    TrainingResult rc = new Trainer(cfg).fit(c, TRAIN, FLAT_VALIDATION);
    assertEquals(ra.stopReason(), rc.stopReason());
    assertEquals(ra.epochsRun(), rc.epochsRun());
    assertEquals(ra.bestEpoch(), rc.bestEpoch());
    assertArrayEquals(rates(ra), rates(rc), 0.0);
    assertArrayEquals(expectedRates(ra.epochsRun(), 1e-3, 1, 0.5, 1e-5), rates(rc), 0.0);
    for (int i = 0; i < ra.history().size(); i++) {
      EpochReport x = ra.history().get(i);
      EpochReport y = rc.history().get(i);
      assertEquals(x.improved(), y.improved(), "epoch " + (i + 1));
      assertEquals(x.trainLoss(), y.trainLoss(), 0.0, "epoch " + (i + 1));
      assertEquals(x.validationCcc(), y.validationCcc(), 0.0, "epoch " + (i + 1));
    }
    assertArrayEquals(a.flatParameters(), c.flatParameters());
  }
}
