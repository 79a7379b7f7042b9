/**
 * Trials and how they are cut into windows: {@link io.github.kd4j.core.data.Trial} and {@link
 * io.github.kd4j.core.data.WindowPlan} (SPEC 7).
 */
package io.github.kd4j.core.data;
