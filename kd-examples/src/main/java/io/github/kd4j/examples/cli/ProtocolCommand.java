package io.github.kd4j.examples.cli;

import io.github.kd4j.core.distill.DistillationListener;
import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.core.protocol.ProtocolReport;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.core.protocol.ProtocolSummary;
import io.github.kd4j.core.train.EpochReport;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.examples.protocol.FoldTask;
import io.github.kd4j.examples.protocol.ProtocolRunner;
import io.github.kd4j.examples.protocol.ProtocolSettings;
import io.github.kd4j.examples.report.ProtocolCharts;
import io.github.kd4j.examples.report.ProtocolReportWriter;
import io.github.kd4j.metrics.MetricSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kd4j protocol}: the paper's experiments (SPEC 8, 9, 11) on a folder of MAHNOB-HCI feature
 * files: TRS or LOSO folds; per fold the teacher, the student at w = 0 and every grid weight, and
 * optionally the LSTM baselines; fold and trial metrics, mean and std, one-tailed paired t-tests
 * against w = 0, the best w on validation; {@code results.md}, {@code results.json}, CSVs and PNGs.
 */
@Command(
    name = "protocol",
    mixinStandardHelpOptions = true,
    description = {
      "The paper's experiments: TRS or LOSO folds, the KD weight grid, t-tests, tables and plots.",
      "Runs the paper's protocol (TRS or LOSO) on MAHNOB-HCI feature files and writes results.md,",
      "results.json, per-fold and per-trial CSVs and plots into --out/report. Finished folds are",
      "never rerun; --resume continues an interrupted run in the same --out folder."
    })
public final class ProtocolCommand implements Callable<Integer> {
  @Mixin MahnobOptions mahnob;

  @Option(names = "--scheme", required = true, description = "loso or trs.")
  String scheme;

  @Option(
      names = "--weights",
      description = "KD weight grid as start:end:step or a comma list (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.2:2.0:0.2")
  String weights;

  @Option(
      names = "--workers",
      description = "Folds trained at once, one core each (default: the number of cores).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--seed",
      description = "The run seed: folds, splits and every model (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  @Option(
      names = "--out",
      description = "Output folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/kd4j-protocol")
  Path out;

  @Option(names = "--resume", description = "Continue the run already in --out.")
  boolean resume;

  @Option(names = "--force", description = "Discard another run found in --out.")
  boolean force;

  @Option(
      names = "--folds",
      description = "TRS folds (default: ${DEFAULT-VALUE}; LOSO: one per subject).",
      defaultValue = "10")
  int folds;

  @Option(
      names = "--teacher-epochs",
      description = "Maximum teacher epochs (SPEC 7: 30; default: ${DEFAULT-VALUE}).",
      defaultValue = "30")
  int teacherEpochs;

