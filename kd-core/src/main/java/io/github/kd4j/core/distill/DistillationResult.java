package io.github.kd4j.core.distill;

import io.github.kd4j.core.model.Provenance;
import io.github.kd4j.core.model.SequenceModel;
import io.github.kd4j.metrics.MetricSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link CrossModalDistiller#fit}: the teacher, one student per KD weight (w = 0 is
 * the plain student), the chosen weight (the grid weight with the highest validation CCC on
 * stitched trials, SPEC 6 and 9; ties go to the smaller weight), validation metrics per weight and
 * for the teacher, the run's provenance and the wall time of every stage.
 *
 * @param <S> the student type
 */
public final class DistillationResult<S extends SequenceModel> {
  private final Teacher teacher;
  private final MetricSet teacherValidation;
  private final Map<Double, S> students;
  private final Map<Double, MetricSet> validation;
  private final double chosenWeight;
  private final Provenance provenance;
  private final Map<String, Double> seconds;

  DistillationResult(
      Teacher teacher,
      MetricSet teacherValidation,
      Map<Double, S> students,
      Map<Double, MetricSet> validation,
      double chosenWeight,
      Provenance provenance,
      Map<String, Double> seconds) {
    this.teacher = teacher;
    this.teacherValidation = teacherValidation;
    this.students = Collections.unmodifiableMap(new LinkedHashMap<>(students));
    this.validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    this.chosenWeight = chosenWeight;
    this.provenance = provenance;
    this.seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }

  /** The trained teacher. */
  public Teacher teacher() {
    return teacher;
  }

  /** The teacher's validation metrics (stitched trials, SPEC 9). */
  public MetricSet teacherValidation() {
    return teacherValidation;
  }

  /** The distilled student at the chosen weight. */
  public S student() {
    return students.get(chosenWeight);
  }

  /** The student trained without knowledge (w = 0), from the same initial weights. */
  public S plainStudent() {
    return students.get(0.0);
  }

  /** The student trained with weight {@code w}. */
  public S student(double w) {
    S s = students.get(w);
    if (s == null) {
      throw new IllegalArgumentException("w must be one of " + students.keySet() + ", got " + w);
    }
    return s;
  }

  /** Every student by weight, w = 0 first, then the grid in order. */
  public Map<Double, S> students() {
    return students;
  }

  /** Validation metrics of every student by weight. */
  public Map<Double, MetricSet> validation() {
    return validation;
  }

  /** The chosen KD weight. */
  public double chosenWeight() {
    return chosenWeight;
  }

  /** The run's provenance (seed, settings, data hash, grid, chosen weight). */
  public Provenance provenance() {
    return provenance;
  }

  /** Wall time in seconds per stage ("teacher", "knowledge", "student w=0.4", "total"). */
  public Map<String, Double> seconds() {
    return seconds;
  }

  /**
   * Writes {@code teacher.onnx} and {@code student.onnx} (the chosen student) into {@code dir},
   * each with its provenance and the run's in {@code metadata_props}.
   */
  public void exportOnnx(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    Files.createDirectories(dir);
    String note = "distillation run: " + provenance.toText().replace('\n', ';');
    teacher.exportOnnx(dir.resolve("teacher.onnx"), note);
    student().exportOnnx(dir.resolve("student.onnx"), note);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DistillationResult{teacher validation CCC=");
    sb.append(String.format(Locale.ROOT, "%.4f", teacherValidation.ccc()));
    sb.append(", validation CCC by w: ");
    boolean first = true;
    for (Map.Entry<Double, MetricSet> e : validation.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(String.format(Locale.ROOT, "%.1f: %.4f", e.getKey(), e.getValue().ccc()));
    }
    sb.append(String.format(Locale.ROOT, "; chosen w=%.1f", chosenWeight));
    sb.append(String.format(Locale.ROOT, ", %.0f s}", seconds.getOrDefault("total", 0.0)));
    return sb.toString();
  }
}
