package io.github.kd4j.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.github.kd4j.core.internal.NaturalOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartitionerTest {

  /**
   * Trials per subject of the 24 MAHNOB-HCI subjects, as the reference code's LOSO ranges list
   * them.
   */
  static final int[] MAHNOB_TRIALS = {
    19, 5, 13, 9, 13, 9, 13, 13, 5, 6, 13, 2, 1, 11, 17, 10, 14, 15, 12, 16, 6, 4, 10, 3
  };

  static List<TrialRef> trials(int[] perSubject) {
    List<TrialRef> out = new ArrayList<>();
    for (int s = 0; s < perSubject.length; s++) {
      for (int t = 0; t < perSubject[s]; t++) {
        out.add(new TrialRef("P" + (s + 1) + "-trial-" + (2 * t + 2), "P" + (s + 1)));
      }
    }
    return out;
  }

  /** A random layout: 1..subjects subjects with 1..maxTrials trials each. */
  static int[] layout(long seed, int subjects, int maxTrials) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] out = new int[subjects];
    for (int i = 0; i < subjects; i++) {
      out[i] = 1 + r.nextInt(maxTrials);
    }
    return out;
  }

  /** floor(m * num / den) in integers: the oracle of the documented rounding rule. */
  static int trainOracle(int m, int num, int den) {
    return m * num / den;
  }

  @Test
  void trsOnTheMahnobShapeGivesThePapersCounts() {
    List<TrialRef> all = trials(MAHNOB_TRIALS);
    assertEquals(239, all.size());
    List<Fold> folds = Partitioner.builder().scheme(FoldScheme.TRS).seed(7).build().partition(all);
    assertEquals(10, folds.size());
    List<Integer> sizes = new ArrayList<>();
    for (Fold f : folds) {
      sizes.add(f.test().size());
      if (f.test().size() == 24) {
        assertEquals(129, f.train().size(), f.toString());
        assertEquals(86, f.validation().size(), f.toString());
      }
    }
    assertEquals(List.of(23, 24, 24, 24, 24, 24, 24, 24, 24, 24), sizes);
    assertEquals("trs-f09", folds.get(9).name());
  }

  @Test
  void losoOnTheMahnobShapeAcceptsASingleTrialSubject() {
    List<Fold> folds =
        Partitioner.builder().scheme(FoldScheme.LOSO).build().partition(trials(MAHNOB_TRIALS));
    assertEquals(24, folds.size());
    Fold p13 = folds.get(12);
    assertEquals("loso-P13", p13.name());
    assertEquals(1, p13.test().size());
    assertEquals(238 * 4 / 5, p13.train().size());
    assertEquals("loso-P1", folds.get(0).name());
    assertEquals("loso-P24", folds.get(23).name(), "subjects in numeric order");
  }

  @Test
  void trsPropertiesForAnyTrialAndSubjectCounts() {
    qt().withExamples(300)
        .forAll(
            integers().between(1, 9),
            integers().between(1, 7),
            integers().between(2, 6),
            longs().all())
        .checkAssert(
            (subjects, maxTrials, k, seed) -> {
              List<TrialRef> all = trials(layout(seed, subjects, maxTrials));
              int n = all.size();
              Partitioner p =
                  Partitioner.builder().scheme(FoldScheme.TRS).folds(k).seed(seed).build();
              boolean expectError = n < k;
              for (int i = 0; i < k && !expectError; i++) {
                int testSize = n / k + (i >= k - n % k ? 1 : 0);
                int m = n - testSize;
                int tr = trainOracle(m, 3, 5);
                expectError = tr < 1 || tr >= m;
              }
              if (expectError) {
                IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> p.partition(all));
                assertTrue(
                    e.getMessage().contains("fold trs-f") || e.getMessage().contains("folds"),
                    e.getMessage());
                return;
              }
              List<Fold> folds = p.partition(all);
              assertEquals(k, folds.size());
              Set<TrialRef> tested = new HashSet<>();
              for (int i = 0; i < k; i++) {
                Fold f = folds.get(i);
                assertEquals(i, f.index());
                checkCovers(f, all);
                assertTrue(Math.abs(f.test().size() - n / k) <= 1, f.toString());
                int m = n - f.test().size();
                assertEquals(trainOracle(m, 3, 5), f.train().size(), f.toString());
                for (TrialRef t : f.test()) {
                  assertTrue(tested.add(t), "tested twice: " + t);
                }
              }
              assertEquals(new HashSet<>(all), tested, "test sets partition all trials");
              assertEquals((n + k - 1) / k, folds.get(k - 1).test().size(), "last fold ceil(n/k)");
              List<TrialRef> reordered = new ArrayList<>(all);
              Collections.shuffle(reordered, new java.util.Random(seed));
              assertEquals(folds, p.partition(reordered), "same seed, any input order");
            });
  }

  @Test
  void losoPropertiesForAnyTrialAndSubjectCounts() {
    qt().withExamples(300)
        .forAll(integers().between(1, 9), integers().between(1, 7), longs().all())
        .checkAssert(
            (subjects, maxTrials, seed) -> {
              int[] layout = layout(seed, subjects, maxTrials);
              List<TrialRef> all = trials(layout);
              Partitioner p = Partitioner.builder().scheme(FoldScheme.LOSO).seed(seed).build();
              boolean expectError = subjects < 2;
              for (int s = 0; s < subjects && !expectError; s++) {
                int m = all.size() - layout[s];
                int tr = trainOracle(m, 4, 5);
                expectError = tr < 1 || tr >= m;
              }
              if (expectError) {
                assertThrows(IllegalArgumentException.class, () -> p.partition(all));
                return;
              }
              List<Fold> folds = p.partition(all);
              assertEquals(subjects, folds.size());
              Map<String, Integer> bySubject = new HashMap<>();
              for (Fold f : folds) {
                checkCovers(f, all);
                Set<String> testSubjects = new HashSet<>();
                f.test().forEach(t -> testSubjects.add(t.subject()));
                assertEquals(1, testSubjects.size(), f.toString());
                String subject = testSubjects.iterator().next();
                assertEquals("loso-" + subject, f.name());
                bySubject.merge(subject, 1, Integer::sum);
                int expectedTest = layout[Integer.parseInt(subject.substring(1)) - 1];
                assertEquals(expectedTest, f.test().size(), "the subject's trials, all of them");
                for (TrialRef t : f.train()) {
                  assertNotEquals(subject, t.subject());
                }
                for (TrialRef t : f.validation()) {
                  assertNotEquals(subject, t.subject());
                }
                int m = all.size() - f.test().size();
                assertEquals(trainOracle(m, 4, 5), f.train().size(), f.toString());
              }
              assertEquals(subjects, bySubject.size(), "each subject tested once");
              assertEquals(folds, p.partition(all), "deterministic");
            });
  }

  private static void checkCovers(Fold f, List<TrialRef> all) {
    List<TrialRef> union = new ArrayList<>(f.train());
    union.addAll(f.validation());
    union.addAll(f.test());
    assertEquals(all.size(), union.size(), "each trial in exactly one part of " + f.name());
    assertEquals(new HashSet<>(all), new HashSet<>(union), f.name());
  }

  @Test
  void differentSeedsGiveDifferentFolds() {
    List<TrialRef> all = trials(MAHNOB_TRIALS);
    Partitioner a = Partitioner.builder().scheme(FoldScheme.TRS).seed(1).build();
    assertNotEquals(a.partition(all), a.toBuilder().seed(2).build().partition(all));
    Partitioner l = Partitioner.builder().scheme(FoldScheme.LOSO).seed(1).build();
    List<Fold> l1 = l.partition(all);
    List<Fold> l2 = l.toBuilder().seed(2).build().partition(all);
    assertEquals(l1.get(0).test(), l2.get(0).test(), "LOSO test sets do not depend on the seed");
    assertNotEquals(l1.get(0).train(), l2.get(0).train());
  }

  @Test
  void trainFractionOptionGivesTheReferenceSplit() {
    List<Fold> folds =
        Partitioner.builder()
            .scheme(FoldScheme.TRS)
            .trainFraction(0.8)
            .build()
            .partition(trials(MAHNOB_TRIALS));
    assertEquals(172, folds.get(9).train().size());
    assertEquals(43, folds.get(9).validation().size());
  }

  @Test
  void errorsNameTheFoldAndTheValue() {
    // two subjects with one trial each: LOSO leaves one trial to split into training and validation
    List<TrialRef> two = List.of(new TrialRef("a", "S1"), new TrialRef("b", "S2"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Partitioner.builder().scheme(FoldScheme.LOSO).build().partition(two));
    assertTrue(e.getMessage().startsWith("fold loso-S1: training and validation"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Partitioner.builder().scheme(FoldScheme.TRS).build().partition(two));
    assertTrue(e.getMessage().contains("at least folds (10) for TRS, got 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Partitioner.builder()
                    .scheme(FoldScheme.TRS)
                    .folds(2)
                    .build()
                    .partition(List.of(new TrialRef("a", "S"), new TrialRef("a", "T"))));
    assertTrue(e.getMessage().contains("trial ids must be unique"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Partitioner.builder().scheme(FoldScheme.TRS).trainFraction(1.0));
    assertEquals("trainFraction must be in (0, 1), got 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Partitioner.builder().folds(1));
    assertEquals("folds must be >= 2, got 1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Partitioner.builder().scheme(FoldScheme.LOSO).folds(5).build());
    assertTrue(e.getMessage().startsWith("folds must not be set for LOSO"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> Partitioner.builder().build());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Partitioner.builder()
                    .scheme(FoldScheme.LOSO)
                    .build()
                    .partition(List.of(new TrialRef("a", "S1"), new TrialRef("b", "S1"))));
    assertEquals("subjects must number at least 2 for LOSO, got 1 (S1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TrialRef("a\tb", "S"));
    assertEquals("id must not contain tabs or line breaks, got 'a\\tb'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FoldScheme.parse("LOSSO"));
    assertTrue(e.getMessage().endsWith("did you mean 'LOSO'?"), e.getMessage());
  }

  @Test
  void roundingRuleGuardsBinaryRounding() {
    // 90 * 0.7 = 62.99999999999999 in doubles; the rule must give 63
    assertTrue(90 * 0.7 < 63);
    assertEquals(63, Partitioner.trainCount(90, 0.7));
    for (int m = 1; m < 400; m++) {
      assertEquals(trainOracle(m, 3, 5), Partitioner.trainCount(m, 0.6), "m = " + m);
      assertEquals(trainOracle(m, 4, 5), Partitioner.trainCount(m, 0.8), "m = " + m);
    }
  }

  @Test
  void naturalOrderComparesNumbersNumerically() {
    List<String> names = new ArrayList<>(List.of("P10", "P2", "P1-trial-10", "P1-trial-4", "P01"));
    names.sort(NaturalOrder.INSTANCE);
    assertEquals(List.of("P01", "P1-trial-4", "P1-trial-10", "P2", "P10"), names);
    assertTrue(NaturalOrder.INSTANCE.compare("P01", "P1") != 0, "consistent with equals");
  }
}
