/**
 * Online (streaming) valence estimation from a live EEG signal: {@link
 * io.github.kd4j.eeg.online.OnlineValenceEstimator} turns blocks of samples into one valence value
 * per 4 Hz step with a causal filter, an instantaneous average reference, incremental band power
 * and a stateful TCN.
 */
package io.github.kd4j.eeg.online;
