/** The EEG signal path and the EEG student (SPEC section 3). */
package io.github.kd4j.eeg;