  @Option(
      names = "--student-epochs",
      description = "Maximum student epochs (SPEC 7: 15; default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int studentEpochs;

  @Option(
      names = "--lstm-epochs",
      description = "Maximum LSTM baseline epochs (default: ${DEFAULT-VALUE}).",
      defaultValue = "15")
  int lstmEpochs;

  @Option(
      names = "--learning-rate",
      description = "Adam learning rate (SPEC 7: 1e-5; default: ${DEFAULT-VALUE}).",
      defaultValue = "1e-5")
  double learningRate;

  @Option(
      names = "--channels",
      split = ",",
      description = "TCN channels (default: ${DEFAULT-VALUE}).",
      defaultValue = "128,128")
  int[] channels;

  @Option(
      names = "--face-columns",
      description =
          "Teacher input: the first N face feature columns (reference: 38; default: ${DEFAULT-VALUE}).",
      defaultValue = "38")
  int faceColumns;

  @Option(
      names = "--eeg-standardization",
      description =
          "training (fold's training trials, SPEC 7) or per-subject (all of a subject's steps, as the"
              + " feature source does; uses the test subject's unlabelled EEG) (default: ${DEFAULT-VALUE}).",
      defaultValue = "training")
  String eegStandardization;

  @Option(names = "--baselines", description = "Also train the LSTM baselines (SPEC 13).")
  boolean baselines;

  @Override
  public Integer call() throws Exception {
    // every argument is checked before any work starts
    FoldScheme fs = FoldScheme.parse(scheme);
    ProtocolSettings settings =
        new ProtocolSettings(
            fs,
            folds,
            parseWeights(weights),
            teacherEpochs,
            studentEpochs,
            learningRate,
            channels,
            faceColumns,
            parseStandardization(eegStandardization),
            baselines,
            lstmEpochs);
    if (resume && force) {
      throw new IllegalArgumentException("--resume and --force exclude each other, got both");
    }
    Path work = out.resolve("work");
    if (!resume && !force && Files.exists(work.resolve("RUN"))) {
      throw new IllegalArgumentException(
          out
              + " holds a run already: add --resume to continue it, --force to discard it, or choose"
              + " another --out");
    }
    Path dir = mahnob.dir();
    Set<String> subj = new LinkedHashSet<>(mahnob.subjects);
    ProtocolRunner runner =
        new ProtocolRunner(dir, work, settings, new long[] {seed}, workers, subj);
    System.out.println("kd4j protocol: " + settings);
    ProtocolRunner.Data d = runner.load();
    System.out.printf(
        Locale.ROOT,
        "%d trials of %d subjects from %s%n",
        d.refs().size(),
        d.refs().stream().map(r -> r.subject()).distinct().count(),
        dir);
    long t0 = System.nanoTime();
    ProtocolRunner.Output o;
    try (TaskProgress p = new TaskProgress()) {
      o = runner.run(d, force, p);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ProtocolResults results = o.results();
    ProtocolSummary summary = ProtocolSummary.of(results);
    List<String> notes = new ArrayList<>(ProtocolReport.MAHNOB_FEATURE_NOTES);
    notes.add(
        String.format(
            Locale.ROOT,
            "Settings: %s, seed %d, %d workers; wall time of the invocation that finished the run"
                + " %.0f s (with --resume, earlier invocations are not included); the stages' own"
                + " times add up to %.0f s (one core each). EEG standardisation: %s.",
            settings,
            seed,
            workers,
            seconds,
            stageSeconds(results),
            settings.eegStandardization() == ProtocolSettings.EegStandardization.PER_SUBJECT
                ? "per subject over all of its steps (uses the test subject's unlabelled EEG)"
                : "mean and std of each fold's training trials"));
    List<ProtocolCharts.Trace> traces = new ArrayList<>();
    for (FoldTask.Trace t : o.traces()) {
      if (traces.size() < 6) {
        traces.add(
            new ProtocolCharts.Trace(t.trialId() + " " + t.model(), t.predicted(), t.truth()));
      }
    }
    Path report = out.resolve("report");
    ProtocolReportWriter.write(
        report,
        runner.fingerprint(d),
        true,
        results,
        summary,
        notes,
        "Predicted and true valence, first test trial of the first folds",
        traces);
    printSummary(summary, fs, seconds, stageSeconds(results), report);
    return 0;
  }

  /** The sum of every result's own wall time: the work of the run, whichever invocation did it. */
  static double stageSeconds(ProtocolResults results) {
    double sum = 0;
    for (var r : results.results()) {
      sum += r.wallSeconds();
    }
    return sum;
  }

  private static void printSummary(
      ProtocolSummary s, FoldScheme fs, double seconds, double stageSeconds, Path report) {
    System.out.printf(Locale.ROOT, "%nTest CCC over folds (mean +- std, %s):%n", s.stdConvention());
    for (var m : s.models(fs)) {
      for (var c : s.cells()) {
        if (c.scheme() == fs
            && c.model() == m
            && c.part() == io.github.kd4j.core.protocol.Fold.Part.TEST
            && c.metric() == io.github.kd4j.core.protocol.ProtocolMetric.CCC) {
          MetricSummary ms = c.summary();
          System.out.printf(
              Locale.ROOT,
              "  %-14s w=%.1f  %.3f +- %.3f%n",
              m.label(),
              c.kdWeight(),
              ms.mean(),
              ms.std());
        }
      }
    }
    s.bestWeight(fs)
        .ifPresent(
            w -> {
              System.out.printf(Locale.ROOT, "Best w on validation CCC: %.1f%n", w);
              s.kdTest(
                      fs,
                      w,
                      io.github.kd4j.core.protocol.Fold.Part.TEST,
                      io.github.kd4j.core.protocol.ProtocolMetric.CCC)
                  .ifPresent(
                      t ->
                          System.out.printf(
                              Locale.ROOT,
                              "KD at w=%.1f vs w=0, test CCC: one-tailed paired t-test p = %.4f (%d folds)%n",
                              w,
                              t.ttest().p(),
                              t.pairs()));
            });
    System.out.printf(
        Locale.ROOT,
        "Wall time of this invocation %.0f s; the stages' own times add up to %.0f s. Report: %s%n",
        seconds,
        stageSeconds,
        report.resolve("results.md"));
  }

  static double[] parseWeights(String s) {
    try {
      if (s.contains(":")) {
        String[] p = s.split(":");
        if (p.length != 3) {
          throw new IllegalArgumentException(
              "--weights must be start:end:step or a comma list, got " + s);
        }
        double a = Double.parseDouble(p[0]);
        double b = Double.parseDouble(p[1]);
        double st = Double.parseDouble(p[2]);
        if (!(st > 0) || b < a) {
          throw new IllegalArgumentException(
              "--weights start:end:step needs step > 0 and end >= start, got " + s);
        }
        List<Double> out = new ArrayList<>();
        long n = Math.round((b - a) / st);
        for (long i = 0; i <= n; i++) {
          double w = Math.round((a + i * st) * 1e9) / 1e9;
          if (w > 0) {
            out.add(w);
          }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
      }
      String[] p = s.split(",");
      double[] w = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        w[i] = Double.parseDouble(p[i].trim());
      }
      return w;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--weights must hold numbers, got " + s);
    }
  }

  static ProtocolSettings.EegStandardization parseStandardization(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "training" -> ProtocolSettings.EegStandardization.TRAINING;
      case "per-subject", "per_subject" -> ProtocolSettings.EegStandardization.PER_SUBJECT;
      default ->
          throw new IllegalArgumentException(
              "--eeg-standardization must be training or per-subject, got " + s);
    };
  }

  /** A progress bar over the tasks and a line per stage and epoch. */
  private static final class TaskProgress implements ProtocolRunner.Listener, AutoCloseable {
    private ProgressBar bar;

    @Override
    public synchronized void onTaskStart(FoldTask task, int index, int tasks) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("folds")
                .setInitialMax(tasks)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .continuousUpdate()
                .build();
      }
      bar.setExtraMessage(task.id());
    }

