package io.github.kd4j.core.onnx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Capability of a trained model to write itself as a standard ONNX file that {@link OnnxModel} (or
 * any ONNX runtime) can run.
 *
 * <p>Implementations write atomically (a temporary file moved into place) and record {@code
 * kd4j.version}, {@code kd4j.provenance} and their configuration in the file's {@code
 * metadata_props}, as {@link TcnOnnxExporter} does.
 */
public interface OnnxExportable {
  /**
   * Writes this model to {@code file} as ONNX.
   *
   * @param file the destination; replaced if it exists
   * @param provenance free text stored as {@code kd4j.provenance} (seed, config, fold, data hash)
   * @throws IOException if the file cannot be written
   */
  void exportOnnx(Path file, String provenance) throws IOException;
}
