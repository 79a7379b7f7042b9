package io.github.kd4j.vision.frames;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Picks and transforms the frames of a window of label steps for a frame backbone (SPEC 4.1).
 *
 * <p><b>Which frames.</b> One frame per label step: in training ({@link #trainViews}) the frame
 * {@code n} of each group of {@code framesPerStep} is drawn at random, in evaluation ({@link
 * #evalViews}) it is frame 0 of each group.
 *
 * <p><b>Crop and flip.</b> With a 40x40 backbone ({@code inputSize() == 40}) training draws one
 * 40x40 crop offset {@code (cropX, cropY)} in {@code [0, 8]^2} and one left-right flip with p = 0.5
 * for the whole window (the same for all its frames); evaluation takes the centre crop (4, 4) and
 * no flip. With a 48x48 backbone no crop is applied (offset (0, 0)); the flip is still drawn in
 * training.
 *
 * <p><b>Order of the random draws</b> (part of reproducibility: the same {@link SplittableRandom}
 * state gives the same views): for a window of {@code steps} steps, first {@code steps} calls
 * {@code rng.nextInt(framesPerStep)}, one per step in time order, then {@code cropX =
 * rng.nextInt(49 - inputSize)} and {@code cropY = rng.nextInt(49 - inputSize)} (skipped when {@code
 * inputSize == 48}), then {@code flip = rng.nextBoolean()}.
 *
 * <p><b>Tensor.</b> {@link #tensor} writes the views as floats NCHW {@code [n, 3, s, s]}, {@code s
 * = inputSize()}, channel order RGB: element {@code [i][c][y][x] = (u / 255 - 0.5) / 0.5} with
 * {@code u = pixel(frame, cropY + y, cropX + x', c)} and {@code x' = flip ? s - 1 - x : x}
 * (computed in float arithmetic, as PyTorch's {@code ToTensor} then {@code Normalize(0.5, 0.5)}).
 * Values lie in {@code [-1, 1]}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * FrameTransform t = FrameTransform.forInputSize(40);
 * List<FrameView> v = t.trainViews(seq, firstStep, 96, rng.split());
 * float[] x = t.tensor(seq, v); // [96, 3, 40, 40]
 * }</pre>
 */
public final class FrameTransform {
  /** The crop size of SPEC 4.1. */
  public static final int CROP_SIZE = 40;

  private final int inputSize;

  private FrameTransform(int inputSize) {
    this.inputSize = inputSize;
  }

  /**
   * A transform for a backbone taking {@code inputSize x inputSize} images.
   *
   * @param inputSize 40 (crop, SPEC 4.1) or 48 (the whole frame)
   */
  public static FrameTransform forInputSize(int inputSize) {
    if (inputSize != CROP_SIZE && inputSize != FrameSequence.FRAME_SIZE) {
      throw new IllegalArgumentException(
          "inputSize must be 40 (crop) or 48 (whole frame), got " + inputSize);
    }
    return new FrameTransform(inputSize);
  }

  /** Side of the images the backbone takes, 40 or 48. */
  public int inputSize() {
    return inputSize;
  }

  /** Largest crop offset, {@code 48 - inputSize()} (8 or 0). */
  public int maxOffset() {
    return FrameSequence.FRAME_SIZE - inputSize;
  }

  /** Floats per view in {@link #tensor}, {@code 3 * inputSize^2}. */
  public int viewLength() {
    return FrameSequence.CHANNELS * inputSize * inputSize;
  }

  /**
   * The training views of steps {@code [firstStep, firstStep + steps)}: a random frame per step,
   * one random crop and flip for the whole window; draws in the order of the class javadoc.
   */
  public List<FrameView> trainViews(
      FrameSequence seq, int firstStep, int steps, SplittableRandom rng) {
    Objects.requireNonNull(rng, "rng");
    checkWindow(seq, firstStep, steps);
    int fps = seq.framesPerStep();
    int[] frames = new int[steps];
    for (int s = 0; s < steps; s++) {
      frames[s] = (firstStep + s) * fps + rng.nextInt(fps);
    }
    int x = 0;
    int y = 0;
    if (maxOffset() > 0) {
      x = rng.nextInt(maxOffset() + 1);
      y = rng.nextInt(maxOffset() + 1);
    }
    boolean flip = rng.nextBoolean();
    List<FrameView> views = new ArrayList<>(steps);
    for (int f : frames) {
      views.add(new FrameView(f, x, y, flip));
    }
    return List.copyOf(views);
  }

  /**
   * The evaluation views of steps {@code [firstStep, firstStep + steps)}: frame 0 of each group,
   * centre crop {@code (maxOffset/2, maxOffset/2)}, no flip.
   */
  public List<FrameView> evalViews(FrameSequence seq, int firstStep, int steps) {
    checkWindow(seq, firstStep, steps);
    int c = maxOffset() / 2;
    List<FrameView> views = new ArrayList<>(steps);
    for (int s = 0; s < steps; s++) {
      views.add(new FrameView((firstStep + s) * seq.framesPerStep(), c, c, false));
    }
    return List.copyOf(views);
  }

  /** The evaluation views of every step of the trial. */
  public List<FrameView> evalViews(FrameSequence seq) {
    return evalViews(seq, 0, seq.steps());
  }

  /**
   * Every frame of the trial in evaluation form (centre crop, no flip), {@code frameCount()} views:
   * the input of knowledge extraction at the frame rate (SPEC 4.3, 64 Hz).
   */
  public List<FrameView> allFrameViews(FrameSequence seq) {
    Objects.requireNonNull(seq, "seq");
    int c = maxOffset() / 2;
    List<FrameView> views = new ArrayList<>(seq.frameCount());
    for (int f = 0; f < seq.frameCount(); f++) {
      views.add(new FrameView(f, c, c, false));
    }
    return List.copyOf(views);
  }

  private static void checkWindow(FrameSequence seq, int firstStep, int steps) {
    Objects.requireNonNull(seq, "seq");
    if (firstStep < 0 || steps < 1 || (long) firstStep + steps > seq.steps()) {
      throw new IllegalArgumentException(
          "window [firstStep, firstStep + steps) must lie in [0, "
              + seq.steps()
              + ") of trial "
              + seq.trialId()
              + ", got firstStep "
              + firstStep
              + ", steps "
              + steps);
    }
  }

  /** The views as normalised floats NCHW {@code [views.size(), 3, s, s]} (class javadoc). */
  public float[] tensor(FrameSequence seq, List<FrameView> views) {
    Objects.requireNonNull(seq, "seq");
    Objects.requireNonNull(views, "views");
    float[] out = new float[views.size() * viewLength()];
    for (int i = 0; i < views.size(); i++) {
      write(seq, views.get(i), out, i * viewLength());
    }
    return out;
  }

  /**
   * Writes one view as normalised floats CHW {@code [3, s, s]} into {@code out} from {@code
   * offset}.
   *
   * @throws IllegalArgumentException naming the trial when the view lies outside it
   */
  public void write(FrameSequence seq, FrameView view, float[] out, int offset) {
    Objects.requireNonNull(view, "view");
    if (view.frame() >= seq.frameCount()
        || view.cropX() > maxOffset()
        || view.cropY() > maxOffset()) {
      throw new IllegalArgumentException(
          "view must have frame < "
              + seq.frameCount()
              + " and crop offsets <= "
              + maxOffset()
              + " for trial "
              + seq.trialId()
              + " and input size "
              + inputSize
              + ", got "
              + view);
    }
    Objects.checkFromIndexSize(offset, viewLength(), out.length);
    byte[] px = seq.pixels();
    int s = inputSize;
    int base = view.frame() * FrameSequence.FRAME_BYTES;
    for (int y = 0; y < s; y++) {
      int row = base + (view.cropY() + y) * FrameSequence.FRAME_SIZE * FrameSequence.CHANNELS;
      for (int x = 0; x < s; x++) {
        int sx = view.cropX() + (view.flip() ? s - 1 - x : x);
        int p = row + sx * FrameSequence.CHANNELS;
        int o = offset + y * s + x;
        for (int c = 0; c < FrameSequence.CHANNELS; c++) {
          out[o + c * s * s] = normalise(px[p + c] & 0xff);
        }
      }
    }
  }

  /** {@code (u / 255 - 0.5) / 0.5} in float arithmetic. */
  static float normalise(int u) {
    return ((float) u / 255f - 0.5f) / 0.5f;
  }

  @Override
  public String toString() {
    return "FrameTransform{inputSize="
        + inputSize
        + ", train: random frame per step, crop offset in [0,"
        + maxOffset()
        + "]^2 and flip p=0.5 per window; eval: frame 0, offset ("
        + maxOffset() / 2
        + ","
        + maxOffset() / 2
        + "), no flip; (x/255-0.5)/0.5}";
  }
}
