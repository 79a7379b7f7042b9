/**
 * The experiment protocol of SPEC 8 and 9, everything but the training: {@link
 * io.github.kd4j.core.protocol.Partitioner} splits trials into TRS or LOSO {@link
 * io.github.kd4j.core.protocol.Fold}s (saved and reloaded by {@link
 * io.github.kd4j.core.protocol.FoldFile}); {@link io.github.kd4j.core.protocol.JobPlanner} expands
 * folds x models x KD weights x seeds into serialisable {@link
 * io.github.kd4j.core.protocol.ProtocolJob}s; each job yields a {@link
 * io.github.kd4j.core.protocol.FoldResult}, collected in mergeable {@link
 * io.github.kd4j.core.protocol.ProtocolResults}; {@link
 * io.github.kd4j.core.protocol.ProtocolSummary} gives means, stds, paired KD t-tests and the best
 * w; {@link io.github.kd4j.core.protocol.ProtocolReport} writes them as Markdown, JSON and CSV into
 * a {@link io.github.kd4j.core.protocol.ReportFolder}.
 *
 * <p>Jobs and results are plain values that name data by path, so the same jobs can run on one
 * machine or as tasks of a cluster, and their results merge in any order.
 */
package io.github.kd4j.core.protocol;
