/**
 * Timed commands (not tests) for the training step: {@link
 * io.github.kd4j.core.bench.TrainStepBenchmark} compares the kd4j engine with PyTorch, SameDiff and
 * DL4J in one run.
 */
package io.github.kd4j.core.bench;
