package io.github.kd4j.metrics;

import java.util.Objects;

/**
 * Lin's concordance correlation coefficient (Lin 1989; SPEC section 6):
 *
 * <pre>
 *   rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mu_x - mu_y)^2)
 *   s_xy  = (1/N) sum (x_i - mu_x)(y_i - mu_y)
 *   s_x^2 = (1/N) sum (x_i - mu_x)^2      (POPULATION, the default)
 *   s_x^2 = (1/(N-1)) sum (x_i - mu_x)^2  (AVEC, see {@link VarianceConvention})
 * </pre>
 *
 * (The paper's eq. 3 omits the square on the mean difference; that is a typo.) Properties under
 * POPULATION: rho_c in [-1, 1], symmetric in x and y, |rho_c| &le; |r|, rho_c(x, x) = 1 (AVEC:
 * (N-1)/N), and rho_c = r when means and variances agree.
 *
 * <p>Computation: two passes (means, then centred sums); {@code mu_x - mu_y} is computed as the
 * mean of {@code x_i - y_i}, which keeps its accuracy when both means are large (say 1e6) and
 * close. The result is clamped to [-1, 1] against rounding.
 *
 * <p>Degenerate cases (decided in {@code docs/design.md}):
 *
 * <ul>
 *   <li>both inputs constant: an {@link IllegalArgumentException} naming both values. With equal
 *       constants rho_c is 0/0; with different constants it would be 0, but SPEC section 6 lists
 *       "zero variance of both" as degenerate, and a score that jumps from 0 to undefined as two
 *       constants meet carries no information about agreement.
 *   <li>exactly one input constant: defined, rho_c = 0 (s_xy = 0 and the other input's variance
 *       keeps the denominator positive). A constant prediction of a varying label is a legitimate,
 *       bad model and scores 0, not an error.
 * </ul>
 *
 * <p>Immutable and thread-safe. Example:
 *
 * <pre>{@code
 * CccMetric ccc = CccMetric.builder().varianceConvention(VarianceConvention.AVEC).build();
 * double rho = ccc.compute(pred, label);
 * }</pre>
 */
public final class CccMetric implements RegressionMetric {

  private final VarianceConvention varianceConvention;

  private CccMetric(Builder b) {
    this.varianceConvention = b.varianceConvention;
  }

  /**
   * A builder with the default {@link VarianceConvention#POPULATION}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this metric's settings, for variants.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder().varianceConvention(varianceConvention);
  }

  /**
   * The variance normalisation used by {@link #compute}.
   *
   * @return the convention, never null
   */
  public VarianceConvention varianceConvention() {
    return varianceConvention;
  }

  @Override
  public String name() {
    return "CCC";
  }

  @Override
  public double compute(double[] pred, double[] label) {
    return ccc(Moments.of(pred, label), pred, label, varianceConvention);
  }

  static double ccc(Moments m, double[] pred, double[] label, VarianceConvention convention) {
    if (m.constantX && m.constantY) {
      throw new IllegalArgumentException(
          "pred and label must not both be constant for CCC (zero variance of both), got all pred = "
              + pred[0]
              + " and all label = "
              + label[0]);
    }
    return Inputs.checkResult("CCC", m.ccc(convention));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CccMetric other && other.varianceConvention == varianceConvention;
  }

  @Override
  public int hashCode() {
    return varianceConvention.hashCode();
  }

  @Override
  public String toString() {
    return "CccMetric{varianceConvention=" + varianceConvention + "}";
  }

  /** Builder for {@link CccMetric}; reusable after {@link #build()}. */
  public static final class Builder {
    private VarianceConvention varianceConvention = VarianceConvention.POPULATION;

    private Builder() {}

    /**
     * Sets the variance normalisation (default {@link VarianceConvention#POPULATION}).
     *
     * @param convention POPULATION or AVEC
     * @return this builder
     * @throws NullPointerException if {@code convention} is null
     */
    public Builder varianceConvention(VarianceConvention convention) {
      this.varianceConvention =
          Objects.requireNonNull(convention, "varianceConvention must not be null");
      return this;
    }

    /**
     * Builds the immutable metric.
     *
     * @return the metric
     */
    public CccMetric build() {
      return new CccMetric(this);
    }
  }
}
