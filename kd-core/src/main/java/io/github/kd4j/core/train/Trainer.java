package io.github.kd4j.core.train;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.nn.Adam;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.nn.TrainingBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link TemporalConvNet} as SPEC 7 prescribes.
 *
 * <p>Each epoch: the training windows of all trials ({@link WindowPlan}) are shuffled with a seed
 * derived from {@code (seed, epoch)}, grouped into batches, and each batch takes one Adam step on
 * {@code (1 - CCC) + w * L1(knowledge, features)}; then the validation trials are predicted window
 * by window, stitched, and scored by CCC (SPEC 9). If the score beats the best so far, the weights
 * are kept as the best; otherwise the best weights are reloaded. ReduceLROnPlateau (mode max,
 * PyTorch semantics: relative threshold 1e-4, factor, patience, minimum) adjusts the learning rate;
 * training stops after {@code maxEpochs} or {@code earlyStoppingPatience} epochs without
 * improvement. The network ends with the best weights.
 *
 * <p>With a checkpoint directory, the complete state is written atomically after every epoch; a
 * later {@code fit} with the same configuration and data resumes after the last completed epoch and
 * ends with exactly the result an uninterrupted run gives (all random streams derive from the seed
 * and the epoch number). An interrupt is honoured between steps: {@code fit} restores the interrupt
 * flag and throws {@link InterruptedException}; the checkpoint of the last completed epoch stays.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final long SHUFFLE_STREAM = 0x5348554646L;
  private static final long DROPOUT_STREAM = 0x44524f50L;

  private final TrainerConfig config;
  private final List<TrainingListener> listeners;

  /** A trainer with the given configuration and progress listeners. */
  public Trainer(TrainerConfig config, TrainingListener... listeners) {
    this.config = Objects.requireNonNull(config, "config");
    this.listeners = List.of(listeners);
  }

  /** The configuration. */
  public TrainerConfig config() {
    return config;
  }

  private record Item(Trial trial, WindowPlan.Window window) {}

  /**
   * Trains {@code net} on {@code train}, selecting by CCC on {@code validation}.
   *
   * @throws IllegalArgumentException naming the trial for data that does not fit the network, or a
   *     KD weight without knowledge
   * @throws InterruptedException if the thread is interrupted (the last checkpoint stays)
   * @throws UncheckedIOException if the checkpoint cannot be written or read
   */
  public TrainingResult fit(TemporalConvNet net, List<Trial> train, List<Trial> validation)
      throws InterruptedException {
    Objects.requireNonNull(net, "net");
    check(net, train, "training", true);
    check(net, validation, "validation", false);
    WindowPlan plan = config.windows();
    List<Item> items = new ArrayList<>();
    for (Trial t : train) {
      for (WindowPlan.Window w : plan.windows(t.length())) {
        items.add(new Item(t, w));
      }
    }
    int batches = (items.size() + config.batchSize() - 1) / config.batchSize();
    String fingerprint = fingerprint(net, train, validation);

    Adam adam =
        Adam.builder()
            .learningRate(config.learningRate())
            .weightDecay(config.weightDecay())
            .build();
    int epoch = 0;
    float[] bestParams = net.flatParameters();
    double best = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    int without = 0;
    double plateauBest = Double.NEGATIVE_INFINITY;
    int plateauBad = 0;
    List<EpochReport> history = new ArrayList<>();
    Path dir = config.checkpointDir();
    if (dir != null) {
      Checkpoint cp = readCheckpoint(dir);
      if (cp != null) {
        if (!cp.fingerprint().equals(fingerprint)) {
          throw new IllegalStateException(
              "checkpoint in "
                  + dir
                  + " belongs to another run (configuration or data differ); "
                  + "delete "
                  + dir.resolve(Checkpoint.FILE)
                  + " or choose another checkpointDir");
        }
        epoch = cp.epoch();
        net.setFlatParameters(cp.params());
        bestParams = cp.bestParams();
        adam.restore(cp.adam());
        best = cp.best();
        bestEpoch = cp.bestEpoch();
        without = cp.epochsWithoutImprovement();
        plateauBest = cp.plateauBest();
        plateauBad = cp.plateauBad();
        history.addAll(cp.history());
        LOG.info("Resuming from the checkpoint of epoch {} in {}", epoch, dir);
      }
    }
    TrainingResult.StopReason stop = TrainingResult.StopReason.MAX_EPOCHS;
    if (epoch > 0 && without >= config.earlyStoppingPatience()) {
      stop = TrainingResult.StopReason.EARLY_STOPPING;
    } else {
      for (TrainingListener l : listeners) {
        l.onStart(epoch + 1, config.maxEpochs(), batches);
      }
    }
    ReduceLrOnPlateau plateau =
        new ReduceLrOnPlateau(
            config.plateauPatience(),
            config.plateauFactor(),
            config.minLearningRate(),
            plateauBest,
            plateauBad);
    Batcher batcher =
        new Batcher(net.config().inputSize(), net.config().outputSize(), plan.length());
    while (stop != TrainingResult.StopReason.EARLY_STOPPING && epoch < config.maxEpochs()) {
      epoch++;
      long t0 = System.nanoTime();
      List<Item> order = new ArrayList<>(items);
      shuffle(order, new SplittableRandom(mix(config.seed() ^ SHUFFLE_STREAM, epoch)));
      SplittableRandom dropout = new SplittableRandom(mix(config.seed() ^ DROPOUT_STREAM, epoch));
      double lossSum = 0;
      double cccSum = 0;
      for (int b = 0; b < batches; b++) {
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new InterruptedException(
              "training interrupted in epoch "
                  + epoch
                  + " at step "
                  + b
                  + "; "
                  + (dir == null
                      ? "no checkpoint"
                      : "resume from the checkpoint of epoch " + (epoch - 1)));
        }
        List<Item> chunk =
            order.subList(
                b * config.batchSize(), Math.min(order.size(), (b + 1) * config.batchSize()));
        TrainingBatch batch = batcher.batch(chunk, config.kdWeight() > 0);
        TemporalConvNet.Loss loss = net.trainStep(batch, config.kdWeight(), adam, dropout);
        lossSum += loss.total();
        cccSum += loss.ccc();
        for (TrainingListener l : listeners) {
          l.onStep(epoch, b + 1, batches, loss.total());
        }
      }
      double lr = adam.learningRate();
      double ccc = Evaluator.evaluate(net, validation, plan).ccc();
      boolean improved = ccc > best;
      if (improved) {
        best = ccc;
        bestEpoch = epoch;
        bestParams = net.flatParameters();
        without = 0;
      } else {
        net.setFlatParameters(bestParams);
        without++;
      }
      double nextLr = plateau.step(ccc, lr);
      if (nextLr != lr) {
        adam.learningRate(nextLr);
        LOG.info(
            "Epoch {}: validation CCC has not improved for {} epochs; learning rate {} -> {}",
            epoch,
            config.plateauPatience() + 1,
            lr,
            nextLr);
      }
      EpochReport report =
          new EpochReport(
              epoch,
              lossSum / batches,
              1 - cccSum / batches,
              ccc,
              lr,
              improved,
              bestEpoch,
              best,
              (System.nanoTime() - t0) / 1e9);
      history.add(report);
      LOG.info("{}", report);
      for (TrainingListener l : listeners) {
        l.onEpoch(report);
      }
      if (dir != null) {
        writeCheckpoint(
            dir,
            new Checkpoint(
                fingerprint,
                epoch,
                net.flatParameters(),
                bestParams,
                adam.state(),
                best,
                bestEpoch,
                without,
                plateau.best,
                plateau.bad,
                history));
      }
      if (without >= config.earlyStoppingPatience()) {
        stop = TrainingResult.StopReason.EARLY_STOPPING;
      }
    }
    net.setFlatParameters(bestParams);
    TrainingResult result = new TrainingResult(bestEpoch, best, epoch, stop, history);
    LOG.info("{}", result);
    for (TrainingListener l : listeners) {
      l.onEnd(result);
    }
    return result;
  }

  private void check(TemporalConvNet net, List<Trial> trials, String what, boolean training) {
    if (trials == null || trials.isEmpty()) {
      throw new IllegalArgumentException(what + " trials must not be empty");
    }
    Set<String> ids = new HashSet<>();
    int d = net.config().inputSize();
    for (Trial t : trials) {
      if (!ids.add(t.id())) {
        throw new IllegalArgumentException(what + " trial " + t.id() + " appears twice");
      }
      if (t.featureSize() != d) {
        throw new IllegalArgumentException(
            what
                + " trial "
                + t.id()
                + " must have "
                + d
                + " features per step (the network's input), got "
                + t.featureSize());
      }
      if (t.length() < 2) {
        throw new IllegalArgumentException(
            what + " trial " + t.id() + " must have at least 2 steps for CCC, got " + t.length());
      }
      if (training && config.kdWeight() > 0) {
        if (!t.hasKnowledge()) {
          throw new IllegalArgumentException(
              "kdWeight is "
                  + config.kdWeight()
                  + " but training trial "
                  + t.id()
                  + " has no knowledge");
        }
        int f = t.knowledgeView()[0].length;
        if (f != net.config().outputSize()) {
          throw new IllegalArgumentException(
              "training trial "
                  + t.id()
                  + " has knowledge of width "
                  + f
                  + "; the student's features have width "
                  + net.config().outputSize());
        }
      }
    }
  }

  private String fingerprint(TemporalConvNet net, List<Trial> train, List<Trial> validation) {
    StringBuilder sb = new StringBuilder();
    sb.append(net.config()).append('|').append(config.toBuilder().checkpointDir(null).build());
    long h = 1125899906842597L;
    for (List<Trial> list : List.of(train, validation)) {
      for (Trial t : list) {
        h = 31 * h + t.id().hashCode();
        h = 31 * h + t.length();
      }
      h = 31 * h + 7;
    }
    return sb.append("|data=").append(Long.toHexString(h)).toString();
  }

  private static Checkpoint readCheckpoint(Path dir) {
    try {
      return Checkpoint.read(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeCheckpoint(Path dir, Checkpoint cp) {
    try {
      cp.write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the checkpoint to " + dir, e);
    }
  }

  private static void shuffle(List<Item> list, SplittableRandom rng) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Item tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }

  /** SplitMix64 finaliser of {@code seed + epoch}: independent streams per epoch. */
  static long mix(long seed, long epoch) {
    long z = seed + epoch * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Packs windows into flat zero-padded batches, reusing arrays per batch size. */
  private static final class Batcher {
    private final int d;
    private final int f;
    private final int steps;

    Batcher(int d, int f, int steps) {
      this.d = d;
      this.f = f;
      this.steps = steps;
    }

    TrainingBatch batch(List<Item> items, boolean teacher) {
      int b = items.size();
      float[] x = new float[b * steps * d];
      float[] y = new float[b * steps];
      float[] k = teacher ? new float[b * steps * f] : null;
      int[] valid = new int[b];
      for (int i = 0; i < b; i++) {
        Item it = items.get(i);
        float[][] feats = it.trial().featuresView();
        float[] labels = it.trial().labelsView();
        float[][] know = it.trial().knowledgeView();
        int s0 = it.window().start();
        valid[i] = it.window().valid();
        for (int t = 0; t < valid[i]; t++) {
          System.arraycopy(feats[s0 + t], 0, x, (i * steps + t) * d, d);
          y[i * steps + t] = labels[s0 + t];
          if (teacher) {
            System.arraycopy(know[s0 + t], 0, k, (i * steps + t) * f, f);
          }
        }
      }
      return new TrainingBatch(b, steps, d, x, y, valid, k);
    }
  }
}
