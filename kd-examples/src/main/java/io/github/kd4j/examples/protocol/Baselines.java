package io.github.kd4j.examples.protocol;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.data.WindowPlan;
import io.github.kd4j.core.distill.PairedTrial;
import io.github.kd4j.core.eval.Evaluator;
import io.github.kd4j.core.model.Standardizer;
import io.github.kd4j.core.nn.LstmConfig;
import io.github.kd4j.core.nn.LstmNetwork;
import io.github.kd4j.core.protocol.FoldResult;
import io.github.kd4j.core.protocol.ModelKind;
import io.github.kd4j.core.train.CccLoss;
import io.github.kd4j.core.train.RunSeeds;
import io.github.kd4j.core.train.Trainer;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The LSTM baselines of SPEC 13 (Soleymani et al. 2016 as the reference implements it) on the same
 * fold, for both modalities: two bidirectional LSTM layers of 64 units on the per-step inputs
 * (standardised with the training trials' statistics), a linear output per step, the CCC loss and
 * the student's training settings (SPEC 13: "everything else as for the TCN"), evaluated on
 * stitched trials (SPEC 9). Seeds: the task seed's children 2 (visual) and 3 (EEG).
 */
final class Baselines {
  private Baselines() {}

  static List<FoldResult> run(
      FoldTask task,
      List<PairedTrial> train,
      List<PairedTrial> val,
      List<PairedTrial> test,
      TrainerConfig base,
      Function<String, TrainingListener> listeners)
      throws InterruptedException {
    ProtocolSettings s = task.settings();
    RunSeeds seeds = RunSeeds.of(task.seed());
    List<FoldResult> out = new ArrayList<>();
    out.add(
        one(
            task,
            ModelKind.LSTM_VISUAL,
            p -> visual(p, s.faceColumns()),
            train,
            val,
            test,
            base,
            seeds.child(2),
            "lstm-visual",
            listeners));
    out.add(
        one(
            task,
            ModelKind.LSTM_EEG,
            PairedTrial::eeg,
            train,
            val,
            test,
            base,
            seeds.child(3),
            "lstm-eeg",
            listeners));
    return out;
  }

  private static Trial visual(PairedTrial p, int cols) {
    float[][] v = ((io.github.kd4j.core.distill.StepFeatures) p.visual()).view();
    return Trial.of(p.id(), p.subject(), v, p.eeg().labelsView());
  }

  private static FoldResult one(
      FoldTask task,
      ModelKind kind,
      Function<PairedTrial, Trial> view,
      List<PairedTrial> train,
      List<PairedTrial> val,
      List<PairedTrial> test,
      TrainerConfig base,
      long seed,
      String dir,
      Function<String, TrainingListener> listeners)
      throws InterruptedException {
    long t0 = System.nanoTime();
    List<Trial> tr = train.stream().map(view).toList();
    Standardizer st = Standardizer.fit(tr);
    tr = tr.stream().map(st::apply).toList();
    List<Trial> va = val.stream().map(view).map(st::apply).toList();
    List<Trial> te = test.stream().map(view).map(st::apply).toList();
    LstmNetwork net =
        LstmNetwork.initialize(
            LstmConfig.builder().inputSize(tr.get(0).featureSize()).build(),
            RunSeeds.of(seed).weights());
    TrainerConfig cfg =
        base.toBuilder()
            .maxEpochs(task.settings().lstmEpochs())
            .earlyStoppingPatience(task.settings().lstmEpochs())
            .seed(seed)
            .checkpointDir(
                task.checkpointDir() == null ? null : Path.of(task.checkpointDir()).resolve(dir))
            .build();
    TrainingListener l = listeners == null ? null : listeners.apply(dir);
    Trainer trainer = l == null ? new Trainer(cfg) : new Trainer(cfg, l);
    TrainingResult r = trainer.fit(net, CccLoss.INSTANCE, tr, va);
    WindowPlan plan = cfg.windows();
    Evaluator.Evaluation ev = Evaluator.evaluate(net, te, plan);
    return FoldResult.of(
        task.baselineJob(kind),
        Evaluator.evaluate(net, va, plan).foldMetrics(),
        ev.foldMetrics(),
        ev.trialMetrics(),
        (System.nanoTime() - t0) / 1e9,
        Math.max(1, r.bestEpoch()));
  }
}
