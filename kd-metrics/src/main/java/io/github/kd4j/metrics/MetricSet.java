package io.github.kd4j.metrics;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * RMSE, PCC and CCC of one (prediction, label) pair, as reported per trial and per fold (SPEC
 * section 9).
 *
 * <p>Serializable (a record: its components are its serial form), so that fold results can travel
 * between machines.
 *
 * @param rmse root mean square error ({@link RmseMetric})
 * @param pcc Pearson's r ({@link PearsonMetric})
 * @param ccc Lin's concordance correlation coefficient ({@link CccMetric})
 * @param cccConvention the variance convention {@code ccc} was computed with
 */
public record MetricSet(double rmse, double pcc, double ccc, VarianceConvention cccConvention)
    implements Serializable {

  /** Checks that the values are finite and the convention is given. */
  public MetricSet {
    Objects.requireNonNull(cccConvention, "cccConvention must not be null");
    if (!Double.isFinite(rmse) || !Double.isFinite(pcc) || !Double.isFinite(ccc)) {
      throw new IllegalArgumentException(
          "rmse, pcc and ccc must be finite, got " + rmse + ", " + pcc + ", " + ccc);
    }
  }

  /**
   * All three metrics with CCC under {@link VarianceConvention#POPULATION}.
   *
   * @param pred the predictions, one per label step
   * @param label the labels, same length
   * @return RMSE, PCC and CCC
   * @throws IllegalArgumentException on degenerate input
   */
  public static MetricSet compute(double[] pred, double[] label) {
    return compute(pred, label, VarianceConvention.POPULATION);
  }

  /**
   * All three metrics on single-precision sequences (what kd4j's models return), widened to double
   * exactly; CCC under {@link VarianceConvention#POPULATION}.
   *
   * @param pred the predictions, one per label step
   * @param label the labels, same length
   * @return RMSE, PCC and CCC
   * @throws IllegalArgumentException on degenerate input
   */
  public static MetricSet compute(float[] pred, float[] label) {
    return compute(Inputs.widen("pred", pred), Inputs.widen("label", label));
  }

  /**
   * All three metrics from one validation and one pass over the moments. The degenerate cases are
   * those of the three metrics together; in particular a constant input is an error because of PCC.
   *
   * @param pred the predictions, one per label step
   * @param label the labels, same length
   * @param convention the variance convention of the CCC
   * @return RMSE, PCC and CCC
   * @throws IllegalArgumentException on degenerate input
   */
  public static MetricSet compute(double[] pred, double[] label, VarianceConvention convention) {
    Objects.requireNonNull(convention, "convention must not be null");
    Moments m = Moments.of(pred, label);
    double pcc = PearsonMetric.pearson(m, pred, label);
    double ccc = CccMetric.ccc(m, pred, label, convention);
    double rmse = Inputs.checkResult("RMSE", m.rmse());
    return new MetricSet(rmse, pcc, ccc, convention);
  }

  /** For example {@code "RMSE 0.1234, PCC 0.5678, CCC 0.4321 (population)"}. */
  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "RMSE %.4f, PCC %.4f, CCC %.4f (%s)",
        rmse,
        pcc,
        ccc,
        cccConvention.name().toLowerCase(Locale.ROOT));
  }
}
