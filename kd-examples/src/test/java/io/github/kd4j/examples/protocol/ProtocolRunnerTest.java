package io.github.kd4j.examples.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.protocol.Fold;
import io.github.kd4j.core.protocol.FoldResult;
import io.github.kd4j.core.protocol.FoldScheme;
import io.github.kd4j.core.protocol.ProtocolResults;
import io.github.kd4j.core.protocol.ProtocolSummary;
import io.github.kd4j.core.train.EpochReport;
import io.github.kd4j.core.train.TrainingListener;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProtocolRunner} on three real subjects with tiny settings. */
class ProtocolRunnerTest {
  static final Path DATA = Path.of(System.getProperty("kd4j.data"), "mahnob");
  static final Set<String> SUBJECTS = Set.of("P7", "P10", "P27");

  static ProtocolSettings settings(boolean baselines) {
    return new ProtocolSettings(
        FoldScheme.LOSO,
        10,
        new double[] {1.0},
        1,
        1,
        1e-3,
        new int[] {8},
        8,
        ProtocolSettings.EegStandardization.TRAINING,
        baselines,
        1);
  }

  static ProtocolRunner runner(Path work, int workers, boolean baselines) {
    return new ProtocolRunner(DATA, work, settings(baselines), new long[] {3}, workers, SUBJECTS);
  }

  /** Metrics only (wall times differ between runs). */
  static List<String> metrics(ProtocolResults r) {
    List<String> out = new ArrayList<>();
    for (FoldResult f : r.results()) {
      out.add(f.jobId() + " " + f.validation() + " " + f.test() + " " + f.testTrials());
    }
    return out;
  }

  @Test
  void resultsDoNotDependOnWorkersAndFinishedFoldsAreReused(@TempDir Path dir) throws Exception {
    ProtocolRunner one = runner(dir.resolve("one"), 1, true);
    ProtocolRunner.Data data = one.load();
    assertEquals(24, data.refs().size(), "P7 13 + P10 5 + P27 6 trials");
    ProtocolRunner.Output a = one.run(data, false, null);
    // 3 folds x (teacher, student w=0, w=1, LSTM visual, LSTM EEG)
    assertEquals(15, a.results().size());
    // the baselines report their epochs to the run's listener (the progress bar of kd4j protocol)
    Set<String> heard = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ProtocolRunner.Output b =
        runner(dir.resolve("two"), 2, true)
            .run(
                data,
                false,
                new ProtocolRunner.Listener() {
                  @Override
                  public TrainingListener baseline(FoldTask task, String name) {
                    return new TrainingListener() {
                      @Override
                      public void onEpoch(EpochReport report) {
                        heard.add(task.id() + " " + name + " " + report.epoch());
                      }
                    };
                  }
                });
    assertEquals(metrics(a.results()), metrics(b.results()));
    assertEquals(
        Set.of(
            "loso-f00-s3 lstm-visual 1",
            "loso-f00-s3 lstm-eeg 1",
            "loso-f01-s3 lstm-visual 1",
            "loso-f01-s3 lstm-eeg 1",
            "loso-f02-s3 lstm-visual 1",
            "loso-f02-s3 lstm-eeg 1"),
        heard);
    // a second call reuses every finished task (none is rerun)
    AtomicInteger started = new AtomicInteger();
    ProtocolRunner.Output c =
        one.run(
            data,
            false,
            new ProtocolRunner.Listener() {
              @Override
              public void onTaskStart(FoldTask task, int index, int tasks) {
                started.incrementAndGet();
              }
            });
    assertEquals(0, started.get());
    assertEquals(metrics(a.results()), metrics(c.results()));
    ProtocolSummary s = ProtocolSummary.of(a.results());
    assertTrue(
        s.kdTest(
                FoldScheme.LOSO,
                1.0,
                Fold.Part.TEST,
                io.github.kd4j.core.protocol.ProtocolMetric.CCC)
            .isPresent());
    // each LOSO fold holds one subject's trials as its test set
    for (Fold f : a.folds()) {
      assertEquals(1, f.test().stream().map(t -> t.subject()).distinct().count());
    }
  }

