package io.github.kd4j.core.nn;

import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The number of threads of the OpenBLAS library that kd4j's engine (and ND4J's CPU backend) calls.
 * Process-wide: a program that trains several models on its own worker threads pins it to 1 so that
 * each worker uses one core.
 *
 * <p>Whether results depend on it depends on the kernels OpenBLAS runs. Its SkylakeX (AVX-512)
 * kernels give bitwise the same products on 1 and 2 threads; its Haswell (AVX2) kernels, which
 * OpenBLAS 0.3.19 picks on AMD Zen 4 and 5 although they have AVX-512, round about 5 % of the
 * elements of a {@code [192 x 384] x [384 x 128]} product differently on 2 threads (measured; see
 * {@code docs/design.md}, "BLAS kernels and threads"). Training amplifies such differences, so a
 * run is reproducible for a fixed kernel and thread count. The {@code kd4j} launcher selects the
 * SkylakeX kernels on CPUs that have AVX-512.
 */
public final class BlasThreads {
  private BlasThreads() {}

  static {
    // ND4J's CPU backend sets the OpenBLAS thread count to the number of cores when it starts.
    // Before this, a setting made ahead of the first array (as a program that pins BLAS and then
    // starts its workers does) was silently undone by it: start it first, so the setting sticks.
    Nd4j.create(DataType.FLOAT, 1);
  }

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
