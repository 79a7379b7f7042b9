package io.github.kd4j.core.onnx;

import java.io.IOException;

/**
 * A file or byte array that is not an ONNX model {@link OnnxModel} can run: not ONNX at all,
 * rejected by ONNX Runtime (for example an opset newer than it supports), or with inputs and
 * outputs other than a kd4j TCN's. The message names the source.
 */
public final class OnnxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public OnnxFormatException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public OnnxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
