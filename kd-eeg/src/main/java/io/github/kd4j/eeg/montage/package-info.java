/**
 * Electrode layouts: {@link io.github.kd4j.eeg.montage.Montage#biosemi32()} names the 32 EEG
 * channels of SPEC section 3 with their 10-20 positions, and picks them from a recording.
 */
package io.github.kd4j.eeg.montage;
