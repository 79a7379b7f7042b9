/**
 * The visual teacher ({@link io.github.kd4j.vision.teacher.VisualTeacher}): per-step visual
 * features or video frames -> TCN -> knowledge (SPEC 4).
 */
package io.github.kd4j.vision.teacher;
