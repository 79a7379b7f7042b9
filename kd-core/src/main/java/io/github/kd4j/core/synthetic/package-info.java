/**
 * A seeded generator of paired EEG, face-video and label trials that behaves like the real problem:
 * {@link io.github.kd4j.core.synthetic.SyntheticDataset} (its builder and the model, as formulas)
 * and {@link io.github.kd4j.core.synthetic.SyntheticTrial} (one trial, with raw EEG and frames
 * generated on demand). For tests, documentation and demos without the licensed MAHNOB-HCI data.
 */
package io.github.kd4j.core.synthetic;
