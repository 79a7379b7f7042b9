package io.github.kd4j.core.bench;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Where the SameDiff step's time goes: a listener times every op execution (between {@code
 * preOpExecution} and {@code opExecution}) during {@code sd.fit}, summed by op type; what is left
 * of the wall time is SameDiff's own scheduling, the updater and listener bookkeeping. Arguments
 * (optional): warm-up and profiled step counts.
 *
 * <pre>
 * ./mvnw -B -q -pl kd-core -am test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.github.kd4j.core.bench.BaselineProfile
 * </pre>
 */
public final class BaselineProfile {
  private BaselineProfile() {}

  /** Sums op execution time by op name. */
  private static final class OpTimer extends BaseListener {
    final Map<String, long[]> byOp = new HashMap<>();
    private long start;
    boolean on;

    @Override
    public boolean isActive(Operation operation) {
      return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
      start = System.nanoTime();
    }

    @Override
    public void opExecution(
        SameDiff sd,
        At at,
        org.nd4j.linalg.dataset.api.MultiDataSet batch,
        SameDiffOp op,
        OpContext opContext,
        INDArray[] outputs) {
      if (on) {
        long[] t = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        t[0] += System.nanoTime() - start;
        t[1]++;
      }
    }
  }

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int profiled = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (SameDiffTrainingStep step =
        new SameDiffTrainingStep(SameDiffTrainingStep.Route.FIT, false, 1)) {
      OpTimer timer = new OpTimer();
      step.graph().addListeners(timer);
      for (int i = 0; i < warmup; i++) {
        step.step();
      }
      timer.on = true;
      long t0 = System.nanoTime();
      for (int i = 0; i < profiled; i++) {
        step.step();
      }
      double wall = (System.nanoTime() - t0) / 1e6 / profiled;
      double inOps = 0;
      long count = 0;
      for (long[] t : timer.byOp.values()) {
        inOps += t[0] / 1e6 / profiled;
        count += t[1];
      }
      System.out.printf(
          "%s: %.1f ms per step (mean), %.1f ms inside %d op executions per step, %.1f ms"
              + " elsewhere%n",
          step.name(), wall, inOps, count / profiled, wall - inOps);
      timer.byOp.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
          .limit(15)
          .forEach(
              e ->
                  System.out.printf(
                      "  %-28s %7.2f ms per step, %4d calls per step%n",
                      e.getKey(), e.getValue()[0] / 1e6 / profiled, e.getValue()[1] / profiled));
    }
    if (args.length > 2 && args[2].equals("dl4j")) {
      try (Dl4jTrainingStep step = new Dl4jTrainingStep(false, 1)) {
        for (int i = 0; i < warmup; i++) {
          step.step();
        }
        Nd4j.getExecutioner()
            .setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        OpProfiler.getInstance().reset();
        for (int i = 0; i < profiled; i++) {
          step.step();
        }
        System.out.println(step.name() + ": ND4J OpProfiler over " + profiled + " steps");
        OpProfiler.getInstance().printOutDashboard();
      }
    }
  }
}
