package io.github.kd4j.core.bench;

import static io.github.kd4j.core.bench.StudentBatch.BATCH;
import static io.github.kd4j.core.bench.StudentBatch.CHANNELS;
import static io.github.kd4j.core.bench.StudentBatch.DROPOUT;
import static io.github.kd4j.core.bench.StudentBatch.INPUT;
import static io.github.kd4j.core.bench.StudentBatch.KD_WEIGHT;
import static io.github.kd4j.core.bench.StudentBatch.KERNEL;
import static io.github.kd4j.core.bench.StudentBatch.LEARNING_RATE;
import static io.github.kd4j.core.bench.StudentBatch.PRELU_INIT;
import static io.github.kd4j.core.bench.StudentBatch.STEPS;
import static io.github.kd4j.core.bench.StudentBatch.WEIGHT_DECAY;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossL1;

/**
 * The student training step as a deeplearning4j-nn {@link ComputationGraph} (the "standard DL4J
 * route" baseline), trained with {@code graph.fit(MultiDataSet)} once per step.
 *
 * <p>Per temporal block (SPEC 5): {@code Convolution1DLayer} (kernel 3, dilation {@code 2^i},
 * {@code ConvolutionMode.Causal}) with the activation, dropout 0.1 on the second convolution's
 * input (DL4J applies a layer's dropout to its input; inverted dropout, retain probability 0.9),
 * the second convolution, a {@code DropoutLayer}, the residual as an {@code ElementWiseVertex(Add)}
 * with a 1x1 convolution where the widths differ (192 -> 128), and the activation on the sum.
 *
 * <p>Differences from the SPEC, all of them DL4J limitations, none changing the arithmetic cost
 * noticeably:
 *
 * <ul>
 *   <li>PReLU: with {@code preluLayer == false} every PReLU is a fixed {@code LeakyReLU(0.25)} (the
 *       PReLU slope at initialisation, not learned), the activation fused into the convolution
 *       layer; with {@code true}, standalone {@code PReLULayer}s with the slope shared over both
 *       axes (one learned slope), if DL4J accepts them;
 *   <li>no weight normalisation (DL4J has none built in): plain weights ~ N(0, 0.01), so the weight
 *       norm's {@code g / ||v||} rescaling and its backward pass are not done;
 *   <li>biases start at 0 (DL4J's default), not PyTorch's uniform.
 * </ul>
 *
 * <p>Outputs: the features (block output, {@code [2, 128, 96]}) through an {@code RnnLossLayer}
 * with L1 against the teacher, weighted {@code w / (128 * 96)} per element so that DL4J's
 * per-sequence sum averaged over the batch becomes the mean over batch, steps and features; the
 * valence through an {@code RnnOutputLayer} ({@code Linear(128, 1)} per step) with {@link
 * CccLossFunction}, 1 - CCC per window along time. Adam(1e-5) with L2 1e-4 on weights and biases
 * ({@code l2}, {@code l2Bias}: added to the gradient before the updater, as PyTorch's Adam {@code
 * weight_decay}).
 */
final class Dl4jTrainingStep implements TrainingStep {
  private final boolean preluLayer;
  private final ComputationGraph graph;
  private final MultiDataSet data;

