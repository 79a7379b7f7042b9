/** Regression metrics for continuous emotion recognition (SPEC sections 6 and 9). */
package io.github.kd4j.metrics;
