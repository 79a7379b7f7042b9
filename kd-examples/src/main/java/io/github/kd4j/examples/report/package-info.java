/**
 * Reports for people: {@link io.github.kd4j.examples.report.ProgressBarListener} and result tables.
 */
package io.github.kd4j.examples.report;
