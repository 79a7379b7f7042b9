/**
 * Stitching of windowed predictions back to whole trials (SPEC section 9): {@link
 * io.github.kd4j.metrics.stitch.Stitcher} turns {@link
 * io.github.kd4j.metrics.stitch.WindowPrediction}s into {@link
 * io.github.kd4j.metrics.stitch.StitchedPredictions}, which compute per-trial metrics and the
 * AVEC-protocol fold metrics on the concatenated trials.
 *
 * <p>Time axis: index t of a trial is its label step t (4 Hz in the paper); a window starting at
 * step s carries the outputs for steps s, s+1, ...; steps past the trial's end are padding and are
 * dropped; overlapping steps are averaged.
 */
package io.github.kd4j.metrics.stitch;
