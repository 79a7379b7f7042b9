/**
 * Reports for people: {@link io.github.kd4j.examples.report.ProtocolReportWriter} (the protocol's
 * results folder: tables, JSON, CSV and the PNG charts of {@link
 * io.github.kd4j.examples.report.ProtocolCharts}) and {@link
 * io.github.kd4j.examples.report.ProgressBarListener}.
 */
package io.github.kd4j.examples.report;
