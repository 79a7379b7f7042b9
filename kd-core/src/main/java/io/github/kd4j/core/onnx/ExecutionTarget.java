package io.github.kd4j.core.onnx;

/** Where {@link OnnxModel} runs its ONNX Runtime session. */
public enum ExecutionTarget {
  /**
   * CUDA when ONNX Runtime lists the CUDA execution provider and it initialises (the {@code -Pgpu}
   * build with CUDA 12 and cuDNN 9 present), else CPU.
   */
  AUTO,
  /** The CPU execution provider. */
  CPU,
  /** The CUDA execution provider; loading fails with a clear message when it is unavailable. */
  CUDA
}
