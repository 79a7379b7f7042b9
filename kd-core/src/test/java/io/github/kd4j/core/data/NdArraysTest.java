package io.github.kd4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceRegressor;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.nn.TemporalConvNet;
import io.github.kd4j.core.train.TrainerConfig;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The ND4J overloads against the float[][] path they must equal (layouts: time-major). */
class NdArraysTest {
  static float[][] random(int t, int f, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[t][f];
    for (float[] row : x) {
      for (int j = 0; j < f; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return x;
  }

  static void assertSame2d(float[][] expected, float[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int t = 0; t < expected.length; t++) {
      assertArrayEquals(expected[t], actual[t], 0f, "step " + t);
    }
  }

  @Test
  void readsEveryLayoutAndTypeExactly() {
    float[][] x = random(37, 5, 1);
    assertSame2d(x, NdArrays.toSteps(Nd4j.create(x)));
    assertSame2d(x, NdArrays.toSteps(Nd4j.create(x).reshape(1, 37, 5)));
    assertSame2d(x, NdArrays.toSteps(Nd4j.create(x).dup('f')));
    assertSame2d(x, NdArrays.toSteps(Nd4j.create(x).castTo(DataType.DOUBLE)));
    assertSame2d(x, NdArrays.toSteps(Nd4j.create(x).castTo(DataType.DOUBLE).dup('f')));
    // a view: rows 10..29 of a larger array, and the transpose of an [F, T] array
    float[][] big = random(60, 5, 2);
    float[][] rows = java.util.Arrays.copyOfRange(big, 10, 30);
    INDArray view = Nd4j.create(big).get(NDArrayIndex.interval(10, 30), NDArrayIndex.all());
    assertSame2d(rows, NdArrays.toSteps(view));
    INDArray featureMajor = Nd4j.create(x).transpose().dup('c');
    assertSame2d(x, NdArrays.toSteps(featureMajor.transpose()));
    // and back: [T, F] FLOAT
    INDArray back = NdArrays.sequence(x);
    assertArrayEquals(new long[] {37, 5}, back.shape());
    assertSame2d(x, back.toFloatMatrix());
    float[] v = x[3];
    assertArrayEquals(v, NdArrays.toVector(NdArrays.vector(v)), 0f);
    assertArrayEquals(v, NdArrays.toVector(Nd4j.create(new float[][] {v})), 0f);
    assertArrayEquals(v, NdArrays.toVector(Nd4j.create(new float[][] {v}).transpose()), 0f);
  }

  @Test
  void refusesOtherShapesAndTypes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NdArrays.toSteps(Nd4j.create(DataType.FLOAT, 2, 3, 4)));
    assertEquals("x must be [T, F] or [1, T, F] (time-major), got [2, 3, 4]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> NdArrays.toSteps(Nd4j.create(DataType.FLOAT, 7)));
    assertTrue(e.getMessage().contains("rank 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> NdArrays.toSteps(Nd4j.create(DataType.INT, 3, 2)));
    assertEquals("x must be a FLOAT or DOUBLE array, got INT", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> NdArrays.toVector(Nd4j.create(DataType.FLOAT, 2, 3)));
  }

  @Test
  void trialFromNdArraysEqualsTrialFromJavaArrays() {
    float[][] x = random(50, 4, 3);
    float[] y = random(1, 50, 4)[0];
    Trial a = Trial.of("t1", "s1", x, y);
    Trial b = Trial.of("t1", "s1", Nd4j.create(x).reshape(1, 50, 4), Nd4j.createFromArray(y));
    assertSame2d(a.featuresView(), b.featuresView());
    assertArrayEquals(a.labelsView(), b.labelsView(), 0f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trial.of("t2", "s1", Nd4j.create(x), Nd4j.createFromArray(new float[49])));
    assertTrue(
        e.getMessage().startsWith("trial t2: labels must have one value per step"), e.getMessage());
    float[][] bad = random(50, 4, 5);
    bad[7][2] = Float.NaN;
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trial.of("t3", "s1", Nd4j.create(bad), Nd4j.createFromArray(y)));
    assertTrue(e.getMessage().contains("step 7, column 2"), e.getMessage());
  }

  @Test
  void predictAndFeaturesOfNdArraysEqualTheJavaPath() {
    TcnConfig cfg = TcnConfig.builder().inputSize(6).channels(4, 3).build();
    SequenceRegressor m =
        SequenceRegressor.trained(
            "test",
            TemporalConvNet.initialize(cfg, 11),
            null,
            TrainerConfig.builder().build(),
            Provenance.of("test", cfg.toString(), "-", 11, "-", 0, 0, Map.of()),
            null);
    float[][] x = random(40, 6, 9);
    float[] expected = m.predict(x);
    INDArray p = m.predict(Nd4j.create(x));
    assertArrayEquals(new long[] {40}, p.shape());
    assertEquals(DataType.FLOAT, p.dataType());
    assertArrayEquals(expected, p.toFloatVector(), 0f);
    assertArrayEquals(expected, m.predict(Nd4j.create(x).reshape(1, 40, 6)).toFloatVector(), 0f);
    INDArray f = m.features(Nd4j.create(x).castTo(DataType.DOUBLE));
    assertArrayEquals(new long[] {40, 3}, f.shape());
    assertSame2d(m.features(x), f.toFloatMatrix());
  }
}
