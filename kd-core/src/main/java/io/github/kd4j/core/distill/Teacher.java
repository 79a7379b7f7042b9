package io.github.kd4j.core.distill;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.core.train.TrainingListener;
import io.github.kd4j.core.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The teacher role of cross-modal distillation (SPEC 1, 4): a model of the visual stream whose ST
 * features become the student's knowledge. {@code VisualTeacher} (kd-vision) implements it for
 * per-step visual features and for video frames through a frozen ONNX backbone.
 *
 * <p>{@link SequenceModel#predict} and {@link SequenceModel#features} take the teacher's per-step
 * inputs ({@link #visualTrial}'s features: visual features, or frame embeddings in evaluation
 * mode).
 */
public interface Teacher extends SequenceModel {

  /** Whether the teacher is trained (then the distiller uses it as it is). */
  boolean isFitted();

  /**
   * Trains on the visual streams and labels of the trials, selecting by validation CCC.
   *
   * @param seed the one seed of the teacher's training (initial weights, shuffles, dropout, frame
   *     picks, crops)
   * @param checkpointDir where the teacher's checkpoints go (null: none)
   * @throws IllegalArgumentException naming a trial whose visual stream does not fit
   */
  TrainingResult fit(
      List<PairedTrial> train,
      List<PairedTrial> validation,
      long seed,
      Path checkpointDir,
      TrainingListener... listeners)
      throws InterruptedException;

  /**
   * The trial as the teacher's model sees it in evaluation mode: its per-step inputs and the labels
   * (for evaluating the teacher with {@code Evaluator}).
   */
  Trial visualTrial(PairedTrial trial);

  /**
   * The knowledge of one trial (SPEC 4.3): the teacher's ST features in evaluation mode, whole
   * trial at a time, {@code [T * knowledgeRate()][featureSize()]}.
   */
  float[][] knowledge(PairedTrial trial);

  /** Knowledge rows per label step: 1 for per-step inputs, 16 for 64 Hz frames. */
  int knowledgeRate();
}
