package io.github.kd4j.core.nn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.slf4j.LoggerFactory;

/**
 * Row-major single-precision GEMM through the OpenBLAS library that ND4J's CPU backend loads,
 * called directly (one JNI call, no INDArray bookkeeping): {@code C = alpha op(A) op(B) + beta C}.
 */
final class Blas {
  private Blas() {}

  /** The AVX-512 subsets that OpenBLAS's SkylakeX kernels use. */
  static final Set<String> SKYLAKEX_FLAGS =
      Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

  static {
    if (System.getenv("OPENBLAS_CORETYPE") == null && hasAvx512(Path.of("/proc/cpuinfo"))) {
      LoggerFactory.getLogger(Blas.class)
          .info(
              "This CPU has AVX-512; OpenBLAS 0.3.19 runs its AVX2 kernels on CPUs it does not"
                  + " know (AMD Zen 4 and 5 among them). OPENBLAS_CORETYPE=SKYLAKEX in the"
                  + " environment of the JVM selects the AVX-512 ones (about 1.6x faster products"
                  + " on Zen 5; the kd4j launcher sets it)");
    }
  }

  /**
   * Whether the first {@code flags} line of a {@code /proc/cpuinfo}-style file lists every flag of
   * {@link #SKYLAKEX_FLAGS}; false when the file cannot be read.
   */
  static boolean hasAvx512(Path cpuinfo) {
    try {
      for (String line : Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("flags")) {
          int colon = line.indexOf(':');
          Set<String> flags =
              new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
          return flags.containsAll(SKYLAKEX_FLAGS);
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}; leading dimensions are the
   * row lengths of the stored (untransposed) matrices.
   */
  static void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      FloatPointer a,
      int lda,
      FloatPointer b,
      int ldb,
      float beta,
      FloatPointer c,
      int ldc) {
    openblas.cblas_sgemm(
        openblas.CblasRowMajor,
        transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc);
  }
}
