package io.github.kd4j.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolJobTest {

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void idsAreStableAndReadable() {
    ProtocolJob j =
        new ProtocolJob(FoldScheme.TRS, 3, ModelKind.STUDENT, 0.4, 42, "/data", "/f.tsv");
    assertEquals("trs-f03-student-w0.4-s42", j.id());
    assertEquals(
        "loso-f11-lstm_eeg-w0-s-1",
        new ProtocolJob(FoldScheme.LOSO, 11, ModelKind.LSTM_EEG, -0.0, -1, "d", "f").id());
    assertEquals("1", ProtocolJob.formatWeight(1.0));
    assertEquals("0.6", ProtocolJob.formatWeight(3 / 5.0));
    assertEquals(
        new ProtocolJob(FoldScheme.TRS, 3, ModelKind.STUDENT, 0.4, 42, "/elsewhere", "/g.tsv").id(),
        j.id(),
        "paths are not part of the id");
    assertEquals(
        "trs-f03-teacher-w0-s42", j.teacherJob().orElseThrow().id(), "the teacher to run first");
  }

  @Test
  void jobsSurviveJavaSerialization() throws Exception {
    ProtocolJob j = new ProtocolJob(FoldScheme.LOSO, 0, ModelKind.TEACHER, 0, 7, "d", "f");
    assertEquals(j, roundTrip(j));
  }

  @Test
  void invalidJobsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ProtocolJob(FoldScheme.TRS, 0, ModelKind.TEACHER, 0.2, 1, "d", "f"));
    assertEquals(
        "kdWeight must be 0 for TEACHER (only STUDENT is distilled), got 0.2", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ProtocolJob(FoldScheme.TRS, -1, ModelKind.STUDENT, 0, 1, "d", "f"));
    assertEquals("fold must be in [0, 999], got -1", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ProtocolJob(FoldScheme.TRS, 0, ModelKind.STUDENT, Double.NaN, 1, "d", "f"));
    assertEquals("kdWeight must be a finite number >= 0, got NaN", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ProtocolJob(FoldScheme.TRS, 0, ModelKind.STUDENT, 0, 1, " ", "f"));
    assertEquals("dataDir must be a non-blank name, got ' '", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ModelKind.parse("studnet"));
    assertTrue(e.getMessage().endsWith("did you mean 'STUDENT'?"), e.getMessage());
  }

  @Test
  void plannerExpandsInTheDocumentedOrder() {
    List<ProtocolJob> jobs =
        JobPlanner.builder()
            .scheme(FoldScheme.TRS)
            .folds(2)
            .foldFile("f.tsv")
            .dataDir("d")
            .models(ModelKind.STUDENT, ModelKind.TEACHER)
            .weights(1.0, 0, 0.4)
            .seeds(5, 3)
            .build()
            .plan();
    List<String> ids = new ArrayList<>();
    jobs.forEach(j -> ids.add(j.id()));
    List<String> expected = new ArrayList<>();
    for (String f : List.of("f00", "f01")) {
      for (String s : List.of("s5", "s3")) {
        expected.add("trs-" + f + "-teacher-w0-" + s);
        for (String w : List.of("w0", "w0.4", "w1")) {
          expected.add("trs-" + f + "-student-" + w + "-" + s);
        }
      }
    }
    assertEquals(expected, ids);
    // every distilling student comes after its teacher
    for (int i = 0; i < jobs.size(); i++) {
      ProtocolJob j = jobs.get(i);
      if (j.distils()) {
        assertTrue(jobs.subList(0, i).contains(j.teacherJob().orElseThrow()), j.id());
      }
    }
  }

  @Test
  void defaultPlanCoversThePaperGrid() {
    List<ProtocolJob> jobs =
        JobPlanner.builder()
            .scheme(FoldScheme.LOSO)
            .folds(24)
            .foldFile("f")
            .dataDir("d")
            .build()
            .plan();
    // per fold: teacher, visual LSTM, EEG LSTM and the student at 11 weights
    assertEquals(24 * 14, jobs.size());
    assertEquals(jobs.size(), new HashSet<>(jobs).size());
    assertEquals(11, JobPlanner.PAPER_WEIGHTS.size());
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), JobPlanner.PAPER_WEIGHTS.subList(0, 6));
  }

  @Test
  void fingerprintDependsOnJobsNotOrderOrPaths() {
    JobPlanner.Builder b =
        JobPlanner.builder().scheme(FoldScheme.TRS).folds(3).foldFile("f").dataDir("d");
    List<ProtocolJob> jobs = b.build().plan();
    List<ProtocolJob> reversed = new ArrayList<>(jobs);
    java.util.Collections.reverse(reversed);
    assertEquals(JobPlanner.fingerprint(jobs), JobPlanner.fingerprint(reversed));
    assertEquals(
        JobPlanner.fingerprint(jobs), JobPlanner.fingerprint(b.dataDir("/other").build().plan()));
    assertNotEquals(
        JobPlanner.fingerprint(jobs), JobPlanner.fingerprint(b.seeds(1).build().plan()));
    assertEquals(64, JobPlanner.fingerprint(jobs).length());
  }

  @Test
  void plannerBuilderChecks() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> JobPlanner.builder().folds(2).build());
    assertEquals("scheme, foldFile, dataDir must be set before build()", e.getMessage());
    IllegalArgumentException w =
        assertThrows(IllegalArgumentException.class, () -> JobPlanner.builder().weights(0.2, 0.2));
    assertTrue(
        w.getMessage().startsWith("weights must be distinct, got 0.2 twice"), w.getMessage());
  }
}
