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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The student training step as an ND4J SameDiff graph (the "standard ND4J route" baseline).
 *
 * <p>The graph is SPEC 5 exactly, built from the ops SameDiff can differentiate:
 *
 * <ul>
 *   <li>weight norm in the graph: {@code w = v * (g / ||v||)}, {@code v} of shape {@code [k, in,
 *       out]} (ND4J's conv1d layout), the norm over the first two axes (PyTorch {@code dim=0});
 *   <li>causal dilated convolution: {@code conv1d} with {@link PaddingMode#CAUSAL} (left padding
 *       {@code (k-1)d}, checked against explicit zero padding in {@link BaselineSmoke}), or, with
 *       {@code explicitPadding}, {@code pad} + a VALID {@code conv1d};
 *   <li>PReLU with one shared slope {@code a}: {@code relu(x) - a * relu(-x)} ({@code prelu_bp}
 *       rejects a single shared slope in 1.0.0-M2.1);
 *   <li>dropout: multiplication by a mask placeholder holding Bernoulli(1 - p) / (1 - p), redrawn
 *       every step (SameDiff's dropout ops have no gradient);
 *   <li>regressor {@code Linear(128, 1)} per step as a 1x1 {@code conv1d};
 *   <li>loss: {@code mean_b (1 - rho_b) + w * mean |teacher - features|}, {@code rho_b} the CCC of
 *       window {@code b} along time with population (co)variances, {@code w = 1}.
 * </ul>
 *
 * <p>Optimiser: ND4J {@link Adam} (lr 1e-5, betas 0.9/0.999, eps 1e-8) with L2 regularisation 1e-4
 * ({@code TrainingConfig.l2}: {@code grad += 1e-4 * param} before the updater, on every trainable
 * variable, which is PyTorch's {@code Adam(weight_decay=1e-4)}; ND4J's {@code weightDecay} would
 * instead subtract {@code lr * 1e-4 * param} after the updater, AdamW-like).
 *
 * <p>Two routes for the update, chosen at construction: {@link Route#FIT} calls {@code
 * SameDiff.fit(MultiDataSet)} once per step; {@link Route#GRADIENTS} calls {@code
 * calculateGradientsAndOutputs} and applies the L2 term and the Adam updaters itself (what {@code
 * fit} does inside, without its per-call iterator, listener and history bookkeeping).
 */
final class SameDiffTrainingStep implements TrainingStep {

  /** How the parameters are updated. */
  enum Route {
    /** {@code sd.fit(MultiDataSet)} per step. */
    FIT,
    /** {@code calculateGradientsAndOutputs} plus the updaters applied by hand. */
    GRADIENTS
  }

  private static final String LOSS = "loss";

  private final Route route;
  private final boolean explicitPadding;
  private final SameDiff sd;
  private final StudentBatch batch;
  private final List<INDArray> masks = new ArrayList<>();
  private final List<String> maskNames = new ArrayList<>();
  private final Map<String, INDArray> placeholders = new HashMap<>();
  private final MultiDataSet data;
  private final List<String> trainable = new ArrayList<>();
  private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
  private final LossRecorder lossRecorder = new LossRecorder();
  private int iteration;

  /**
   * Keeps what {@code fit} reports as the loss of its last iteration: {@code fit}'s History has no
   * loss curve, and the {@code Loss} handed to {@code iterationDone} holds 0.0 for the loss
   * variable and only the L2 term is real (1.0.0-M2.1). SameDiff never evaluates the loss variable
   * during {@code fit}: backpropagation starts from a gradient of ones and needs no loss value, and
   * a listener asking for the variable ({@code requiredVariables}) did not change that. So {@link
   * Route#FIT} returns SameDiff's own report (the L2 term); that both routes train identically is
   * checked by {@link BaselineSmoke} on the parameters.
   */
  private static final class LossRecorder extends BaseListener {
    private double last = Double.NaN;

    @Override
    public boolean isActive(Operation operation) {
      return operation == Operation.TRAINING;
    }

    @Override
    public void iterationDone(
        SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet dataSet, Loss loss) {
      last = loss.totalLoss();
    }
  }

  SameDiffTrainingStep(Route route, boolean explicitPadding, long seed) {
    this.route = route;
    this.explicitPadding = explicitPadding;
    this.batch = new StudentBatch(seed);
    this.sd = SameDiff.create();
    Nd4j.getRandom().setSeed(seed + 1);
    build();
    placeholders.put("x", batch.input);
    placeholders.put("label", batch.labels);
    placeholders.put("teacher", batch.teacher);
    for (int i = 0; i < masks.size(); i++) {
      placeholders.put(maskNames.get(i), masks.get(i));
    }
    INDArray[] features = new INDArray[1 + masks.size()];
    features[0] = batch.input;
    for (int i = 0; i < masks.size(); i++) {
      features[i + 1] = masks.get(i);
    }
    data = new MultiDataSet(features, new INDArray[] {batch.labels, batch.teacher});
    List<String> featureNames = new ArrayList<>();
    featureNames.add("x");
    featureNames.addAll(maskNames);
    sd.setTrainingConfig(
        TrainingConfig.builder()
            .updater(new Adam(LEARNING_RATE))
            .l2(WEIGHT_DECAY)
            .dataSetFeatureMapping(featureNames)
            .dataSetLabelMapping("label", "teacher")
            .build());
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
        trainable.add(v.name());
        long n = v.getArr().length();
        Adam adam = new Adam(LEARNING_RATE);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(n));
        updaters.put(v.name(), adam.instantiate(state, true));
      }
    }
    Nd4j.getRandom().setSeed(seed + 2);
  }

  @Override
  public String name() {
    return "ND4J SameDiff ("
        + (route == Route.FIT ? "sd.fit" : "calculateGradients + Adam by hand")
        + (explicitPadding ? ", pad + VALID conv1d" : ", CAUSAL conv1d")
        + ")";
  }

  @Override
  public double step() {
    double keep = 1 - DROPOUT;
    for (INDArray m : masks) {
      Nd4j.getExecutioner().exec(new BernoulliDistribution(m, keep));
      m.divi(keep);
    }
    if (route == Route.FIT) {
      lossRecorder.last = Double.NaN;
      sd.fit(data, lossRecorder);
      return lossRecorder.last;
    }
    OutAndGrad og = sd.calculateGradientsAndOutputs(placeholders, List.of(LOSS), trainable);
    Map<String, INDArray> grads = og.getGradients();
    for (String name : trainable) {
      INDArray param = sd.getVariable(name).getArr();
      INDArray grad = grads.get(name);
      grad.addi(param.mul(WEIGHT_DECAY));
      updaters.get(name).applyUpdater(grad, iteration, 0);
      param.subi(grad);
    }
    iteration++;
    return og.getOutputs().get(LOSS).getDouble(0);
  }

  /**
   * The forward pass alone (training-mode dropout masks, loss included), for a breakdown of the
   * step time; returns the loss.
   */
  double forward() {
    return sd.output(placeholders, LOSS).get(LOSS).getDouble(0);
  }

  /** The graph, for profiling listeners. */
  SameDiff graph() {
    return sd;
  }

  /** Number of ops in the forward graph (the gradient graph adds about as many again). */
  int forwardOps() {
    return sd.getOps().size();
  }

  /** A copy of the current value of one trainable variable. */
  INDArray parameter(String name) {
    return sd.getVariable(name).getArr().dup();
  }

  /**
   * Features of the current parameters in evaluation mode (all-ones masks), {@code [2, 128, 96]}.
   */
  INDArray features() {
    Map<String, INDArray> ph = new HashMap<>(placeholders);
    for (String m : maskNames) {
      ph.put(m, Nd4j.onesLike(placeholders.get(m)));
    }
    return sd.output(ph, "features").get("features");
  }

  private void build() {
    SDVariable x = sd.placeHolder("x", DataType.FLOAT, BATCH, INPUT, STEPS);
    SDVariable label = sd.placeHolder("label", DataType.FLOAT, BATCH, STEPS);
    SDVariable teacher =
        sd.placeHolder("teacher", DataType.FLOAT, BATCH, StudentBatch.outputSize(), STEPS);
    SDVariable h = x;
    int in = INPUT;
    for (int i = 0; i < CHANNELS.length; i++) {
      int out = CHANNELS[i];
      int d = 1 << i;
      SDVariable a = conv(h, "b" + i + "_conv1", in, out, d);
      a = dropout(prelu(a, "b" + i + "_a1"), "b" + i + "_mask1", out);
      a = conv(a, "b" + i + "_conv2", out, out, d);
      a = dropout(prelu(a, "b" + i + "_a2"), "b" + i + "_mask2", out);
      SDVariable res = h;
      if (in != out) {
        SDVariable w =
            sd.var("b" + i + "_down_w", Nd4j.randn(DataType.FLOAT, 1, in, out).muli(0.01));
        SDVariable b = sd.var("b" + i + "_down_b", uniform(out, in));
        res = sd.cnn().conv1d(h, w, b, config(1, 1, PaddingMode.VALID));
      }
      h = prelu(a.add(res), "b" + i + "_a3");
      in = out;
    }
    SDVariable features = sd.identity("features", h);
    SDVariable rw = sd.var("reg_w", uniform(in, in).reshape(1, in, 1));
    SDVariable rb = sd.var("reg_b", uniform(1, in));
    SDVariable pred =
        sd.cnn().conv1d(features, rw, rb, config(1, 1, PaddingMode.VALID)).reshape(BATCH, STEPS);

    SDVariable muP = pred.mean(true, 1);
    SDVariable muL = label.mean(true, 1);
    SDVariable dp = pred.sub(muP);
    SDVariable dl = label.sub(muL);
    SDVariable sPL = dp.mul(dl).mean(1);
    SDVariable sP = dp.mul(dp).mean(1);
    SDVariable sL = dl.mul(dl).mean(1);
    SDVariable dMu = muP.sub(muL).reshape(BATCH);
    SDVariable rho = sPL.mul(2).div(sP.add(sL).add(dMu.mul(dMu)));
    SDVariable ccc = rho.rsub(1).mean();
    SDVariable kd = sd.math().abs(teacher.sub(features)).mean();
    sd.setLossVariables(ccc.add(LOSS, kd.mul(KD_WEIGHT)));
  }

  private SDVariable conv(SDVariable input, String name, int in, int out, int d) {
    INDArray vInit = Nd4j.randn(DataType.FLOAT, KERNEL, in, out).muli(0.01);
    SDVariable v = sd.var(name + "_v", vInit);
    SDVariable g = sd.var(name + "_g", vInit.norm2(0, 1).reshape(1, 1, out));
    SDVariable b = sd.var(name + "_b", uniform(out, in * KERNEL));
    SDVariable w = v.mul(g.div(v.norm2(true, 0, 1)));
    if (explicitPadding) {
      int pad = (KERNEL - 1) * d;
      SDVariable pads = sd.constant(Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {pad, 0}}));
      return sd.cnn()
          .conv1d(sd.nn().pad(input, pads, 0.0), w, b, config(KERNEL, d, PaddingMode.VALID));
    }
    return sd.cnn().conv1d(input, w, b, config(KERNEL, d, PaddingMode.CAUSAL));
  }

  private SDVariable prelu(SDVariable input, String slope) {
    SDVariable a = sd.var(slope, Nd4j.scalar(DataType.FLOAT, (float) PRELU_INIT));
    return sd.nn().relu(input, 0).sub(a.mul(sd.nn().relu(input.neg(), 0)));
  }

  private SDVariable dropout(SDVariable input, String name, int channels) {
    INDArray mask = Nd4j.ones(DataType.FLOAT, BATCH, channels, STEPS);
    masks.add(mask);
    maskNames.add(name);
    return input.mul(sd.placeHolder(name, DataType.FLOAT, BATCH, channels, STEPS));
  }

  private static Conv1DConfig config(int k, int d, PaddingMode mode) {
    return Conv1DConfig.builder().k(k).s(1).p(0).d(d).dataFormat("NCW").paddingMode(mode).build();
  }

  /** PyTorch's default bias initialisation, U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
  private static INDArray uniform(int n, int fanIn) {
    double bound = 1 / Math.sqrt(fanIn);
    return Nd4j.rand(DataType.FLOAT, n).muli(2 * bound).subi(bound);
  }
}
