/**
 * Helpers shared between kd4j packages; {@link io.github.kd4j.core.internal.Checks} validates
 * arguments. Not public API.
 */
package io.github.kd4j.core.internal;
