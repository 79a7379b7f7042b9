/** The EEG student: {@link io.github.kd4j.eeg.student.TcnStudent} (SPEC 1, 5 and 7). */
package io.github.kd4j.eeg.student;
