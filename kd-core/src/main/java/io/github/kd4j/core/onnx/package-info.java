/**
 * ONNX export and inference: {@link io.github.kd4j.core.onnx.TcnOnnxExporter} writes a TCN as a
 * standard ONNX file, {@link io.github.kd4j.core.onnx.OnnxModel} runs one in ONNX Runtime (CPU, or
 * CUDA with the {@code -Pgpu} build), and models offer export through {@link
 * io.github.kd4j.core.onnx.OnnxExportable}.
 */
package io.github.kd4j.core.onnx;
