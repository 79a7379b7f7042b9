package io.github.kd4j.eeg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by {@link TestFiles} from known digital values: the reader must give back the EDF
 * scaling formula (the naive oracle), TALs as written, and the -1 record count inferred.
 */
class SyntheticFileTest {
  @TempDir Path tmp;

  private int files;

  private static int[] randomDigital(SplittableRandom rng, int n, int dmin, int dmax) {
    int[] d = new int[n];
    for (int i = 0; i < n; i++) {
      d[i] = dmin + (int) rng.nextLong((long) dmax - dmin + 1);
    }
    return d;
  }

  /** The EDF formula as written in the specification. */
  private static double physical(int d, TestFiles.Signal s) {
    return (d - s.dmin()) * (s.pmax() - s.pmin()) / ((double) s.dmax() - s.dmin()) + s.pmin();
  }

  @Test
  void roundTripOfRandomDigitalValuesFollowsTheScalingFormula() {
    qt().withExamples(40)
        .forAll(
            integers().between(0, 1), // EDF or BDF
            integers().between(1, 7), // records
            integers().between(1, 9), // samples per record, signal 0
            integers().between(0, Integer.MAX_VALUE - 1)) // seed
        .check(
            (fmt, nrec, spr, seed) -> {
              RecordingFormat format = RecordingFormat.values()[fmt];
              SplittableRandom rng = new SplittableRandom(seed);
              int lo = format.minDigital();
              int hi = format.maxDigital();
              TestFiles.Signal a =
                  new TestFiles.Signal(
                      "A1", "uV", -3200, 3200, lo, hi, spr, randomDigital(rng, nrec * spr, lo, hi));
              TestFiles.Signal b =
                  new TestFiles.Signal(
                      "B..",
                      "mV",
                      5,
                      -7.5,
                      -100,
                      900,
                      3 * spr,
                      randomDigital(rng, nrec * 3 * spr, -100, 900));
              Recording r;
              try {
                Path f =
                    TestFiles.write(
                        tmp.resolve("f" + files++ + (fmt == 0 ? ".edf" : ".bdf")),
                        format,
                        "",
                        nrec,
                        0.5,
                        List.of(a, b),
                        null,
                        0);
                r = RecordingReader.defaults().read(f);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              assertEquals(format, r.header().format());
              assertEquals(List.of("A1", "B.."), r.channelLabels());
              assertEquals(2.0 * spr, r.samplingRate(0));
              assertEquals(6.0 * spr, r.samplingRate(1));
              int i = 0;
              for (TestFiles.Signal s : List.of(a, b)) {
                double[] got = r.data(i++);
                for (int k = 0; k < got.length; k++) {
                  double want = physical(s.digital()[k], s);
                  assertEquals(want, got[k], 1e-12 * Math.abs(want) + 1e-12, s.label() + " " + k);
                }
              }
              return true;
            });
  }

  @Test
  void talsWithOffsetSeveralTextsAndNoDuration() throws IOException {
    int[] zeros = new int[4 * 10];
    TestFiles.Signal s = new TestFiles.Signal("Cz", "uV", -100, 100, -100, 100, 10, zeros);
    String[] tals = {
      "+0.25\u0014\u0014\u0000+0.5\u00151.5\u0014sleep\u0014Stage W\u0014\u0000",
      "+1.25\u0014\u0014\u0000",
      "+2.25\u0014\u0014\u0000+3\u0014Ωmega é\u0014\u0000",
      "+3.25\u0014\u0014\u0000-0.75\u00150\u0014before start\u0014\u0000",
    };
    Path f =
        TestFiles.write(
            tmp.resolve("tal.edf"), RecordingFormat.EDF, "EDF+C", 4, 1.0, List.of(s), tals, 120);
    Recording r = RecordingReader.defaults().read(f);
    assertEquals(List.of("Cz"), r.channelLabels());
    assertEquals(
        List.of(
            new Annotation(0.25, 1.5, "sleep"),
            new Annotation(0.25, 1.5, "Stage W"),
            new Annotation(2.75, 0, "Ωmega é"),
            new Annotation(-1.0, 0, "before start")),
        r.annotations());
    assertEquals(LocalDateTime.of(2021, 1, 2, 3, 4, 5), r.startDateTime().orElseThrow());
  }

  @Test
  void bdfWithUnknownRecordCountAndBdfAnnotations() throws IOException {
    SplittableRandom rng = new SplittableRandom(7);
    TestFiles.Signal s =
        new TestFiles.Signal(
            "Status",
            "Boolean",
            -8388608,
            8388607,
            -8388608,
            8388607,
            4,
            randomDigital(rng, 12, -8388608, 8388607));
    TestFiles.Signal e =
        new TestFiles.Signal(
            "Fp1",
            "uV",
            -262144,
            262143,
            -8388608,
            8388607,
            4,
            randomDigital(rng, 12, -8388608, 8388607));
    String[] tals = {"+0\u0014\u0014\u0000", "+1\u0014\u0014\u0000+1.5\u0014go\u0014\u0000", null};
    Path f =
        TestFiles.write(
            tmp.resolve("minus1.bdf"),
            RecordingFormat.BDF,
            "BDF+C",
            -1,
            1.0,
            List.of(e, s),
            tals,
            30);
    Recording r = RecordingReader.defaults().read(f);
    assertEquals(3, r.numRecords());
    assertEquals(List.of("Fp1"), r.channelLabels());
    assertEquals(List.of(new Annotation(1.5, 0, "go")), r.annotations());
    int[] raw = r.status().orElseThrow().rawValues();
    for (int i = 0; i < 12; i++) {
      assertEquals(s.digital()[i] & 0xFFFFFF, raw[i], "status word " + i);
    }
    assertArrayEquals(r.data(0), RecordingReader.builder().channels("fp1").build().read(f).data(0));
  }
}
