/**
 * Evaluation on whole trials by stitching window outputs (SPEC 9): {@link
 * io.github.kd4j.core.eval.Evaluator}.
 */
package io.github.kd4j.core.eval;
