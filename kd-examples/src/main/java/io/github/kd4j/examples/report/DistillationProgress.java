package io.github.kd4j.examples.report;

import io.github.kd4j.core.distill.DistillationListener;
import io.github.kd4j.core.train.EpochReport;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a distillation run's progress on the console: a line per stage ({@code [3/13] student w =
 * 0.2}), a progress bar over each epoch's steps, and a line per epoch with the elapsed time and an
 * estimate of the rest.
 */
public final class DistillationProgress implements DistillationListener {
  private final PrintStream out;
  private ProgressBar bar;
  private String task = "";

  /** Progress lines to {@code out}. */
  public DistillationProgress(PrintStream out) {
    this.out = out;
  }

  private static String name(Stage stage, double w) {
    return switch (stage) {
      case TEACHER -> "teacher";
      case KNOWLEDGE -> "knowledge";
      case STUDENT -> w == 0 ? "student" : String.format(Locale.ROOT, "student w=%.1f", w);
    };
  }

  @Override
  public void onStage(Stage stage, double kdWeight, int stageIndex, int stages) {
    close();
    task = name(stage, kdWeight);
    out.printf(Locale.ROOT, "[%d/%d] %s%n", stageIndex + 1, stages, task);
  }

  @Override
  public void onStep(Stage stage, double kdWeight, int step, int steps) {
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(steps)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .continuousUpdate()
              .build();
    }
    bar.stepTo(step);
  }

  @Override
  public void onEpoch(Progress p, EpochReport report) {
    close();
    out.printf(
        Locale.ROOT,
        "  %s epoch %d/%d: validation CCC %.4f%s, lr %.1e; %.0f s elapsed, about %s left%n",
        task,
        p.epoch(),
        p.maxEpochs(),
        report.validationCcc(),
        report.improved() ? " (best)" : "",
        report.learningRate(),
        p.elapsedSeconds(),
        Double.isNaN(p.etaSeconds()) ? "?" : String.format(Locale.ROOT, "%.0f s", p.etaSeconds()));
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
