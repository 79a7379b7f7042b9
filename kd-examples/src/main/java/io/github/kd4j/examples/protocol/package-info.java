/**
 * The paper's protocol as a program ({@link io.github.kd4j.examples.protocol.ProtocolRunner}):
 * folds, fold tasks that can be shipped to other machines, resumable runs, reports.
 */
package io.github.kd4j.examples.protocol;
