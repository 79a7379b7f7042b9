/** The visual teacher and its knowledge (SPEC section 4). */
package io.github.kd4j.vision;
