package io.github.kd4j.examples.cli;

import io.github.kd4j.eeg.mahnob.MahnobFeatures;
import io.github.kd4j.eeg.mahnob.MahnobTrial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** Reading and splitting MAHNOB-HCI feature folders for {@code train} and {@code distill}. */
final class MahnobData {
  private MahnobData() {}

  /** A seeded trial-level split. */
  record Split<T>(List<T> train, List<T> validation, List<T> test) {}

  /**
   * The trials of {@code dir}, all of them or only those of {@code subjects} (ids such as {@code
   * P1}), sorted by subject then trial.
   *
   * @throws IllegalArgumentException naming a subject id that is malformed or has no file
   */
  static List<MahnobTrial> read(Path dir, List<String> subjects) throws IOException {
    MahnobFeatures reader = MahnobFeatures.defaults();
    if (subjects == null || subjects.isEmpty()) {
      return reader.readDirectory(dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "must be a directory of feature files");
    }
    Set<Integer> wanted = new LinkedHashSet<>();
    for (String s : subjects) {
      if (!s.matches("P[1-9][0-9]*")) {
        throw new IllegalArgumentException("--subjects entries must look like P1, got '" + s + "'");
      }
      wanted.add(Integer.parseInt(s.substring(1)));
    }
    List<MahnobTrial> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        Matcher m = MahnobFeatures.FILE_NAME.matcher(p.getFileName().toString());
        if (m.matches() && wanted.contains(Integer.parseInt(m.group(1)))) {
          out.add(reader.read(p));
        }
      }
    }
    for (int s : wanted) {
      if (out.stream().noneMatch(t -> t.subject() == s)) {
        throw new IllegalArgumentException(
            "--subjects: " + dir + " holds no feature file of subject P" + s);
      }
    }
    out.sort(Comparator.comparingInt(MahnobTrial::subject).thenComparingInt(MahnobTrial::trial));
    return out;
  }

  /**
   * Shuffles {@code trials} with {@code seed} (Fisher-Yates on {@link SplittableRandom}, as the
   * demo) and cuts off rounded fractions for validation and test; the rest trains.
   *
   * @throws IllegalArgumentException when a part would be empty
   */
  static <T> Split<T> split(List<T> trials, long seed, double validation, double test) {
    if (!(validation > 0 && validation < 1)) {
      throw new IllegalArgumentException("--validation must be in (0, 1), got " + validation);
    }
    if (!(test >= 0 && validation + test < 1)) {
      throw new IllegalArgumentException(
          "--test must be >= 0 with --validation + --test < 1, got " + test);
    }
    List<T> order = new ArrayList<>(trials);
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = order.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = order.get(i);
      order.set(i, order.get(j));
      order.set(j, t);
    }
    int nVal = (int) Math.round(order.size() * validation);
    int nTest = (int) Math.round(order.size() * test);
    int nTrain = order.size() - nVal - nTest;
    if (nVal < 1 || nTrain < 1 || (test > 0 && nTest < 1)) {
      throw new IllegalArgumentException(
          "the split of "
              + order.size()
              + " trials must leave every part non-empty, got "
              + nTrain
              + " training, "
              + nVal
              + " validation, "
              + nTest
              + " test trials");
    }
    return new Split<>(
        List.copyOf(order.subList(0, nTrain)),
        List.copyOf(order.subList(nTrain, nTrain + nVal)),
        List.copyOf(order.subList(nTrain + nVal, order.size())));
  }
}
