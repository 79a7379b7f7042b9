package io.github.kd4j.core.distill;

import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.train.TrainerConfig;
import java.util.Objects;

/**
 * What the distiller needs to train students of one kind: the network shape, whether inputs are
 * standardised, the training settings (the distiller sets the seed, the KD weight and the
 * checkpoint directory), and how a trained {@link SequenceRegressor} becomes the user's type
 * (kd-eeg's {@code TcnStudent.Builder} implements it).
 *
 * @param <S> the student type the distiller returns
 */
public interface StudentTemplate<S extends SequenceModel> {

  /** The student network's shape. */
  TcnConfig network();

  /** Whether the student standardises its inputs with training statistics. */
  boolean standardize();

  /** The training settings. */
  TrainerConfig trainer();

  /** The user's student type around a trained regressor. */
  S wrap(SequenceRegressor trained);

  /** A template whose students are plain {@link SequenceRegressor}s. */
  static StudentTemplate<SequenceRegressor> regressor(
      TcnConfig network, boolean standardize, TrainerConfig trainer) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(trainer, "trainer");
    return new StudentTemplate<>() {
      @Override
      public TcnConfig network() {
        return network;
      }

      @Override
      public boolean standardize() {
        return standardize;
      }

      @Override
      public TrainerConfig trainer() {
        return trainer;
      }

      @Override
      public SequenceRegressor wrap(SequenceRegressor trained) {
        return trained;
      }

      @Override
      public String toString() {
        return "StudentTemplate{" + network + ", standardize=" + standardize + ", " + trainer + "}";
      }
    };
  }
}
