package io.github.kd4j.eeg.online;

import io.github.kd4j.core.model.ValenceStream;
import io.github.kd4j.core.onnx.OnnxModel;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The model of an online estimator, one 4 Hz step at a time. */
interface StepModel extends AutoCloseable {
  /** Valence of the next step for the feature row {@code x}. */
  float step(float[] x);

  /** Forgets the past (next step is step 0). */
  void reset();

  int inputSize();

  /** Steps whose output sees zero padding after a (re)start. */
  int warmUpSteps();

  @Override
  default void close() {}

  /** A trained student's {@link ValenceStream}: one step of computation per step. */
  static StepModel of(ValenceStream s) {
    Objects.requireNonNull(s, "stream");
    return new StepModel() {
      @Override
      public float step(float[] x) {
        return s.step(x);
      }

      @Override
      public void reset() {
        s.reset();
      }

      @Override
      public int inputSize() {
        return s.inputSize();
      }

      @Override
      public int warmUpSteps() {
        return s.warmUpSteps();
      }

      @Override
      public String toString() {
        return s.toString();
      }
    };
  }

  /**
   * An exported ONNX student run on the ring-buffered last {@code receptiveField} rows: ONNX
   * Runtime has no way to carry the convolution state between calls of the exported graph (it takes
   * a whole sequence), but a causal TCN's output at step {@code t} depends only on steps {@code t -
   * R + 1 .. t} (R = receptive field, read from the model's {@code kd4j.config} metadata), so
   * running the graph on those rows (fewer at the start: exactly the zero padding) and taking the
   * last output gives the same value as the whole-sequence forward, at R times the work of a step.
   */
  static StepModel onnx(OnnxModel model) {
    String cfg = model.metadata().get("kd4j.config");
    Matcher m = cfg == null ? null : Pattern.compile("receptiveField=(\\d+)").matcher(cfg);
    if (m == null || !m.find()) {
      throw new IllegalArgumentException(
          "ONNX model must carry kd4j.config metadata with its receptiveField (a kd4j TCN export),"
              + " got "
              + cfg
              + " in "
              + model);
    }
    int field = Integer.parseInt(m.group(1));
    int width = model.inputWidth();
    return new StepModel() {
      private final float[][] ring = new float[field][];
      private long steps;

      @Override
      public float step(float[] x) {
        ring[(int) (steps % field)] = x.clone();
        steps++;
        int len = (int) Math.min(steps, field);
        float[][] window = new float[len][];
        for (int i = 0; i < len; i++) {
          window[i] = ring[(int) ((steps - len + i) % field)];
        }
        float[] v = model.run(window).valence();
        return v[len - 1];
      }

      @Override
      public void reset() {
        steps = 0;
      }

      @Override
      public int inputSize() {
        return width;
      }

      @Override
      public int warmUpSteps() {
        return field - 1;
      }

      @Override
      public void close() {
        model.close();
      }

      @Override
      public String toString() {
        return "OnnxWindow[receptiveField=" + field + ", " + model + "]";
      }
    };
  }
}
