package io.github.kd4j.core.model;

import io.github.kd4j.core.onnx.OnnxExportable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The role of a trained per-step sequence model (a student, a teacher, a baseline): it predicts one
 * valence value per step, exposes its ST features (the knowledge of SPEC 4.3), saves itself and
 * exports itself to ONNX, and says where it came from. The evaluator ({@code
 * io.github.kd4j.core.eval.Evaluator}) and the distiller work with any implementation.
 *
 * <p>Layouts: input {@code x[t][d]} with time first and {@code d = inputSize()}; valence {@code
 * [T]}; features {@code [T][featureSize()]}.
 */
public interface SequenceModel extends OnnxExportable {

  /** Input features per step. */
  int inputSize();

  /** Width of the ST features. */
  int featureSize();

  /**
   * Valence per step of {@code x [T][inputSize()]}.
   *
   * @throws IllegalStateException before the model is trained or loaded
   */
  float[] predict(float[][] x);

  /** The ST features {@code [T][featureSize()]} of {@code x}. */
  float[][] features(float[][] x);

  /** Writes the model (every setting, weights, provenance) atomically, checksummed. */
  void save(Path file) throws IOException;

  /**
   * Where the trained model came from.
   *
   * @throws IllegalStateException before the model is trained or loaded
   */
  Provenance provenance();
}
