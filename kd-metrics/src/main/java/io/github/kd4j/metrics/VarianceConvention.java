package io.github.kd4j.metrics;

/**
 * Normalisation of the variances in Lin's concordance correlation coefficient (SPEC section 6).
 *
 * <p>For a prediction x and a label y of length N, with means mu_x, mu_y:
 *
 * <pre>
 *   s_xy  = (1/N) sum (x_i - mu_x)(y_i - mu_y)                   (both conventions)
 *   POPULATION: s_x^2 = (1/N)     sum (x_i - mu_x)^2
 *   AVEC:       s_x^2 = (1/(N-1)) sum (x_i - mu_x)^2             (likewise s_y^2)
 *   rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mu_x - mu_y)^2)
 * </pre>
 *
 * Under {@link #POPULATION} rho_c(x, x) = 1; under {@link #AVEC} rho_c(x, x) = (N-1)/N.
 */
public enum VarianceConvention {
  /** 1/N in the covariance and in both variances (Lin 1989; the kd4j default). */
  POPULATION,
  /**
   * Covariance with 1/N, variances with 1/(N-1), as in the AVEC challenge's Matlab code and the
   * paper's reference implementation; for exact parity with its numbers only.
   */
  AVEC
}
