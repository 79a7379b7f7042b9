/**
 * The command-line program, the demo and reports; {@link io.github.kd4j.examples.cli.Kd4jCommand}
 * is the entry point.
 */
package io.github.kd4j.examples;
