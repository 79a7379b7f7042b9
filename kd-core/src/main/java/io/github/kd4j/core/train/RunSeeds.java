package io.github.kd4j.core.train;

import java.util.SplittableRandom;

/**
 * The random streams of one run, all derived from its one seed (STYLE rule 8, SPEC 7). The streams
 * are split from {@code new SplittableRandom(seed)} in this fixed order:
 *
 * <ol>
 *   <li>{@link #weights()}: initial network weights;
 *   <li>{@link #shuffles()}: the order of training windows, per epoch;
 *   <li>{@link #dropout()}: dropout masks, per epoch;
 *   <li>{@link #framePicks()}: which frame of each 16-frame group a training window uses (frame
 *       input, SPEC 4.1) and which knowledge row a student step reads (SPEC 4.3), per epoch;
 *   <li>{@link #crops()}: random crops and flips of training windows (frame input), per epoch;
 *   <li>{@link #partitions()}: fold assignments and training/validation splits (SPEC 8).
 * </ol>
 *
 * Per-epoch streams are {@code new SplittableRandom(mix(stream, epoch))} with the SplitMix64
 * finaliser, so that epoch {@code e} of a resumed run draws exactly what an uninterrupted run
 * draws. A run with more than one model (teacher, students) gives each model its own {@link
 * #child(int)} run seed.
 */
public record RunSeeds(
    long seed,
    long weights,
    long shuffles,
    long dropout,
    long framePicks,
    long crops,
    long partitions) {

  /** The streams of the run with this seed. */
  public static RunSeeds of(long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    return new RunSeeds(
        seed,
        root.split().nextLong(),
        root.split().nextLong(),
        root.split().nextLong(),
        root.split().nextLong(),
        root.split().nextLong(),
        root.split().nextLong());
  }

  /** The stream of {@code base} for one epoch (epochs count from 1). */
  public static SplittableRandom perEpoch(long base, int epoch) {
    return new SplittableRandom(mix(base, epoch));
  }

  /**
   * The run seed of sub-model {@code index} (0: teacher, 1: students, ...): {@code mix(seed, 1000 +
   * index)}.
   */
  public long child(int index) {
    return mix(seed, 1000L + index);
  }

  /** SplitMix64 finaliser of {@code seed + n * golden}: independent streams per {@code n}. */
  static long mix(long seed, long n) {
    long z = seed + n * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
