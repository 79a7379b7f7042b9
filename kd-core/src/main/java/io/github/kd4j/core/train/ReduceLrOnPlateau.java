package io.github.kd4j.core.train;

/**
 * PyTorch's {@code ReduceLROnPlateau} in mode {@code max} with a relative threshold of 1e-4 and no
 * cooldown: a metric better than {@code best * (1 + 1e-4)} resets the count of bad epochs; when the
 * count exceeds {@code patience}, the learning rate becomes {@code max(lr * factor, min)} and the
 * count restarts.
 */
final class ReduceLrOnPlateau {
  static final double THRESHOLD = 1e-4;

  private final int patience;
  private final double factor;
  private final double min;
  double best;
  int bad;

  ReduceLrOnPlateau(int patience, double factor, double min, double best, int bad) {
    this.patience = patience;
    this.factor = factor;
    this.min = min;
    this.best = best;
    this.bad = bad;
  }

  /** Records one epoch's metric and returns the learning rate to use next. */
  double step(double metric, double lr) {
    if (best == Double.NEGATIVE_INFINITY || metric > best * (1 + THRESHOLD)) {
      best = metric;
      bad = 0;
    } else {
      bad++;
    }
    if (bad > patience) {
      bad = 0;
      double next = Math.max(lr * factor, min);
      if (lr - next > 1e-8 * lr) {
        return next;
      }
    }
    return lr;
  }
}
