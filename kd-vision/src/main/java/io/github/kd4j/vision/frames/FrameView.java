package io.github.kd4j.vision.frames;

/**
 * One transformed frame: frame index {@code frame} of a {@link FrameSequence}, cropped to the
 * backbone's input size at column {@code cropX} and row {@code cropY} (top-left corner, pixels),
 * then mirrored left-right when {@code flip}. The crop comes first, the mirror second (SPEC 4.1).
 * Together with the trial id it is the key of {@link
 * io.github.kd4j.vision.backbone.EmbeddingCache}.
 *
 * @param frame frame index in the trial, {@code >= 0}
 * @param cropX left column of the crop, {@code 0..48 - inputSize}
 * @param cropY top row of the crop, {@code 0..48 - inputSize}
 * @param flip mirror left-right after cropping
 */
public record FrameView(int frame, int cropX, int cropY, boolean flip) {
  /** Checks the indices are not negative (upper bounds depend on the transform and trial). */
  public FrameView {
    if (frame < 0 || cropX < 0 || cropY < 0) {
      throw new IllegalArgumentException(
          "frame, cropX and cropY must be >= 0, got frame "
              + frame
              + ", cropX "
              + cropX
              + ", cropY "
              + cropY);
    }
  }
}
