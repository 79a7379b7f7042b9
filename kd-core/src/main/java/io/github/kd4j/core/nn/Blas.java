package io.github.kd4j.core.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Row-major single-precision GEMM through the OpenBLAS library that ND4J's CPU backend loads,
 * called directly (one JNI call, no INDArray bookkeeping): {@code C = alpha op(A) op(B) + beta C}.
 */
final class Blas {
  private Blas() {}

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
