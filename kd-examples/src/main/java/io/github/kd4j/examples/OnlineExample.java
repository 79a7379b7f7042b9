package io.github.kd4j.examples;

import io.github.kd4j.eeg.online.OnlineValence;
import io.github.kd4j.eeg.online.OnlineValenceEstimator;
import io.github.kd4j.eeg.student.TcnStudent;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The README's "Online estimation" example as code that the build compiles: what a BCI app needs to
 * turn amplifier blocks into a valence value every 250 ms.
 */
public final class OnlineExample {
  private OnlineExample() {}

  /** Loads a trained student and starts an estimator that calls {@code ui} with each value. */
  public static OnlineValenceEstimator start(
      Path studentFile, double samplingRate, Consumer<OnlineValence> ui) throws Exception {
    TcnStudent student = TcnStudent.load(studentFile); // trained on causal features
    OnlineValenceEstimator est =
        OnlineValenceEstimator.builder()
            .student(student)
            .samplingRate(samplingRate) // channels: the 32 BioSemi EEG channels, in volts
            .listener(v -> ui.accept(v)) // v.valence(), v.time(), v.flags() (empty = clean)
            .build();
    return est;
  }

  /** What the amplifier callback does with each block {@code [32][n]} (any n). */
  public static void onBlock(OnlineValenceEstimator est, float[][] block) {
    est.push(block);
  }
}
