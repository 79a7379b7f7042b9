package io.github.kd4j.core.train;

import io.github.kd4j.core.data.DataFingerprint;
import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.nn.Adam;
import io.github.kd4j.core.nn.SequenceNetwork;
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
 * Trains a {@link SequenceNetwork} with a {@link TrainingLoss} as SPEC 7 prescribes.
 *
 * <p>Each epoch: the training windows of all trials ({@link WindowPlan}) are shuffled with the
 * epoch's shuffle stream, grouped into batches, and each batch takes one Adam step on the loss;
 * then the validation trials are predicted window by window, stitched, and scored by CCC (SPEC 9).
 * If the score beats the best so far, the weights are kept as the best; otherwise the best weights
 * are reloaded. ReduceLROnPlateau (mode max, PyTorch semantics: relative threshold 1e-4, factor,
 * patience, minimum) adjusts the learning rate; training stops after {@code maxEpochs} or {@code
 * earlyStoppingPatience} epochs without improvement. The network ends with the best weights.
 *
 * <p>Randomness: every stream comes from {@link RunSeeds#of}{@code (config.seed())}: shuffles,
 * dropout, and, for knowledge at more than one row per step (64 Hz frame knowledge, SPEC 4.3) and
 * for frame samplers, frame picks and crops, each per epoch.
 *
 * <p>With a checkpoint directory, the complete state is written atomically after every epoch
 * (checksummed); a later {@code fit} with the same network, loss, configuration and data values
 * resumes after the last completed epoch and ends with exactly the result an uninterrupted run
 * gives. A checkpoint of another run is refused with a message saying what to do. An interrupt is
 * honoured between steps: {@code fit} restores the interrupt flag and throws {@link
 * InterruptedException}; the checkpoint of the last completed epoch stays.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

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
   * Trains {@code net} with the loss of {@link TrainerConfig#kdWeight()} ({@link
   * TrainingLoss#forKdWeight}).
   */
  public TrainingResult fit(SequenceNetwork net, List<Trial> train, List<Trial> validation)
      throws InterruptedException {
    return fit(net, TrainingLoss.forKdWeight(config.kdWeight()), train, validation);
  }

  /** Trains {@code net} with {@code loss} on per-step features ({@link WindowSampler#FEATURES}). */
  public TrainingResult fit(
      SequenceNetwork net, TrainingLoss loss, List<Trial> train, List<Trial> validation)
      throws InterruptedException {
    return fit(net, loss, train, validation, WindowSampler.FEATURES);
  }

  /**
   * Trains {@code net} with {@code loss} on {@code train}, selecting by CCC on {@code validation}
   * (predicted from the trials' features), with training inputs written by {@code sampler}.
   *
   * @throws IllegalArgumentException naming the trial for data that does not fit the network, or a
   *     loss that needs knowledge the trials lack
   * @throws IllegalStateException when the checkpoint directory holds another run's checkpoint
   * @throws InterruptedException if the thread is interrupted (the last checkpoint stays)
   * @throws UncheckedIOException if the checkpoint cannot be written or read
   */
  public TrainingResult fit(
      SequenceNetwork net,
      TrainingLoss loss,
      List<Trial> train,
      List<Trial> validation,
      WindowSampler sampler)
      throws InterruptedException {
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(sampler, "sampler");
    check(net, loss, train, "training", true);
    check(net, loss, validation, "validation", false);
    WindowPlan plan = config.windows();
    List<Item> items = new ArrayList<>();
    for (Trial t : train) {
      for (WindowPlan.Window w : plan.windows(t.length())) {
        items.add(new Item(t, w));
      }
    }
    int batches = (items.size() + config.batchSize() - 1) / config.batchSize();
    String fingerprint = fingerprint(net, loss, sampler, train, validation);
    RunSeeds seeds = RunSeeds.of(config.seed());

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
                  + " belongs to another run ("
                  + Checkpoint.difference(cp.fingerprint(), fingerprint)
                  + "); delete "
                  + dir.resolve(Checkpoint.FILE)
                  + " to start afresh, or choose another checkpoint directory");
        }
        if (cp.params().length != net.parameterCount()) {
          throw new IllegalStateException(
              dir.resolve(Checkpoint.FILE)
                  + " holds "
                  + cp.params().length
                  + " parameters, the network has "
                  + net.parameterCount());
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
        new Batcher(
            net.inputSize(), net.featureSize(), plan.length(), sampler, loss.usesFeatures());
    while (stop != TrainingResult.StopReason.EARLY_STOPPING && epoch < config.maxEpochs()) {
      epoch++;
      long t0 = System.nanoTime();
      List<Item> order = new ArrayList<>(items);
      shuffle(order, RunSeeds.perEpoch(seeds.shuffles(), epoch));
      SplittableRandom dropout = RunSeeds.perEpoch(seeds.dropout(), epoch);
      SplittableRandom picks = RunSeeds.perEpoch(seeds.framePicks(), epoch);
      SplittableRandom crops = RunSeeds.perEpoch(seeds.crops(), epoch);
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
        TrainingBatch batch = batcher.batch(chunk, picks, crops);
        LossValue lv = loss.computeGradients(net, batch, dropout);
        adam.step(net);
        lossSum += lv.total();
        cccSum += lv.ccc();
        for (TrainingListener l : listeners) {
          l.onStep(epoch, b + 1, batches, lv.total());
        }
      }
      double lr = adam.learningRate();
      double ccc = Evaluator.evaluate(net, validation, plan).ccc();
      if (Double.isNaN(ccc)) {
        throw new IllegalStateException(
            "validation CCC is NaN in epoch "
                + epoch
                + ": the training has diverged; lower the learning rate ("
                + lr
                + ")");
      }
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

  private void check(
      SequenceNetwork net, TrainingLoss loss, List<Trial> trials, String what, boolean training) {
    if (trials == null || trials.isEmpty()) {
      throw new IllegalArgumentException(what + " trials must not be empty");
    }
    Set<String> ids = new HashSet<>();
    int d = net.inputSize();
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
      if (training && loss.usesFeatures()) {
        if (!t.hasKnowledge()) {
          throw new IllegalArgumentException(
              "kdWeight is "
                  + loss.kdWeight()
                  + " but training trial "
                  + t.id()
                  + " has no knowledge");
        }
        if (t.knowledgeSize() != net.featureSize()) {
          throw new IllegalArgumentException(
              "training trial "
                  + t.id()
                  + " has knowledge of width "
                  + t.knowledgeSize()
                  + "; the student's features have width "
                  + net.featureSize());
        }
      }
    }
  }

  private String fingerprint(
      SequenceNetwork net,
      TrainingLoss loss,
      WindowSampler sampler,
      List<Trial> train,
      List<Trial> validation) {
    return "network="
        + net
        + "\nloss="
        + loss
        + "\nsampler="
        + sampler
        + "\ntrainer="
        + config.toBuilder().checkpointDir(null).build()
        + "\ninitial="
        + Integer.toHexString(java.util.Arrays.hashCode(net.parameterArray()))
        + "\ndata="
        + DataFingerprint.of(train, validation);
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

  /**
   * Packs windows into flat zero-padded batches. Knowledge at {@code r > 1} rows per step takes one
   * row per step, drawn per window from the epoch's frame-pick stream (SPEC 4.3).
   */
  private static final class Batcher {
    private final int d;
    private final int f;
    private final int steps;
    private final WindowSampler sampler;
    private final boolean teacher;

    Batcher(int d, int f, int steps, WindowSampler sampler, boolean teacher) {
      this.d = d;
      this.f = f;
      this.steps = steps;
      this.sampler = sampler;
      this.teacher = teacher;
    }

    TrainingBatch batch(List<Item> items, SplittableRandom picks, SplittableRandom crops) {
      int b = items.size();
      float[] x = new float[b * steps * d];
      float[] y = new float[b * steps];
      float[] k = teacher ? new float[b * steps * f] : null;
      int[] valid = new int[b];
      for (int i = 0; i < b; i++) {
        Item it = items.get(i);
        float[] labels = it.trial().labelsView();
        int s0 = it.window().start();
        valid[i] = it.window().valid();
        sampler.fill(it.trial(), it.window(), picks, crops, x, i * steps * d);
        for (int t = 0; t < valid[i]; t++) {
          y[i * steps + t] = labels[s0 + t];
        }
        if (teacher) {
          float[][] know = it.trial().knowledgeView();
          int r = it.trial().knowledgeRate();
          for (int t = 0; t < valid[i]; t++) {
            int row = r == 1 ? s0 + t : (s0 + t) * r + picks.nextInt(r);
            System.arraycopy(know[row], 0, k, (i * steps + t) * f, f);
          }
        }
      }
      return new TrainingBatch(b, steps, d, x, y, valid, k);
    }
  }
}
