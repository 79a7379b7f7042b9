package io.github.kd4j.core.protocol;

import io.github.kd4j.core.internal.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves folds to a text file and reads them back exactly, so that every job of a run (on this
 * machine or on a cluster) sees the same partition.
 *
 * <p>Format: UTF-8, one tab-separated record per line; the first line is the header {@code
 * kd4j-folds<TAB>1}; lines starting with {@code #} and blank lines are ignored; every other line is
 *
 * <pre>
 *   scheme  fold  name  part  trial  subject
 *   TRS     3     trs-f03  test  P1-trial-10  P1
 * </pre>
 *
 * with {@code part} one of {@code train}, {@code validation}, {@code test}. Folds are numbered
 * 0..k-1 without gaps, all of one scheme, one name per fold; within a part, trials keep the file's
 * order. Written atomically ({@code AtomicFiles}).
 */
public final class FoldFile {
  static final String HEADER = "kd4j-folds\t1";

  private FoldFile() {}

  /**
   * Writes the folds.
   *
   * @param file the target; written atomically
   * @param folds the folds, indices 0..k-1 in order, one scheme
   * @throws IllegalArgumentException if the folds are empty, mixed or out of order
   */
  public static void write(Path file, List<Fold> folds) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    checkFolds(folds);
    AtomicFiles.write(
        file,
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          w.write(HEADER + "\n");
          w.write("# scheme\tfold\tname\tpart\ttrial\tsubject\n");
          for (Fold f : folds) {
            for (Fold.Part p : Fold.Part.values()) {
              for (TrialRef t : f.part(p)) {
                w.write(
                    f.scheme()
                        + "\t"
                        + f.index()
                        + "\t"
                        + f.name()
                        + "\t"
                        + p.key()
                        + "\t"
                        + t.id()
                        + "\t"
                        + t.subject()
                        + "\n");
              }
            }
          }
          w.flush();
        });
  }

  private static void checkFolds(List<Fold> folds) {
    if (folds == null || folds.isEmpty()) {
      throw new IllegalArgumentException("folds must not be empty");
    }
    for (int i = 0; i < folds.size(); i++) {
      Fold f = folds.get(i);
      if (f.index() != i) {
        throw new IllegalArgumentException(
            "folds must be listed by index 0..k-1, got index " + f.index() + " at position " + i);
      }
      if (f.scheme() != folds.get(0).scheme()) {
        throw new IllegalArgumentException(
            "folds must share one scheme, got " + folds.get(0).scheme() + " and " + f.scheme());
      }
    }
  }

  /**
   * Reads folds written by {@link #write}.
   *
   * @param file the fold file
   * @return the folds, index 0 first
   * @throws FoldFileException naming the file and line for a bad header, a line without six fields,
   *     an unknown scheme or part, a bad fold number, inconsistent names or schemes, a gap in the
   *     fold numbers, a trial listed twice in a fold, or a fold with an empty part
   * @throws IOException if the file cannot be read
   */
  public static List<Fold> read(Path file) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    List<Builder> builders = new ArrayList<>();
    FoldScheme scheme = null;
    int lineNo = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      lineNo = 1;
      if (line == null || !line.equals(HEADER)) {
        throw new FoldFileException(
            file,
            1,
            "header must be '"
                + HEADER.replace("\t", "<TAB>")
                + "', got "
                + (line == null ? "an empty file" : "'" + line.replace("\t", "<TAB>") + "'"));
      }
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 6) {
          throw new FoldFileException(
              file,
              lineNo,
              "a line must have 6 tab-separated fields (scheme, fold, name, part, trial, subject), got "
                  + f.length);
        }
        FoldScheme s;
        try {
          s = FoldScheme.parse(f[0]);
        } catch (IllegalArgumentException e) {
          throw new FoldFileException(file, lineNo, e.getMessage());
        }
        if (scheme == null) {
          scheme = s;
        } else if (s != scheme) {
          throw new FoldFileException(
              file, lineNo, "scheme must be " + scheme + " as on the lines before, got " + s);
        }
        int index;
        try {
          index = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
          index = -1;
        }
        if (index < 0 || index > builders.size()) {
          throw new FoldFileException(
              file,
              lineNo,
              "fold must be a number from 0 to "
                  + builders.size()
                  + " (folds are numbered without gaps), got '"
                  + f[1]
                  + "'");
        }
        if (index == builders.size()) {
          builders.add(new Builder(f[2]));
        }
        Builder b = builders.get(index);
        if (!b.name.equals(f[2])) {
          throw new FoldFileException(
              file, lineNo, "name of fold " + index + " must be " + b.name + ", got " + f[2]);
        }
        Fold.Part part = null;
        for (Fold.Part p : Fold.Part.values()) {
          if (p.key().equals(f[3])) {
            part = p;
          }
        }
        if (part == null) {
          throw new FoldFileException(
              file, lineNo, "part must be train, validation or test, got '" + f[3] + "'");
        }
        TrialRef t;
        try {
          t = new TrialRef(f[4], f[5]);
        } catch (IllegalArgumentException e) {
          throw new FoldFileException(file, lineNo, e.getMessage());
        }
        if (!b.ids.add(t.id())) {
          throw new FoldFileException(
              file,
              lineNo,
              "trial " + t.id() + " must appear once in fold " + b.name + ", got twice");
        }
        b.parts.get(part).add(t);
        b.lastLine = lineNo;
      }
    }
    if (builders.isEmpty()) {
      throw new FoldFileException(file, 0, "the file must hold at least one fold, got none");
    }
    List<Fold> out = new ArrayList<>();
    for (int i = 0; i < builders.size(); i++) {
      Builder b = builders.get(i);
      try {
        out.add(
            new Fold(
                i,
                scheme,
                b.name,
                b.parts.get(Fold.Part.TRAIN),
                b.parts.get(Fold.Part.VALIDATION),
                b.parts.get(Fold.Part.TEST)));
      } catch (IllegalArgumentException e) {
        throw new FoldFileException(file, b.lastLine, e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static final class Builder {
    final String name;
    final Set<String> ids = new HashSet<>();
    final Map<Fold.Part, List<TrialRef>> parts = new EnumMap<>(Fold.Part.class);
    int lastLine;

    Builder(String name) {
      this.name = name;
      for (Fold.Part p : Fold.Part.values()) {
        parts.put(p, new ArrayList<>());
      }
    }
  }
}
