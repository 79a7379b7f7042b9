/**
 * Reading EDF, EDF+, BDF and BDF+ recordings: {@link io.github.kd4j.eeg.io.RecordingReader} reads a
 * file into a {@link io.github.kd4j.eeg.io.Recording} (physical values per channel, EDF+
 * annotations, the BioSemi status signal), following MNE-Python 1.3's conventions.
 *
 * <p>Malformed files raise {@link io.github.kd4j.eeg.io.RecordingFormatException}, which names the
 * file, the header field and the byte offset.
 */
package io.github.kd4j.eeg.io;