    @Override
    public synchronized void onTaskEnd(FoldTask task, ProtocolResults results, boolean reused) {
      if (bar == null) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("folds")
                .setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII)
                .build();
      }
      bar.step();
      System.out.println((reused ? "  reused " : "  finished ") + task.id());
    }

    @Override
    public DistillationListener distillation(FoldTask task) {
      return new DistillationListener() {
        @Override
        public void onStage(Stage stage, double kdWeight, int stageIndex, int stages) {
          synchronized (TaskProgress.this) {
            if (bar != null) {
              bar.setExtraMessage(
                  String.format(
                      Locale.ROOT,
                      "%s %s%s (%d/%d)",
                      task.id(),
                      stage.name().toLowerCase(Locale.ROOT),
                      stage == Stage.STUDENT ? String.format(Locale.ROOT, " w=%.1f", kdWeight) : "",
                      stageIndex + 1,
                      stages));
            }
          }
        }

        @Override
        public void onEpoch(
            DistillationListener.Progress p, io.github.kd4j.core.train.EpochReport report) {
          synchronized (TaskProgress.this) {
            if (bar != null) {
              bar.setExtraMessage(
                  String.format(
                      Locale.ROOT,
                      "%s %s epoch %d/%d, ETA %s",
                      task.id(),
                      p.stage().name().toLowerCase(Locale.ROOT),
                      p.epoch(),
                      p.maxEpochs(),
                      Double.isNaN(p.etaSeconds())
                          ? "?"
                          : String.format(Locale.ROOT, "%.0f s", p.etaSeconds())));
            }
          }
        }
      };
    }

    @Override
    public TrainingListener baseline(FoldTask task, String name) {
      return new TrainingListener() {
        private int max;

        @Override
        public void onStart(int firstEpoch, int maxEpochs, int stepsPerEpoch) {
          max = maxEpochs;
          show(firstEpoch, max);
        }

        @Override
        public void onEpoch(EpochReport report) {
          show(Math.min(report.epoch() + 1, max), max);
        }

        private void show(int epoch, int maxEpochs) {
          synchronized (TaskProgress.this) {
            if (bar != null) {
              bar.setExtraMessage(
                  String.format(
                      Locale.ROOT, "%s %s epoch %d/%d", task.id(), name, epoch, maxEpochs));
            }
          }
        }
      };
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
