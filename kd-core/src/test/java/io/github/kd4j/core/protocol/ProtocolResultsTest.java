package io.github.kd4j.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.github.kd4j.core.testing.FakeProtocolResults;
import io.github.kd4j.metrics.MetricSet;
import io.github.kd4j.metrics.VarianceConvention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ProtocolResultsTest {

  /** A result chosen by a small code: fold, w index and a value variant. */
  static FoldResult result(int code) {
    int fold = code % 3;
    double w = new double[] {0, 0.4, 1.0}[(code / 3) % 3];
    double ccc = 0.3 + 0.1 * ((code / 9) % 2); // two variants per job id: conflicts possible
    MetricSet m = new MetricSet(0.07, ccc + 0.01, ccc, VarianceConvention.POPULATION);
    return new FoldResult(
        FoldScheme.TRS, fold, ModelKind.STUDENT, w, 42, m, m, Map.of("t" + fold, m), 1.5, 3);
  }

  /** Sets of results without conflicts: variant 0 only (codes 0..8). */
  static Gen<ProtocolResults> sets() {
    return lists()
        .of(integers().between(0, 8))
        .ofSizeBetween(0, 6)
        .map(
            codes -> {
              List<FoldResult> r = new ArrayList<>();
              codes.forEach(c -> r.add(result(c)));
              return ProtocolResults.of(r);
            });
  }

  @Test
  void mergeIsCommutativeAssociativeWithIdentity() {
    qt().withExamples(300)
        .forAll(sets(), sets(), sets())
        .checkAssert(
            (a, b, c) -> {
              assertEquals(a.merge(b), b.merge(a));
              assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)));
              assertEquals(a, a.merge(ProtocolResults.empty()));
              assertEquals(a, a.merge(a), "idempotent");
              assertEquals(a.merge(b).results(), b.merge(a).results(), "same order too");
            });
  }

  @Test
  void conflictingResultsNameTheJobWhicheverSideComesFirst() {
    ProtocolResults a = ProtocolResults.of(result(0));
    ProtocolResults b = ProtocolResults.of(result(9)); // same job id, other CCC
    assertEquals(result(0).jobId(), result(9).jobId());
    IllegalArgumentException ab = assertThrows(IllegalArgumentException.class, () -> a.merge(b));
    IllegalArgumentException ba = assertThrows(IllegalArgumentException.class, () -> b.merge(a));
    assertTrue(
        ab.getMessage().startsWith("job trs-f00-student-w0-s42 must have one result"),
        ab.getMessage());
    assertEquals(ab.getMessage(), ba.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ProtocolResults.of(List.of(result(0), result(9))));
  }

  @Test
  void resultsSurviveJavaSerialization() throws Exception {
    ProtocolResults r = FakeProtocolResults.plausible(1, 4);
    ProtocolResults back = ProtocolJobTest.roundTrip(r);
    assertEquals(r, back);
    assertEquals(r.results(), back.results());
    FoldResult one = r.results().get(0);
    assertEquals(one, ProtocolJobTest.roundTrip(one));
  }

  @Test
  void resultOfAJobCarriesItsId() {
    ProtocolJob job = new ProtocolJob(FoldScheme.LOSO, 4, ModelKind.STUDENT, 0.4, 9, "d", "f");
    MetricSet m = new MetricSet(0.07, 0.5, 0.4, VarianceConvention.POPULATION);
    FoldResult r = FoldResult.of(job, m, m, Map.of(), 12.0, 5);
    assertEquals(job.id(), r.jobId());
    ProtocolResults set = ProtocolResults.empty().with(r);
    assertTrue(set.contains(job));
    assertSame(r, set.get(job.id()).orElseThrow());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FoldResult.of(job, m, m, Map.of(), 1, 0));
    assertEquals("chosenEpoch must be >= 1 (1-based), got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.metrics(Fold.Part.TRAIN));
    assertTrue(e.getMessage().startsWith("part must be VALIDATION or TEST"), e.getMessage());
  }
}