  @Test
  void foldsAreIndependentAndInterruptedRunsResumeIdentically(@TempDir Path dir) throws Exception {
    ProtocolRunner full = runner(dir.resolve("full"), 1, false);
    ProtocolRunner.Data data = full.load();
    ProtocolRunner.Output a = full.run(data, false, null);

    // interrupt the second task during its student: the first stays finished, the second resumes
    ProtocolRunner cut = runner(dir.resolve("cut"), 1, false);
    ProtocolRunner.Listener interrupt =
        new ProtocolRunner.Listener() {
          @Override
          public io.github.kd4j.core.distill.DistillationListener distillation(FoldTask task) {
            return new io.github.kd4j.core.distill.DistillationListener() {
              @Override
              public void onStage(Stage stage, double w, int index, int stages) {
                if (task.fold().index() == 1 && stage == Stage.STUDENT && w == 1.0) {
                  Thread.currentThread().interrupt();
                }
              }

              @Override
              public void onStep(Stage stage, double w, int step, int steps) {}
            };
          }
        };
    assertThrows(InterruptedException.class, () -> cut.run(data, false, interrupt));
    Thread.interrupted();
    assertTrue(Files.exists(dir.resolve("cut/results/loso-f00-s3.kd4jres")));
    ProtocolRunner.Output b = cut.run(data, false, null);
    assertEquals(metrics(a.results()), metrics(b.results()));

    // fold 2 alone (a fresh work folder) equals fold 2 of the whole run: folds are independent
    FoldTask only = null;
    for (Fold f : a.folds()) {
      if (f.index() == 2) {
        only = new FoldTask(f, 3, DATA.toString(), null, settings(false), null);
      }
    }
    ProtocolResults alone = only.run(data.trials(), null).results();
    List<String> want = new ArrayList<>();
    for (String m : metrics(a.results())) {
      if (m.startsWith("loso-f02")) {
        want.add(m);
      }
    }
    assertEquals(want, metrics(alone));
  }

  @Test
  void badInputAndAnotherRunAreRefused(@TempDir Path dir) throws Exception {
    ProtocolRunner r = runner(dir.resolve("w"), 1, false);
    ProtocolRunner.Data data = r.load();
    r.run(data, false, null);
    ProtocolRunner other =
        new ProtocolRunner(DATA, dir.resolve("w"), settings(false), new long[] {4}, 1, SUBJECTS);
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> other.run(data, false, null));
    assertTrue(e.getMessage().contains("another run"), e.getMessage());
    Files.createDirectories(dir.resolve("empty"));
    Exception none =
        assertThrows(
            Exception.class,
            () ->
                new ProtocolRunner(
                        dir.resolve("empty"),
                        dir.resolve("x"),
                        settings(false),
                        new long[] {1},
                        1,
                        Set.of())
                    .load());
    assertTrue(none.getMessage().contains("empty"), none.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ProtocolRunner(
                        DATA, dir.resolve("y"), settings(false), new long[] {1}, 1, Set.of("P2"))
                    .load());
    assertTrue(missing.getMessage().contains("P2"), missing.getMessage());
    // a single subject has no LOSO training data: an error naming the fold, before any file
    ProtocolRunner single =
        new ProtocolRunner(
            DATA, dir.resolve("z"), settings(false), new long[] {1}, 1, Set.of("P18"));
    ProtocolRunner.Data d1 = single.load();
    assertThrows(IllegalArgumentException.class, () -> single.run(d1, false, null));
    assertTrue(!Files.exists(dir.resolve("z/RUN")), "nothing written for a run that cannot start");
    assertArrayEquals(new double[] {1.0}, settings(false).weights());
  }
}
