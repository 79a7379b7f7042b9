/**
 * Trainable sequence models over per-step features: {@link
 * io.github.kd4j.core.model.SequenceRegressor} (TCN + regressor) and its {@link
 * io.github.kd4j.core.model.Standardizer}.
 */
package io.github.kd4j.core.model;
