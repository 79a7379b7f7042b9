package io.github.kd4j.core.model;

import io.github.kd4j.core.data.NdArrays;
import io.github.kd4j.core.onnx.OnnxExportable;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The role of a trained per-step sequence model (a student, a teacher, a baseline): it predicts one
 * valence value per step, exposes its ST features (the knowledge of SPEC 4.3), saves itself and
 * exports itself to ONNX, and says where it came from. The evaluator ({@code
 * io.github.kd4j.core.eval.Evaluator}) and the distiller work with any implementation.
 *
 * <p>Layouts: input {@code x[t][d]} with time first and {@code d = inputSize()}; valence {@code
 * [T]}; features {@code [T][featureSize()]}. The {@code INDArray} overloads take the same
 * time-major layout, rank 2 {@code [T, d]} or rank 3 {@code [1, T, d]} (see {@link NdArrays}), and
 * return FLOAT arrays {@code [T]} and {@code [T, featureSize()]}; the input is copied once.
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

  /**
   * Valence per step of a time-major ND4J array {@code [T, inputSize()]} or {@code [1, T,
   * inputSize()]}: a FLOAT vector {@code [T]}, equal to {@link #predict(float[][])} of the same
   * values.
   *
   * @throws IllegalArgumentException for another rank, shape or data type (see {@link NdArrays})
   */
  default INDArray predict(INDArray x) {
    return Nd4j.createFromArray(predict(NdArrays.toSteps(x)));
  }

  /**
   * The ST features of a time-major ND4J array (as {@link #predict(INDArray)}): a FLOAT array
   * {@code [T, featureSize()]}.
   */
  default INDArray features(INDArray x) {
    return Nd4j.create(features(NdArrays.toSteps(x)));
  }

  /** Writes the model (every setting, weights, provenance) atomically, checksummed. */
  void save(Path file) throws IOException;

  /**
   * Where the trained model came from.
   *
   * @throws IllegalStateException before the model is trained or loaded
   */
  Provenance provenance();
}
