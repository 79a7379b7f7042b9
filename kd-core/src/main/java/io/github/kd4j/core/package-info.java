/** The learning machinery shared by teacher and student (SPEC sections 5 to 9). */
package io.github.kd4j.core;
