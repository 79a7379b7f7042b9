package io.github.kd4j.core.bench;

import io.github.kd4j.core.nn.Adam;
import io.github.kd4j.core.nn.LstmConfig;
import io.github.kd4j.core.nn.LstmNetwork;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timed command (not a unit test): one training step of the SPEC 13 LSTM baseline (2 layers, 64
 * hidden units per direction, bidirectional, dropout 0.4, {@code Linear(128, 1)} per step, loss 1 -
 * CCC, Adam(1e-5) with L2 1e-4) on input {@code [2, 96, 128]}, in the kd4j engine ({@link
 * LstmNetwork}) and in DL4J ({@code Bidirectional(LSTM)} x 2 and an {@code RnnOutputLayer}, {@code
 * fit} per step). The PyTorch reference is {@code bench_torch_lstm.py}.
 *
 * <pre>
 * ./mvnw -B -q -o -pl kd-core -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.github.kd4j.core.bench.LstmStepBenchmark [-Dexec.args="200"]
 * </pre>
 */
public final class LstmStepBenchmark {
  private static final int BATCH = 2;
  private static final int STEPS = 96;
  private static final int INPUT = 128;
  private static final int HIDDEN = 64;

  private LstmStepBenchmark() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[BATCH * STEPS * INPUT];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] label = new float[BATCH * STEPS];
    for (int b = 0; b < BATCH; b++) {
      double acc = 0;
      for (int t = 0; t < STEPS; t++) {
        acc += 0.05 * r.nextGaussian();
        label[b * STEPS + t] = (float) acc;
      }
    }
    LstmNetwork net =
        LstmNetwork.initialize(LstmConfig.builder().inputSize(INPUT).hidden(HIDDEN).build(), 3L);
    Adam adam = Adam.builder().learningRate(1e-5).weightDecay(1e-4).build();
    SplittableRandom drop = new SplittableRandom(7);
    TrainStepBenchmark.Stats engine =
        TrainStepBenchmark.time(() -> engineStep(net, adam, x, label, drop), 30, reps);
    TrainStepBenchmark.Stats engineFwd =
        TrainStepBenchmark.time(() -> net.forward(x, BATCH, STEPS, drop).valence()[0], 30, reps);
    System.out.printf(Locale.ROOT, "kd4j LstmNetwork train step        %s%n", engine);
    System.out.printf(Locale.ROOT, "kd4j LstmNetwork forward (train)   %s%n", engineFwd);

    MultiLayerNetwork dl4j = dl4j();
    INDArray in = Nd4j.create(DataType.FLOAT, BATCH, INPUT, STEPS);
    INDArray lab = Nd4j.create(DataType.FLOAT, BATCH, 1, STEPS);
    for (int b = 0; b < BATCH; b++) {
      for (int t = 0; t < STEPS; t++) {
        for (int c = 0; c < INPUT; c++) {
          in.putScalar(new long[] {b, c, t}, x[(b * STEPS + t) * INPUT + c]);
        }
        lab.putScalar(new long[] {b, 0, t}, label[b * STEPS + t]);
      }
    }
    TrainStepBenchmark.Stats dl =
        TrainStepBenchmark.time(
            () -> {
              dl4j.fit(in, lab);
              return dl4j.score();
            },
            10,
            Math.max(20, reps / 4));
    System.out.printf(Locale.ROOT, "DL4J Bidirectional(LSTM) x2 fit    %s%n", dl);
  }

  private static double engineStep(
      LstmNetwork net, Adam adam, float[] x, float[] label, SplittableRandom drop) {
    double loss =
        io.github.kd4j.core.train.CccLoss.INSTANCE
            .computeGradients(
                net,
                new io.github.kd4j.core.nn.TrainingBatch(
                    BATCH, STEPS, net.inputSize(), x, label, null, null),
                drop)
            .total();
    adam.step(net);
    return loss;
  }

  private static MultiLayerNetwork dl4j() {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(1)
            .dataType(DataType.FLOAT)
            .updater(new org.nd4j.linalg.learning.config.Adam(1e-5))
            .l2(1e-4)
            .l2Bias(1e-4)
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                new Bidirectional(
                    Bidirectional.Mode.CONCAT,
                    new LSTM.Builder()
                        .nIn(INPUT)
                        .nOut(HIDDEN)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build()))
            .layer(
                new Bidirectional(
                    Bidirectional.Mode.CONCAT,
                    new LSTM.Builder()
                        .nIn(2 * HIDDEN)
                        .nOut(HIDDEN)
                        .dropOut(0.6) // retain probability: PyTorch's dropout 0.4 between layers
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .build()))
            .layer(
                new RnnOutputLayer.Builder(new CccLossFunction(STEPS))
                    .nIn(2 * HIDDEN)
                    .nOut(1)
                    .activation(Activation.IDENTITY)
                    .dataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW)
                    .build())
            .setInputType(
                org.deeplearning4j.nn.conf.inputs.InputType.recurrent(
                    INPUT, STEPS, org.deeplearning4j.nn.conf.RNNFormat.NCW))
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }
}
