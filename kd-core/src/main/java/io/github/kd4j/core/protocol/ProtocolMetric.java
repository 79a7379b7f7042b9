package io.github.kd4j.core.protocol;

import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.stats.Alternative;

/**
 * The three reported metrics (SPEC 6, 9), with the direction of the KD significance test: KD should
 * raise PCC and CCC ({@link Alternative#GREATER}) and lower RMSE ({@link Alternative#LESS}), tested
 * as {@code ttest_rel(withKd, withoutKd, alternative)}.
 */
public enum ProtocolMetric {
  /** Root mean square error; lower is better. */
  RMSE(Alternative.LESS),
  /** Pearson's r; higher is better. */
  PCC(Alternative.GREATER),
  /** Lin's concordance correlation coefficient; higher is better. */
  CCC(Alternative.GREATER);

  private final Alternative kdAlternative;

  ProtocolMetric(Alternative kdAlternative) {
    this.kdAlternative = kdAlternative;
  }

  /** The alternative of the paired t-test of KD against no KD. */
  public Alternative kdAlternative() {
    return kdAlternative;
  }

  /** This metric's value in a metric set. */
  public double of(MetricSet m) {
    return switch (this) {
      case RMSE -> m.rmse();
      case PCC -> m.pcc();
      case CCC -> m.ccc();
    };
  }
}
