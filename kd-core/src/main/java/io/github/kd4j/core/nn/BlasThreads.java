package io.github.kd4j.core.nn;

import org.bytedeco.openblas.global.openblas;

/**
 * The number of threads of the OpenBLAS library that kd4j's engine (and ND4J's CPU backend) calls.
 * Process-wide: a program that trains several models on its own worker threads pins it to 1 so that
 * each worker uses one core. Results do not depend on it (OpenBLAS splits a product by rows and
 * columns of the result, not along the summed dimension).
 */
public final class BlasThreads {
  private BlasThreads() {}

  /** The current number of OpenBLAS threads. */
  public static int get() {
    return openblas.blas_get_num_threads();
  }

  /**
   * Sets the number of OpenBLAS threads.
   *
   * @throws IllegalArgumentException for {@code n < 1}
   */
  public static void set(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("BLAS threads must be >= 1, got " + n);
    }
    openblas.blas_set_num_threads(n);
  }
}
