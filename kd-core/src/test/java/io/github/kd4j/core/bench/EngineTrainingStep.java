package io.github.kd4j.core.bench;

import io.github.kd4j.core.nn.Adam;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.nn.TrainingBatch;
import io.github.kd4j.core.testing.TrainSteps;
import java.util.SplittableRandom;

/** The kd4j engine ({@link TemporalConvNet}) doing the benchmark's training step. */
final class EngineTrainingStep implements TrainingStep {
  static final int BATCH = 2;
  static final int STEPS = 96;
  static final int INPUT = 192;
  static final int[] CHANNELS = {128, 128};

  private final TemporalConvNet net;
  private final Adam adam;
  private final TrainingBatch batch;
  private final SplittableRandom dropout = new SplittableRandom(3);

  EngineTrainingStep() {
    net =
        TemporalConvNet.initialize(
            TcnConfig.builder()
                .inputSize(INPUT)
                .channels(CHANNELS)
                .kernelSize(3)
                .dropout(0.1)
                .build(),
            1L);
    adam = Adam.builder().learningRate(1e-5).weightDecay(1e-4).build();
    SplittableRandom r = new SplittableRandom(2);
    float[] x = new float[BATCH * STEPS * INPUT];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] y = new float[BATCH * STEPS];
    for (int b = 0; b < BATCH; b++) {
      double acc = 0;
      for (int t = 0; t < STEPS; t++) {
        acc += 0.05 * r.nextGaussian();
        y[b * STEPS + t] = (float) acc;
      }
    }
    float[] teacher = new float[BATCH * STEPS * CHANNELS[CHANNELS.length - 1]];
    for (int i = 0; i < teacher.length; i++) {
      teacher[i] = (float) (0.1 * r.nextGaussian());
    }
    batch = new TrainingBatch(BATCH, STEPS, INPUT, x, y, null, teacher);
  }

  TemporalConvNet net() {
    return net;
  }

  @Override
  public String name() {
    return "kd4j engine (im2col + OpenBLAS GEMM, hand-derived backward)";
  }

  @Override
  public double step() {
    return TrainSteps.trainStep(net, batch, 1.0, adam, dropout).total();
  }
}
