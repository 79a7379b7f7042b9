package io.github.kd4j.core.nn;

import io.github.kd4j.core.internal.Checks;

/**
 * Adam with L2 weight decay added to the gradient, exactly PyTorch's {@code torch.optim.Adam}
 * semantics (not AdamW): with gradient {@code g}, parameter {@code p} and step {@code t >= 1},
 *
 * <pre>
 * g' = g + weightDecay * p
 * m  = beta1 m + (1 - beta1) g'
 * v  = beta2 v + (1 - beta2) g'^2
 * p  = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * Defaults: SPEC 7 (learning rate 1e-5, weight decay 1e-4) and PyTorch (betas 0.9, 0.999, eps
 * 1e-8). The optimiser binds to one network on its first step; its state can be saved and restored
 * for checkpoints. Not thread-safe.
 */
public final class Adam {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private double learningRate;
  private long step;
  private float[] m;
  private float[] v;

  private Adam(Builder b) {
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.eps = b.eps;
    this.weightDecay = b.weightDecay;
    this.learningRate = b.learningRate;
  }

  /** A builder with the SPEC 7 defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The current learning rate. */
  public double learningRate() {
    return learningRate;
  }

  /** Changes the learning rate (for schedulers); moments are kept. */
  public void learningRate(double lr) {
    this.learningRate = Checks.positive("learningRate", lr);
  }

  /** Number of steps taken. */
  public long steps() {
    return step;
  }

  /** Updates the parameters of {@code net} from the gradients of its last backward pass. */
  public void step(SequenceNetwork net) {
    update(net.parameterArray(), net.gradientArray());
  }

  private void update(float[] p, float[] g) {
    int n = p.length;
    if (m == null) {
      m = new float[n];
      v = new float[n];
    } else if (m.length != n) {
      throw new IllegalStateException(
          "this optimiser holds state for " + m.length + " parameters, the network has " + n);
    }
    step++;
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    float stepSize = (float) (learningRate / bc1);
    float sqrtBc2 = (float) Math.sqrt(bc2);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float wd = (float) weightDecay;
    float e = (float) eps;
    float[] m = this.m;
    float[] v = this.v;
    for (int i = 0; i < n; i++) {
      float pi = p[i];
      float gi = g[i] + wd * pi;
      float mi = b1 * m[i] + (1 - b1) * gi;
      float vi = b2 * v[i] + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      float denom = (float) Math.sqrt(vi) / sqrtBc2 + e;
      p[i] = pi - stepSize * mi / denom;
    }
  }

  /** The optimiser state (step count and both moment vectors), for checkpoints. */
  public State state() {
    return new State(
        step, learningRate, m == null ? null : m.clone(), v == null ? null : v.clone());
  }

  /** Restores a state saved by {@link #state()}. */
  public void restore(State s) {
    this.step = s.step();
    this.learningRate = s.learningRate();
    this.m = s.m() == null ? null : s.m().clone();
    this.v = s.v() == null ? null : s.v().clone();
  }

  /** Saved optimiser state: step count, learning rate, first and second moments (may be null). */
  public record State(long step, double learningRate, float[] m, float[] v) {}

  @Override
  public String toString() {
    return "Adam{lr="
        + learningRate
        + ", betas=("
        + beta1
        + ", "
        + beta2
        + "), eps="
        + eps
        + ", weightDecay="
        + weightDecay
        + ", steps="
        + step
        + "}";
  }

  /** Builder of {@link Adam}. */
  public static final class Builder {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay = 1e-4;
    private double learningRate = 1e-5;

    private Builder() {}

    /** Learning rate; default 1e-5 (SPEC 7). */
    public Builder learningRate(double lr) {
      this.learningRate = Checks.positive("learningRate", lr);
      return this;
    }

    /** L2 weight decay added to the gradient; default 1e-4 (SPEC 7). */
    public Builder weightDecay(double wd) {
      this.weightDecay = Checks.nonNegative("weightDecay", wd);
      return this;
    }

    /** Moment decay rates, each in [0, 1); default 0.9 and 0.999. */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = Checks.probability("beta1", beta1);
      this.beta2 = Checks.probability("beta2", beta2);
      return this;
    }

    /** Denominator guard; default 1e-8. */
    public Builder eps(double eps) {
      this.eps = Checks.positive("eps", eps);
      return this;
    }

    /** Builds a fresh optimiser (no state); the builder stays reusable. */
    public Adam build() {
      return new Adam(this);
    }
  }
}
