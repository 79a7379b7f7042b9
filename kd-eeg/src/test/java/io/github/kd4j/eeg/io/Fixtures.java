package io.github.kd4j.eeg.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/** Paths to the shared EDF/BDF files and readers of the committed MNE fixtures. */
final class Fixtures {
  private Fixtures() {}

  static Path edfBdf(String name) {
    return Path.of(System.getProperty("kd4j.data"), "edf-bdf", name);
  }

  /** Rows of the {@code data} matrix of a MAT file, as doubles. */
  static double[][] matRows(String name, String var) throws IOException {
    try (MatFile mat = Mat5.readFromFile(edfBdf(name).toString())) {
      Matrix m = mat.getMatrix(var);
      double[][] out = new double[m.getNumRows()][m.getNumCols()];
      for (int r = 0; r < out.length; r++) {
        for (int c = 0; c < out[r].length; c++) {
          out[r][c] = m.getDouble(r, c);
        }
      }
      return out;
    } catch (Exception e) {
      throw new IOException("cannot read " + name, e);
    }
  }

  /** Non-comment lines of a text resource of this package. */
  static List<String> lines(String resource) throws IOException {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isEmpty() && !l.startsWith("#")) {
          out.add(l);
        }
      }
      return out;
    }
  }

  /** Rows of a tab-separated annotations fixture. */
  static List<Annotation> annotations(String resource) throws IOException {
    List<Annotation> out = new ArrayList<>();
    for (String l : lines(resource)) {
      String[] f = l.split("\t", 3);
      out.add(new Annotation(Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2]));
    }
    return out;
  }

  /** Row {@code r} of a row-major matrix stored flat. */
  static double[] row(double[] flat, int cols, int r) {
    double[] out = new double[cols];
    System.arraycopy(flat, r * cols, out, 0, cols);
    return out;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