  Dl4jTrainingStep(boolean preluLayer, long seed) {
    this.preluLayer = preluLayer;
    StudentBatch batch = new StudentBatch(seed);
    double keep = 1 - DROPOUT;
    ComputationGraphConfiguration.GraphBuilder gb =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(new Adam(LEARNING_RATE))
            .l2(WEIGHT_DECAY)
            .l2Bias(WEIGHT_DECAY)
            .weightInit(new NormalDistribution(0, 0.01))
            .graphBuilder()
            .addInputs("x")
            .setInputTypes(InputType.recurrent(INPUT, STEPS));
    String prev = "x";
    int in = INPUT;
    for (int i = 0; i < CHANNELS.length; i++) {
      int out = CHANNELS[i];
      int d = 1 << i;
      String p = "b" + i + "_";
      gb.addLayer(p + "conv1", conv(in, out, d, null), prev);
      String a1 = activation(gb, p + "act1", p + "conv1", out);
      gb.addLayer(p + "conv2", conv(out, out, d, new Dropout(keep)), a1);
      String a2 = activation(gb, p + "act2", p + "conv2", out);
      gb.addLayer(p + "drop2", new DropoutLayer.Builder(keep).build(), a2);
      String res = prev;
      if (in != out) {
        gb.addLayer(
            p + "down",
            new Convolution1DLayer.Builder()
                .kernelSize(1)
                .nIn(in)
                .nOut(out)
                .activation(Activation.IDENTITY)
                .build(),
            prev);
        res = p + "down";
      }
      gb.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "drop2", res);
      if (preluLayer) {
        gb.addLayer(p + "out", prelu(out), p + "add");
      } else {
        gb.addLayer(p + "out", new ActivationLayer(new ActivationLReLU(PRELU_INIT)), p + "add");
      }
      prev = p + "out";
      in = out;
    }
    float l1Weight = (float) (KD_WEIGHT / ((double) in * STEPS));
    gb.addLayer(
        "features",
        new RnnLossLayer.Builder(new LossL1(Nd4j.valueArrayOf(new long[] {1, in}, l1Weight)))
            .activation(Activation.IDENTITY)
            .build(),
        prev);
    gb.addLayer(
        "valence",
        new RnnOutputLayer.Builder(new CccLossFunction(STEPS))
            .nIn(in)
            .nOut(1)
            .activation(Activation.IDENTITY)
            .build(),
        prev);
    gb.setOutputs("features", "valence");
    graph = new ComputationGraph(gb.build());
    graph.init();
    data =
        new MultiDataSet(
            new org.nd4j.linalg.api.ndarray.INDArray[] {batch.input},
            new org.nd4j.linalg.api.ndarray.INDArray[] {
              batch.teacher, batch.labels.reshape(BATCH, 1, STEPS)
            });
  }

  private Layer conv(int in, int out, int d, Dropout inputDropout) {
    Convolution1DLayer.Builder b =
        new Convolution1DLayer.Builder()
            .kernelSize(KERNEL)
            .dilation(d)
            .convolutionMode(ConvolutionMode.Causal)
            .nIn(in)
            .nOut(out)
            .activation(preluLayer ? Activation.IDENTITY.getActivationFunction() : lrelu());
    if (inputDropout != null) {
      b.dropOut(inputDropout);
    }
    return b.build();
  }

  private static ActivationLReLU lrelu() {
    return new ActivationLReLU(PRELU_INIT);
  }

  /** Adds a PReLULayer after {@code from} when asked for one; returns the name to continue from. */
  private String activation(
      ComputationGraphConfiguration.GraphBuilder gb, String name, String from, int channels) {
    if (!preluLayer) {
      return from;
    }
    gb.addLayer(name, prelu(channels), from);
    return name;
  }

  private static PReLULayer prelu(int channels) {
    return new PReLULayer.Builder()
        .inputShape(channels, STEPS)
        .sharedAxes(1, 2)
        .weightInit(new org.deeplearning4j.nn.weights.WeightInitConstant(PRELU_INIT))
        .build();
  }

  @Override
  public String name() {
    return "DL4J ComputationGraph ("
        + (preluLayer ? "PReLULayer, shared slope" : "LeakyReLU(0.25) for PReLU")
        + ", no weight norm, graph.fit)";
  }

  @Override
  public double step() {
    graph.fit(data);
    return graph.score();
  }

  /**
   * The forward pass alone (training mode, both losses), for a breakdown of the step time; returns
   * the score.
   */
  double forward() {
    return graph.score(data, true);
  }

  /** The network's parameter count (for the report). */
  long parameterCount() {
    return graph.numParams();
  }
}
