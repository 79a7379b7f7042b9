package io.github.kd4j.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.kd4j.core.onnx.ExecutionTarget;
import io.github.kd4j.core.onnx.OnnxExportable;
import io.github.kd4j.core.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one check every {@link OnnxExportable} model should pass: export it, run the file in ONNX
 * Runtime (CPU), compare with the Java (or reference) outputs, and read the provenance back.
 */
public final class OnnxParity {
  /** Default tolerance: float32 inference, relative and absolute. */
  public static final double TOLERANCE = 1e-5;

  private OnnxParity() {}

  /**
   * Result of {@link #assertExportMatches}: the largest absolute differences seen, and the same
   * divided by the largest |expected| value ({@link KdAssertions#normwiseRelativeError}).
   */
  public record Errors(
      double valence, double features, double valenceRelative, double featuresRelative) {}

  /**
   * Exports {@code model} to {@code dir/model.onnx} with a provenance string, runs {@code
   * x[b][t][f]} and asserts {@code |ort - expected| <= tol * |expected| + tol} for valence {@code
   * [B][T]} and features {@code [B][T][c]} (flattened row-major), and that {@code kd4j.provenance}
   * reads back unchanged.
   */
  public static Errors assertExportMatches(
      OnnxExportable model,
      float[][][] x,
      double[] expectedValence,
      double[] expectedFeatures,
      Path dir,
      double tol)
      throws IOException {
    Path file = dir.resolve("model.onnx");
    String provenance = "OnnxParity check of " + model.getClass().getName() + " \u2713";
    model.exportOnnx(file, provenance);
    try (OnnxModel m = OnnxModel.load(file, ExecutionTarget.CPU)) {
      assertEquals(provenance, m.metadata().get("kd4j.provenance"), "provenance read back");
      OnnxModel.Prediction p = m.run(x);
      double[] valence = flatten(p.valence());
      double[] features = flatten(p.features());
      KdAssertions.assertClose("ONNX valence", expectedValence, valence, tol, tol);
      KdAssertions.assertClose("ONNX features", expectedFeatures, features, tol, tol);
      return new Errors(
          maxAbsDiff(expectedValence, valence),
          maxAbsDiff(expectedFeatures, features),
          KdAssertions.normwiseRelativeError(valence, expectedValence),
          KdAssertions.normwiseRelativeError(features, expectedFeatures));
    }
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      fail("length " + b.length + " != expected " + a.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  /** {@code [B][T]} row-major. */
  public static double[] flatten(float[][] a) {
    int t = a[0].length;
    double[] f = new double[a.length * t];
    for (int i = 0; i < a.length; i++) {
      for (int s = 0; s < t; s++) {
        f[i * t + s] = a[i][s];
      }
    }
    return f;
  }

  /** {@code [B][T][c]} row-major. */
  public static double[] flatten(float[][][] a) {
    int t = a[0].length;
    int c = a[0][0].length;
    double[] f = new double[a.length * t * c];
    for (int i = 0; i < a.length; i++) {
      for (int s = 0; s < t; s++) {
        for (int j = 0; j < c; j++) {
          f[(i * t + s) * c + j] = a[i][s][j];
        }
      }
    }
    return f;
  }
}
