package io.github.kd4j.core.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one training step of each ND4J baseline: 20 warm-up steps, then 50 timed steps ({@code
 * System.nanoTime} around {@link TrainingStep#step()}), reported as median, p10 and p90 in
 * milliseconds, with the JVM's CPU time per step (all threads: less sensitive to other processes
 * than wall time on a shared machine), and the forward pass alone (SameDiff: once; DL4J) for a
 * breakdown. ND4J runs with its default threads. Arguments (optional): warm-up and timed step
 * counts.
 *
 * <pre>
 * ./mvnw -B -q -pl kd-core -am test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.github.kd4j.core.bench.BaselineTimer
 * </pre>
 */
public final class BaselineTimer {
  private BaselineTimer() {}

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int timed = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    System.out.printf(
        "ND4J threads: ops %d, master %d, BLAS %d; cores %d; warm-up %d, timed %d%n",
        Nd4j.getEnvironment().maxThreads(),
        Nd4j.getEnvironment().maxMasterThreads(),
        Nd4j.factory().blas().getMaxThreads(),
        Runtime.getRuntime().availableProcessors(),
        warmup,
        timed);
    List<Supplier<TrainingStep>> steps =
        List.of(
            () -> new SameDiffTrainingStep(SameDiffTrainingStep.Route.FIT, false, 1),
            () -> new SameDiffTrainingStep(SameDiffTrainingStep.Route.GRADIENTS, false, 1),
            () -> new Dl4jTrainingStep(false, 1));
    StringBuilder table = new StringBuilder();
    boolean forwardDone = false;
    for (Supplier<TrainingStep> factory : steps) {
      try (TrainingStep step = factory.get()) {
        double sink = 0;
        for (int i = 0; i < warmup; i++) {
          sink += step.step();
        }
        double[] ms = new double[timed];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < timed; i++) {
          long t0 = System.nanoTime();
          sink += step.step();
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double cpuPerStep = (processCpuNanos() - cpu0) / 1e6 / timed;
        String line = line(step.name(), ms, sink) + String.format("  cpu %.1f ms/step", cpuPerStep);
        System.out.println(line);
        table.append(line).append('\n');
        if (step instanceof SameDiffTrainingStep sd && !forwardDone) {
          forwardDone = true;
          for (int i = 0; i < timed; i++) {
            long t0 = System.nanoTime();
            sink += sd.forward();
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
          line = line("  forward only, sd.output (" + sd.forwardOps() + " forward ops)", ms, sink);
          System.out.println(line);
          table.append(line).append('\n');
        }
        if (step instanceof Dl4jTrainingStep dl) {
          for (int i = 0; i < timed; i++) {
            long t0 = System.nanoTime();
            sink += dl.forward();
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
          line = line("  forward only, graph.score(train)", ms, sink);
          System.out.println(line);
          table.append(line).append('\n');
        }
      }
    }
    System.out.print("\nsummary\n" + table);
  }

  /** CPU time of the whole JVM (all threads, the ND4J/OpenMP workers included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String line(String name, double[] ms, double sink) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return String.format(
        "%-80s median %7.1f ms  p10 %7.1f  p90 %7.1f  (sum %.4g)",
        name, quantile(sorted, 0.5), quantile(sorted, 0.1), quantile(sorted, 0.9), sink);
  }

  /** Linear interpolation between order statistics of sorted {@code x}. */
  private static double quantile(double[] x, double q) {
    double pos = q * (x.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, x.length - 1);
    return x[lo] + (pos - lo) * (x[hi] - x[lo]);
  }
}
