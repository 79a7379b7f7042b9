package io.github.kd4j.vision.frames;

import java.io.IOException;

/**
 * A frame folder or image that cannot be read as 48x48 RGB frames: not an image ImageIO decodes,
 * the wrong size, or a frame count that is not a whole number of label steps. The message names the
 * folder or file.
 */
public final class FrameFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public FrameFormatException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public FrameFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
