/**
 * {@link io.github.kd4j.eeg.mahnob.MahnobFeatures} reads the public MAHNOB-HCI per-trial feature
 * files (4 Hz valence target, 128-D EEG band features, 327-D face features; SPEC section 12) into
 * {@link io.github.kd4j.eeg.mahnob.MahnobTrial} records and kd-core trials.
 */
package io.github.kd4j.eeg.mahnob;
