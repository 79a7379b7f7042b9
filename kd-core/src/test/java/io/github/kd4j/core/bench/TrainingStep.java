package io.github.kd4j.core.bench;

/**
 * One implementation of the paper-sized student training step measured by {@link
 * TrainStepBenchmark}: TCN channels [128, 128], kernel 3, dropout 0.1, input [2, 192, 96], loss (1
 * - CCC per window, batch mean) + w * mean |teacher - features| with w = 1, Adam (lr 1e-5, weight
 * decay 1e-4). Implementations prepare everything (model, data, optimiser) in their constructor, so
 * {@link #step()} does one forward, backward and update only.
 */
interface TrainingStep extends AutoCloseable {
  /** What is measured, e.g. "kd4j engine (im2col + OpenBLAS GEMM)". */
  String name();

  /** One training step; returns the loss so the work cannot be optimised away. */
  double step();

  @Override
  default void close() {}
}
