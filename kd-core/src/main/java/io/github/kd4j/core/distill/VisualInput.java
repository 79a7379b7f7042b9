package io.github.kd4j.core.distill;

/**
 * The visual stream of a {@link PairedTrial}: per-step features ({@link StepFeatures}, in kd-core)
 * or video frames (kd-vision's frame sequences, 16 frames per label step). A teacher ({@link
 * Teacher}) says which kinds it accepts.
 */
public interface VisualInput {
  /** Label steps covered (4 Hz). */
  int steps();

  /**
   * The first {@code steps} label steps of this stream (for SPEC 2's one-step trimming).
   *
   * @throws IllegalArgumentException unless {@code 0 < steps <= steps()}
   */
  VisualInput trimTo(int steps);
}
