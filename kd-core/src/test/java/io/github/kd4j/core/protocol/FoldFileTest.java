package io.github.kd4j.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldFileTest {
  @TempDir Path dir;

  @Test
  void roundTripIsExactForBothSchemes() throws IOException {
    List<TrialRef> all = PartitionerTest.trials(PartitionerTest.MAHNOB_TRIALS);
    for (FoldScheme s : FoldScheme.values()) {
      List<Fold> folds = Partitioner.builder().scheme(s).seed(3).build().partition(all);
      Path f = dir.resolve(s.key() + ".tsv");
      FoldFile.write(f, folds);
      assertEquals(folds, FoldFile.read(f));
    }
  }

  @Test
  void keepsHandMadeOrderAndOddNames() throws IOException {
    Fold f =
        new Fold(
            0,
            FoldScheme.TRS,
            "my fold",
            List.of(new TrialRef("z trial, 1", "s \"x\""), new TrialRef("a", "s")),
            List.of(new TrialRef("é", "s")),
            List.of(new TrialRef("b", "t")));
    Path p = dir.resolve("f.tsv");
    FoldFile.write(p, List.of(f));
    assertEquals(List.of(f), FoldFile.read(p));
  }

  private Path damaged(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    List<String> all = new ArrayList<>(List.of(lines));
    Files.write(p, all, StandardCharsets.UTF_8);
    return p;
  }

  private static void assertFails(Path p, int line, String part) {
    FoldFileException e = assertThrows(FoldFileException.class, () -> FoldFile.read(p));
    assertEquals(p, e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith(p + (line > 0 ? ":" + line : "") + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void damagedFilesNameFileAndLine() throws IOException {
    String h = FoldFile.HEADER;
    assertFails(damaged("h.tsv", "folds v1"), 1, "header must be");
    assertFails(damaged("e.tsv"), 1, "an empty file");
    assertFails(damaged("n.tsv", h), 0, "at least one fold");
    assertFails(damaged("c.tsv", h, "# c", "TRS\t0\tf0\ttest\tP1-t2"), 3, "6 tab-separated");
    assertFails(damaged("s.tsv", h, "TSR\t0\tf0\ttest\tt\tP1"), 2, "did you mean 'TRS'?");
    assertFails(
        damaged("m.tsv", h, "TRS\t0\tf0\ttest\ta\tP1", "LOSO\t0\tf0\ttest\tb\tP1"),
        3,
        "scheme must be TRS");
    assertFails(damaged("g.tsv", h, "TRS\t1\tf1\ttest\ta\tP1"), 2, "without gaps");
    assertFails(damaged("x.tsv", h, "TRS\tx\tf0\ttest\ta\tP1"), 2, "got 'x'");
    assertFails(
        damaged("nm.tsv", h, "TRS\t0\tf0\ttest\ta\tP1", "TRS\t0\tf9\ttrain\tb\tP1"),
        3,
        "name of fold 0 must be f0");
    assertFails(damaged("p.tsv", h, "TRS\t0\tf0\ttesting\ta\tP1"), 2, "part must be");
    assertFails(
        damaged("d.tsv", h, "TRS\t0\tf0\ttest\ta\tP1", "TRS\t0\tf0\ttrain\ta\tP1"),
        3,
        "trial a must appear once in fold f0");
    assertFails(damaged("b.tsv", h, "TRS\t0\tf0\ttest\t \tP1"), 2, "id must be a non-blank");
    assertFails(
        damaged("emp.tsv", h, "TRS\t0\tf0\ttest\ta\tP1", "TRS\t0\tf0\ttrain\tb\tP1"),
        3,
        "fold f0: the validation part must not be empty");
  }

  @Test
  void writeRefusesMixedOrUnorderedFolds() {
    List<TrialRef> all = PartitionerTest.trials(new int[] {4, 4, 4});
    List<Fold> trs = Partitioner.builder().scheme(FoldScheme.TRS).folds(3).build().partition(all);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FoldFile.write(dir.resolve("x"), List.of(trs.get(1), trs.get(0))));
    assertEquals("folds must be listed by index 0..k-1, got index 1 at position 0", e.getMessage());
  }
}
