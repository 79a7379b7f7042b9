/**
 * Training (SPEC 7): {@link io.github.kd4j.core.train.Trainer} with its configuration, listener,
 * per-epoch reports and resumable checkpoints.
 */
package io.github.kd4j.core.train;
