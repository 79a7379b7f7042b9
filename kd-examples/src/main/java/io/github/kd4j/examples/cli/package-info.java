/** The command-line program: {@link io.github.kd4j.examples.cli.Kd4jCommand}. */
package io.github.kd4j.examples.cli;
