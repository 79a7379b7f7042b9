package io.github.kd4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.data.Trial;
import io.github.kd4j.core.nn.TcnConfig;
import io.github.kd4j.core.testing.Trials;
import io.github.kd4j.core.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceRegressorTest {
  private static final List<Trial> DATA = Trials.synthetic(8, 4, 21);

  private static SequenceRegressor trained() throws InterruptedException {
    SequenceRegressor m =
        new SequenceRegressor(TcnConfig.builder().inputSize(4).channels(8).build(), true);
    m.fit(
        DATA.subList(0, 6),
        DATA.subList(6, 8),
        TrainerConfig.builder()
            .learningRate(3e-3)
            .minLearningRate(1e-5)
            .maxEpochs(2)
            .seed(1)
            .build());
    return m;
  }

  @Test
  void predictIsSafeFromSeveralThreads() throws Exception {
    SequenceRegressor m = trained();
    List<float[]> expected = new ArrayList<>();
    for (Trial t : DATA) {
      expected.add(m.predict(t.featuresView()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> jobs = new ArrayList<>();
      for (int rep = 0; rep < 8; rep++) {
        jobs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < DATA.size(); i++) {
                    assertArrayEquals(expected.get(i), m.predict(DATA.get(i).featuresView()));
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : jobs) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void standardisationIsFittedOnTrainingTrialsOnlyAndSaved(@TempDir Path dir) throws Exception {
    SequenceRegressor m = trained();
    Standardizer s = m.standardizer();
    Standardizer own = Standardizer.fit(DATA.subList(0, 6));
    assertArrayEquals(own.mean(), s.mean());
    assertArrayEquals(own.std(), s.std());
    Path f = dir.resolve("m.kd4j");
    m.save(f);
    SequenceRegressor back = SequenceRegressor.load(f);
    assertArrayEquals(s.mean(), back.standardizer().mean());
    assertArrayEquals(
        m.predict(DATA.get(7).featuresView()), back.predict(DATA.get(7).featuresView()));
  }

  @Test
  void truncatedModelFileIsNamed(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.kd4j");
    trained().save(f);
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.kd4j");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    IOException e = assertThrows(IOException.class, () -> SequenceRegressor.load(cut));
    assertTrue(
        e.getMessage().contains("cut.kd4j") && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void constantFeatureIsOnlyCentred() {
    float[][] x = new float[10][2];
    for (int t = 0; t < 10; t++) {
      x[t][0] = 3f;
      x[t][1] = t;
    }
    Standardizer s = Standardizer.fit(List.of(Trial.of("a", "s", x, new float[10])));
    assertEquals(1f, s.std()[0]);
    assertEquals(0f, s.apply(x)[4][0]);
  }

  @Test
  void loadRestoresEverySettingAndTheProvenance(@TempDir Path dir) throws Exception {
    SequenceRegressor m = trained();
    Path f = dir.resolve("m.kd4j");
    m.save(f);
    SequenceRegressor back = SequenceRegressor.load(f);
    assertEquals(m.trainer().toString(), back.trainer().toString());
    assertEquals(1L, back.trainer().seed());
    assertEquals(m.provenance(), back.provenance());
    assertEquals(
        io.github.kd4j.core.data.DataFingerprint.of(DATA.subList(0, 6), DATA.subList(6, 8)),
        back.provenance().dataHash());
    assertEquals(6, back.provenance().trainingTrials());
    assertEquals(m.config(), back.config());
    assertEquals(m.role(), back.role());
  }

  @Test
  void everyFlippedByteOfAModelFileIsAnError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.kd4j");
    trained().save(f);
    byte[] all = Files.readAllBytes(f);
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    for (int trial = 0; trial < 40; trial++) {
      byte[] bad = all.clone();
      int at = trial < 20 ? trial : r.nextInt(all.length);
      bad[at] ^= (byte) (1 << r.nextInt(8));
      Path g = dir.resolve("flipped.kd4j");
      Files.write(g, bad);
      IOException e = assertThrows(IOException.class, () -> SequenceRegressor.load(g));
      assertTrue(e.getMessage().contains("flipped.kd4j"), e.getMessage());
    }
  }

  @Test
  void sameSeedGivesTheSameModel() throws Exception {
    float[] a = trained().predict(DATA.get(7).featuresView());
    float[] b = trained().predict(DATA.get(7).featuresView());
    assertArrayEquals(a, b);
  }
}
