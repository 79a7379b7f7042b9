package io.github.kd4j.eeg.student;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kd4j.core.data.NdArrays;
import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.train.TrainerConfig;
import io.github.kd4j.eeg.bandpower.BandPowerFeatures;
import io.github.kd4j.eeg.pipeline.EegFeaturePipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A user in ND4J: pipeline features as INDArray -> trials and the student's INDArray overloads. */
class StudentNdArrayTest {
  @Test
  void ndArrayPathEqualsTheJavaArrayPath() throws Exception {
    BandPowerFeatures bp =
        EegFeaturePipeline.defaults()
            .extract(Path.of(System.getProperty("kd4j.data"), "edf-bdf", "S001R03.edf"));
    float[][] x = bp.toFloats();
    float[] y = new float[x.length];
    for (int t = 0; t < y.length; t++) {
      y[t] = (float) Math.sin(t / 20.0);
    }
    INDArray xs = NdArrays.sequence(x);
    Trial fromNd = Trial.of("a", "S001", xs, NdArrays.vector(y));
    Trial fromJava = bp.toTrial("a", "S001", y);
    for (int t = 0; t < x.length; t++) {
      assertArrayEquals(fromJava.featuresView()[t], fromNd.featuresView()[t], 0f);
    }
    TcnStudent s =
        TcnStudent.builder()
            .inputSize(bp.width())
            .channels(4, 4)
            .seed(3)
            .trainer(TrainerConfig.student().maxEpochs(1).build())
            .build();
    s.fit(List.of(fromNd), List.of(fromJava));
    INDArray v = s.predict(xs);
    assertArrayEquals(s.predict(x), v.toFloatVector(), 0f);
    INDArray f = s.features(xs.reshape(1, x.length, bp.width()));
    assertArrayEquals(new long[] {x.length, 4}, f.shape());
    float[][] expected = s.features(x);
    for (int t = 0; t < x.length; t++) {
      assertArrayEquals(expected[t], f.getRow(t).toFloatVector(), 0f);
    }
    assertEquals(x.length, v.length());
  }
}
