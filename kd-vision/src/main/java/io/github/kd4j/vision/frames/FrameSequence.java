package io.github.kd4j.vision.frames;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The video frames of one trial: {@code frameCount} RGB images of {@value #FRAME_SIZE} x {@value
 * #FRAME_SIZE} pixels, {@code framesPerStep} (SPEC 4.1: 16) per label step.
 *
 * <p>Layout: frame {@code f}, row {@code y}, column {@code x}, channel {@code c} (0 red, 1 green, 2
 * blue) is the unsigned byte at {@code f * FRAME_BYTES + (y * 48 + x) * 3 + c} (HWC per frame,
 * frames in time order). Frame {@code f} belongs to label step {@code f / framesPerStep}; the frame
 * count must be a whole number of steps, {@code steps() = frameCount / framesPerStep >= 1}.
 *
 * <p>Immutable: the factories copy their input.
 *
 * <pre>{@code
 * FrameSequence s = FrameSequence.of("trial-7", frames); // byte[T * 16][48 * 48 * 3]
 * int steps = s.steps();
 * }</pre>
 */
public final class FrameSequence implements io.github.kd4j.core.distill.VisualInput {
  /** Width and height of a frame, pixels. */
  public static final int FRAME_SIZE = 48;

  /** Colour channels per pixel (RGB). */
  public static final int CHANNELS = 3;

  /** Bytes per frame, {@code 48 * 48 * 3}. */
  public static final int FRAME_BYTES = FRAME_SIZE * FRAME_SIZE * CHANNELS;

  /** Frames per label step in the paper (64 fps video, 4 Hz labels; SPEC 4.1). */
  public static final int DEFAULT_FRAMES_PER_STEP = 16;

  private final String trialId;
  private final byte[] pixels;
  private final int frameCount;
  private final int framesPerStep;
  private volatile String contentHash;

  private FrameSequence(String trialId, byte[] pixels, int framesPerStep) {
    this.trialId = trialId;
    this.pixels = pixels;
    this.frameCount = pixels.length / FRAME_BYTES;
    this.framesPerStep = framesPerStep;
  }

  /** Frames {@code [frameCount][48 * 48 * 3]} (HWC, RGB), 16 per step. */
  public static FrameSequence of(String trialId, byte[][] frames) {
    return of(trialId, frames, DEFAULT_FRAMES_PER_STEP);
  }

  /**
   * Frames {@code [frameCount][48 * 48 * 3]} (HWC, RGB), {@code framesPerStep} per step.
   *
   * @throws IllegalArgumentException naming the trial when a frame has the wrong size or the count
   *     is not a positive multiple of {@code framesPerStep}
   */
  public static FrameSequence of(String trialId, byte[][] frames, int framesPerStep) {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(frames, "frames");
    checkFramesPerStep(framesPerStep, trialId);
    checkCount(frames.length, framesPerStep, trialId);
    byte[] packed = new byte[frames.length * FRAME_BYTES];
    for (int f = 0; f < frames.length; f++) {
      byte[] frame = frames[f];
      if (frame == null || frame.length != FRAME_BYTES) {
        throw new IllegalArgumentException(
            "frame "
                + f
                + " of trial "
                + trialId
                + " must have 48 * 48 * 3 = "
                + FRAME_BYTES
                + " bytes (HWC, RGB), got "
                + (frame == null ? "null" : frame.length + sizeHint(frame.length)));
      }
      System.arraycopy(frame, 0, packed, f * FRAME_BYTES, FRAME_BYTES);
    }
    return new FrameSequence(trialId, packed, framesPerStep);
  }

  /**
   * All frames packed in one array of {@code frameCount * 48 * 48 * 3} bytes (layout in the class
   * javadoc).
   *
   * @throws IllegalArgumentException naming the trial when the length is not a whole number of
   *     frames or of steps
   */
  public static FrameSequence ofPacked(String trialId, byte[] pixels, int framesPerStep) {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(pixels, "pixels");
    checkFramesPerStep(framesPerStep, trialId);
    if (pixels.length % FRAME_BYTES != 0) {
      throw new IllegalArgumentException(
          "pixels of trial "
              + trialId
              + " must hold whole 48x48x3 frames ("
              + FRAME_BYTES
              + " bytes each), got "
              + pixels.length
              + " bytes = "
              + pixels.length / FRAME_BYTES
              + " frames + "
              + pixels.length % FRAME_BYTES
              + " bytes");
    }
    checkCount(pixels.length / FRAME_BYTES, framesPerStep, trialId);
    return new FrameSequence(trialId, pixels.clone(), framesPerStep);
  }

  private static void checkFramesPerStep(int framesPerStep, String trialId) {
    if (framesPerStep < 1) {
      throw new IllegalArgumentException(
          "framesPerStep must be >= 1, got " + framesPerStep + " (trial " + trialId + ")");
    }
  }

  private static void checkCount(int count, int framesPerStep, String trialId) {
    if (count == 0 || count % framesPerStep != 0) {
      int steps = count / framesPerStep;
      throw new IllegalArgumentException(
          "frame count of trial "
              + trialId
              + " must be a positive multiple of framesPerStep "
              + framesPerStep
              + ", got "
              + count
              + (count == 0
                  ? ""
                  : " ("
                      + steps
                      + " steps + "
                      + count % framesPerStep
                      + " frames; drop the trailing frames or pad the last step)"));
    }
  }

  private static String sizeHint(int length) {
    for (int s = 1; s <= 512; s++) {
      if (s * s * CHANNELS == length) {
        return " (" + s + "x" + s + "x3; resize frames to 48x48)";
      }
    }
    return "";
  }

  /**
   * The first {@code steps} label steps ({@code steps * framesPerStep} frames), for the one-step
   * trimming of SPEC 2.
   */
  @Override
  public FrameSequence trimTo(int steps) {
    if (steps <= 0 || steps > steps()) {
      throw new IllegalArgumentException(
          "steps must be in [1, " + steps() + "] for trial " + trialId + ", got " + steps);
    }
    if (steps == steps()) {
      return this;
    }
    return new FrameSequence(
        trialId,
        java.util.Arrays.copyOf(pixels, steps * framesPerStep * FRAME_BYTES),
        framesPerStep);
  }

  /** The trial this sequence belongs to (named in every message and cache key). */
  public String trialId() {
    return trialId;
  }

  /** Number of frames, {@code steps() * framesPerStep()}. */
  public int frameCount() {
    return frameCount;
  }

  /** Frames per label step. */
  public int framesPerStep() {
    return framesPerStep;
  }

  /** Number of label steps {@code T}. */
  public int steps() {
    return frameCount / framesPerStep;
  }

  /** The value 0..255 of frame {@code f}, row {@code y}, column {@code x}, channel {@code c}. */
  public int pixel(int f, int y, int x, int c) {
    Objects.checkIndex(f, frameCount);
    Objects.checkIndex(y, FRAME_SIZE);
    Objects.checkIndex(x, FRAME_SIZE);
    Objects.checkIndex(c, CHANNELS);
    return pixels[f * FRAME_BYTES + (y * FRAME_SIZE + x) * CHANNELS + c] & 0xff;
  }

  /** A copy of frame {@code f} (HWC, RGB). */
  public byte[] frame(int f) {
    Objects.checkIndex(f, frameCount);
    byte[] out = new byte[FRAME_BYTES];
    System.arraycopy(pixels, f * FRAME_BYTES, out, 0, FRAME_BYTES);
    return out;
  }

  /**
   * SHA-256 (hex) of {@code framesPerStep} (4 bytes, big-endian) followed by the packed pixels:
   * identifies the content independently of the trial id (used by disk caches to detect changed
   * frames). Computed once, on first use.
   */
  public String contentHash() {
    String h = contentHash;
    if (h == null) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(
            new byte[] {
              (byte) (framesPerStep >>> 24),
              (byte) (framesPerStep >>> 16),
              (byte) (framesPerStep >>> 8),
              (byte) framesPerStep
            });
        md.update(pixels);
        h = HexFormat.of().formatHex(md.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 must be available in every JDK", e);
      }
      contentHash = h;
    }
    return h;
  }

  /** The packed pixels, not copied: callers in this package must not modify them. */
  byte[] pixels() {
    return pixels;
  }

  @Override
  public String toString() {
    return "FrameSequence{trial="
        + trialId
        + ", frames="
        + frameCount
        + ", framesPerStep="
        + framesPerStep
        + ", steps="
        + steps()
        + ", 48x48x3}";
  }
}
