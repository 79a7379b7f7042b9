/**
 * Frame backbones: a frozen ONNX image network ({@link
 * io.github.kd4j.vision.backbone.OnnxBackbone}) run by ONNX Runtime, the cache of its per-frame
 * embeddings ({@link io.github.kd4j.vision.backbone.EmbeddingCache}) and the single-file export of
 * backbone plus TCN ({@link io.github.kd4j.vision.backbone.FrameTeacherOnnx}).
 */
package io.github.kd4j.vision.backbone;
