/** The command-line program, the demo and reports. */
package io.github.kd4j.examples;
