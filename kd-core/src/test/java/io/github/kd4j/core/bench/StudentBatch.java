package io.github.kd4j.core.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed batch every baseline trains on, in ND4J's channels-first ("NCW") layout: input {@code
 * [2, 192, 96]} ~ N(0, 1), labels {@code [2, 96]} ~ U(-1, 1) (valence), teacher features {@code [2,
 * 128, 96]} ~ N(0, 1). The SPEC's {@code [batch, T, 128]} teacher layout is the transpose of this
 * one; the L1 mean does not depend on the layout.
 */
final class StudentBatch {
  static final int BATCH = 2;
  static final int INPUT = 192;
  static final int STEPS = 96;
  static final int KERNEL = 3;
  static final int[] CHANNELS = {128, 128};
  static final double DROPOUT = 0.1;
  static final double KD_WEIGHT = 1.0;
  static final double LEARNING_RATE = 1e-5;
  static final double WEIGHT_DECAY = 1e-4;

  /** The paper's PReLU slope at initialisation. */
  static final double PRELU_INIT = 0.25;

  final INDArray input;
  final INDArray labels;
  final INDArray teacher;

  StudentBatch(long seed) {
    Nd4j.getRandom().setSeed(seed);
    input = Nd4j.randn(DataType.FLOAT, BATCH, INPUT, STEPS);
    labels = Nd4j.rand(DataType.FLOAT, BATCH, STEPS).muli(2).subi(1);
    teacher = Nd4j.randn(DataType.FLOAT, BATCH, outputSize(), STEPS);
  }

  static int outputSize() {
    return CHANNELS[CHANNELS.length - 1];
  }
}
