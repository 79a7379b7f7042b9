/**
 * Video frames of a trial ({@link io.github.kd4j.vision.frames.FrameSequence}) and their SPEC 4.1
 * sampling, crop, flip and normalisation ({@link io.github.kd4j.vision.frames.FrameTransform}).
 *
 * <p>Frames are 48x48 RGB uint8 images stored HWC, 16 per label step. They come from arrays or from
 * a folder of PNG/JPEG images ({@link io.github.kd4j.vision.frames.FrameFolderReader}); decoding
 * video files (MP4, AVI, ...) is out of scope: extract, face-align and resize the frames with other
 * tools first.
 */
package io.github.kd4j.vision.frames;
