package io.github.kd4j.core.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;

/** Helpers shared by kd4j's ONNX Runtime users ({@code OnnxModel}, the frame backbone). */
public final class OrtSessions {
  private OrtSessions() {}

  /**
   * Inputs or outputs for error messages: {@code name TYPE [dims]} each, {@code -1} marking a
   * dynamic dimension.
   */
  public static String describe(Map<String, NodeInfo> infos) {
    StringBuilder s = new StringBuilder();
    for (NodeInfo n : infos.values()) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(n.getName());
      if (n.getInfo() instanceof TensorInfo t) {
        s.append(' ').append(t.type).append(' ').append(Arrays.toString(t.getShape()));
      } else {
        s.append(' ').append(n.getInfo());
      }
    }
    return s.toString();
  }

  /** Closes {@code session}, adding a failure to close to {@code primary} as suppressed. */
  public static void closeQuietly(OrtSession session, Exception primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }
}
