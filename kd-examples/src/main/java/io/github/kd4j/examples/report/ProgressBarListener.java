package io.github.kd4j.examples.report;

import io.github.kd4j.core.train.EpochReport;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows training progress as a console progress bar (one bar per epoch) plus a line per epoch. */
public final class ProgressBarListener implements TrainingListener {
  private final String task;
  private final PrintStream out;
  private ProgressBar bar;
  private int stepsPerEpoch;
  private int maxEpochs;

  /** Progress of {@code task} (e.g. "teacher"), epoch lines to {@code out}. */
  public ProgressBarListener(String task, PrintStream out) {
    this.task = task;
    this.out = out;
  }

  @Override
  public void onStart(int firstEpoch, int maxEpochs, int stepsPerEpoch) {
    this.stepsPerEpoch = stepsPerEpoch;
    this.maxEpochs = maxEpochs;
  }

  @Override
  public void onStep(int epoch, int step, int steps, double loss) {
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(String.format(Locale.ROOT, "%s %d/%d", task, epoch, maxEpochs))
              .setInitialMax(stepsPerEpoch)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .continuousUpdate()
              .build();
    }
    bar.stepTo(step);
    bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
  }

  @Override
  public void onEpoch(EpochReport report) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
    out.println("  " + task + " " + report);
  }

  @Override
  public void onEnd(TrainingResult result) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
