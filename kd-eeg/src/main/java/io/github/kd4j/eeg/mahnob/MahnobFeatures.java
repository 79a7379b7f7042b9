package io.github.kd4j.eeg.mahnob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reader of the public MAHNOB-HCI per-trial feature files (SPEC 12; {@code data/README.md}, section
 * mahnob): MAT v5 files named {@code P{subject}-features-resamp4hz-trial-{trial}.mat}, each
 * holding, at 4 Hz,
 *
 * <ul>
 *   <li>{@code target}: {@code 1 x T} (or {@code T x 1}) continuous valence;
 *   <li>{@code eeg_band_feats_full}: {@code T x 128}, column {@code 32 b + k} = band {@code b},
 *       electrode {@code k} (BioSemi 32 order);
 *   <li>{@code face_feats}: {@code T x 327}.
 * </ul>
 *
 * <p>Arrays may be {@code single} or {@code double} (the public source is double, the copy here
 * float32); doubles are rounded to float. Other fields ({@code eeg_band_feats}, {@code gaze_feats},
 * ...) are ignored.
 *
 * <p>Label scale: {@link MahnobTrial#target()} is {@code labelScale * target} of the file. The
 * files' {@code target} is exactly twice the {@code labels} of {@code lable_continous_Mahnob.mat}
 * that the reference code trains on, so the default {@code labelScale} is {@code 0.5}: results
 * (RMSE in particular) are on the reference scale (SPEC 12). Use {@code labelScale(1)} for the
 * files' own scale.
 *
 * <p>Stream lengths (SPEC 2): when the three fields disagree on {@code T} by one step, the trailing
 * step of the longer ones is dropped (logged at DEBUG); by more, the file is refused.
 *
 * <p>Errors are {@link MahnobFormatException}s naming the file and the field (and the index of a
 * non-finite value): unreadable MAT data, a missing field, a field that is not a real {@code
 * single}/{@code double} matrix of the expected width, {@code T = 0}, NaN or infinite values,
 * lengths more than one step apart, or a file name outside the pattern.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * List<MahnobTrial> trials = MahnobFeatures.defaults().readDirectory(Path.of("data/mahnob"));
 * Trial student = trials.get(0).eegTrial();          // [T][128], target / 2
 * Trial teacher = trials.get(0).faceTrial(0, 1, 2);   // chosen face columns
 * }</pre>
 */
public final class MahnobFeatures {
  private static final Logger LOG = LoggerFactory.getLogger(MahnobFeatures.class);

  /** File name pattern: {@code P{subject}-features-resamp4hz-trial-{trial}.mat}, no leading 0. */
  public static final Pattern FILE_NAME =
      Pattern.compile("P([1-9][0-9]*)-features-resamp4hz-trial-([1-9][0-9]*)\\.mat");

  /**
   * Names that look like feature files but do not match {@link #FILE_NAME}: any case, {@code P},
   * digits, then {@code features} and {@code trial} followed by digits, any suffix (leading zeros,
   * {@code .MAT}, {@code .mat.bak}, {@code _} for {@code -}). {@link #readDirectory} names them at
   * WARN.
   */
  static final Pattern LOOK_ALIKE = Pattern.compile("(?i)p\\d+\\W*_*features.*trial\\W*_*\\d+.*");

  /** Name of the valence field. */
  public static final String TARGET = "target";

  /** Name of the EEG feature field. */
  public static final String EEG = "eeg_band_feats_full";

  /** Name of the face feature field. */
  public static final String FACE = "face_feats";

  /** The default label scale: the reference's scale, half the files' {@code target}. */
  public static final double DEFAULT_LABEL_SCALE = 0.5;

  private final double labelScale;

  private MahnobFeatures(Builder b) {
    labelScale = b.labelScale;
  }

  /** A builder with {@code labelScale = 0.5}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The reader with the defaults ({@code labelScale = 0.5}). */
  public static MahnobFeatures defaults() {
    return builder().build();
  }

  /** A builder holding this reader's settings. */
  public Builder toBuilder() {
    return builder().labelScale(labelScale);
  }

  /** Factor applied to the files' {@code target} (default 0.5). */
  public double labelScale() {
    return labelScale;
  }

  /**
   * Reads every file of {@code dir} whose name matches {@link #FILE_NAME}, sorted by subject, then
   * trial (numerically). Other entries (such as {@code lable_continous_Mahnob.mat}) are skipped
   * (listed at DEBUG); names that look like feature files but do not match ({@link #LOOK_ALIKE},
   * e.g. {@code P01-...} or {@code .MAT}) are skipped with a WARN naming them; no subdirectory is
   * read.
   *
   * @throws NoSuchFileException when {@code dir} is not a directory
   * @throws MahnobFormatException when a feature file is bad, when an entry with a feature-file
   *     name is not a regular file (a dangling link, a directory, a FIFO: a trial that is missing,
   *     not one to skip), or when no file matches the pattern
   */
  public List<MahnobTrial> readDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "must be a directory of feature files");
    }
    List<Path> files = new ArrayList<>();
    List<String> lookAlikes = new ArrayList<>();
    List<String> others = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        boolean matches = FILE_NAME.matcher(name).matches();
        if (matches) {
          if (!Files.isRegularFile(p)) {
            // a trial the data set should hold but cannot: refuse rather than train without it
            throw new MahnobFormatException(
                p, "must be a readable regular file, got " + notRegular(p) + "; remove or fix it");
          }
          files.add(p);
        } else if (LOOK_ALIKE.matcher(name).matches()) {
          lookAlikes.add(name);
        } else {
          others.add(name);
        }
      }
    }
    if (!lookAlikes.isEmpty()) {
      LOG.warn(
          "{}: skipped {} file(s) that look like feature files but do not match"
              + " P{subject}-features-resamp4hz-trial-{trial}.mat exactly (case, leading zeros,"
              + " suffix): {}",
          dir,
          lookAlikes.size(),
          lookAlikes);
    }
    if (files.isEmpty()) {
      throw new MahnobFormatException(
          dir,
          "directory must hold at least 1 file named P{subject}-features-resamp4hz-trial-{trial}.mat,"
              + " got none"
              + (lookAlikes.isEmpty() ? "" : " (look-alike names: " + lookAlikes + ")"));
    }
    int skipped = lookAlikes.size() + others.size();
    if (!others.isEmpty()) {
      LOG.debug("{}: skipped other entries {}", dir, others);
    }
    List<MahnobTrial> out = new ArrayList<>(files.size());
    for (Path f : files) {
      out.add(read(f));
    }
    out.sort(Comparator.comparingInt(MahnobTrial::subject).thenComparingInt(MahnobTrial::trial));
    LOG.debug(
        "{}: read {} trials of {} subjects ({} other files skipped)",
        dir,
        out.size(),
        out.stream().mapToInt(MahnobTrial::subject).distinct().count(),
        skipped);
    return out;
  }

  /**
   * Reads one feature file; subject and trial come from its name.
   *
   * @throws MahnobFormatException for a bad name or content (see the class comment)
   * @throws IOException when the file cannot be read
   */
  public MahnobTrial read(Path file) throws IOException {
    String name = file.getFileName().toString();
    Matcher m = FILE_NAME.matcher(name);
    if (!m.matches()) {
      throw new MahnobFormatException(
          file,
          "file name must match P{subject}-features-resamp4hz-trial-{trial}.mat (numbers without"
              + " leading zeros), got '"
              + name
              + "'");
    }
    int subject;
    int trial;
    try {
      subject = Integer.parseInt(m.group(1));
      trial = Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      throw new MahnobFormatException(file, "subject and trial numbers must fit an int", e);
    }
    String id = "P" + subject + "-trial-" + trial;
    double[][][] streams =
        withFields(
            file,
            fields ->
                new double[][][] {
                  {vector(file, fields, TARGET)},
                  matrix(file, fields, EEG, MahnobTrial.EEG_FEATURES),
                  matrix(file, fields, FACE, MahnobTrial.FACE_FEATURES)
                });
    double[] target = streams[0][0];
    double[][] eeg = streams[1];
    double[][] face = streams[2];

    int t = Math.min(target.length, Math.min(eeg.length, face.length));
    int tMax = Math.max(target.length, Math.max(eeg.length, face.length));
    String lengths =
        TARGET
            + " "
            + target.length
            + ", "
            + EEG
            + " "
            + eeg.length
            + ", "
            + FACE
            + " "
            + face.length;
    if (tMax - t > 1) {
      throw new MahnobFormatException(
          file,
          "fields must have the same number of steps T (at most 1 apart, SPEC 2), got " + lengths);
    }
    if (tMax != t) {
      LOG.debug(
          "{}: dropped the trailing step of the longer streams ({}) -> T = {}", id, lengths, t);
    }
    float[] y = new float[t];
    for (int i = 0; i < t; i++) {
      y[i] = (float) (labelScale * target[i]);
    }
    return new MahnobTrial(subject, trial, id, y, toFloat(eeg, t), toFloat(face, t));
  }

  /**
   * Reads {@code lable_continous_Mahnob.mat} (the file the reference code reads): {@code
   * trials_included} ({@code N x 2}: subject, trial) and {@code labels} ({@code N x 1} cell of
   * {@code 1 x T} vectors). Returns the labels as stored (half of the feature files' {@code
   * target}, not scaled by {@link #labelScale()}), keyed by {@code "P{subject}-trial-{trial}"} in
   * file order.
   *
   * @throws MahnobFormatException for a missing or misshapen field or a non-finite value
   */
  public static Map<String, double[]> readReferenceLabels(Path file) throws IOException {
    return withFields(file, fields -> referenceLabels(file, fields));
  }

  private static Map<String, double[]> referenceLabels(Path file, Map<String, Array> fields)
      throws MahnobFormatException {
    Array inc = require(file, fields, "trials_included");
    Array lab = require(file, fields, "labels");
    if (!(inc instanceof Matrix ids) || inc.getNumDimensions() != 2 || inc.getNumCols() != 2) {
      throw new MahnobFormatException(
          file, "field 'trials_included' must be an N x 2 numeric matrix, got " + describe(inc));
    }
    if (!(lab instanceof Cell cell) || lab.getNumElements() != ids.getNumRows()) {
      throw new MahnobFormatException(
          file,
          "field 'labels' must be a cell with one entry per row of trials_included ("
              + ids.getNumRows()
              + "), got "
              + describe(lab));
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.getNumRows(); i++) {
      String id = "P" + ids.getInt(i, 0) + "-trial-" + ids.getInt(i, 1);
      Array a = cell.get(i);
      String field = "labels{" + (i + 1) + "}";
      out.put(id, vector(file, Map.of(field, a), field));
    }
    return out;
  }

  /** Work on a file's named arrays; they are only valid while the file is open. */
  private interface FieldReader<T> {
    T read(Map<String, Array> fields) throws MahnobFormatException;
  }

  private static <T> T withFields(Path file, FieldReader<T> reader) throws IOException {
    if (!Files.isRegularFile(file)) {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(file.toString());
      }
      throw new MahnobFormatException(
          file, "must be a regular MAT v5 file, got " + notRegular(file));
    }
    long size = Files.size(file);
    try (MatFile mat = Mat5.readFromFile(file.toString())) {
      Map<String, Array> fields = new LinkedHashMap<>();
      for (MatFile.Entry e : mat.getEntries()) {
        fields.put(e.getName(), e.getValue());
      }
      return reader.read(fields);
    } catch (MahnobFormatException e) {
      throw e;
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // mfl reports a truncated file as EOFException, a size field larger than the file as
      // IllegalArgumentException ("capacity < 0") or BufferUnderflowException, and may try to
      // allocate what a corrupted size field claims; none of them names the file. An
      // OutOfMemoryError here comes from that one oversized allocation, which failed before
      // anything was kept, so the JVM is in a usable state.
      throw new MahnobFormatException(
          file,
          "must be a readable MAT v5 file of consistent element sizes (the file has "
              + size
              + " bytes; truncated or corrupted?), got "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
  }

  /** Why {@code p} is not a regular file, in words. */
  private static String notRegular(Path p) {
    if (Files.isDirectory(p)) {
      return "a directory";
    }
    if (Files.isSymbolicLink(p) && !Files.exists(p)) {
      try {
        return "a dangling symbolic link to " + Files.readSymbolicLink(p);
      } catch (IOException e) {
        return "a dangling symbolic link";
      }
    }
    return "not a regular file (a FIFO, socket or device)";
  }

  private static Array require(Path file, Map<String, Array> fields, String name)
      throws MahnobFormatException {
    Array a = fields.get(name);
    if (a == null) {
      throw new MahnobFormatException(
          file, "field '" + name + "' is missing (fields present: " + fields.keySet() + ")");
    }
    return a;
  }

  private static Matrix realMatrix(Path file, Map<String, Array> fields, String name)
      throws MahnobFormatException {
    Array a = require(file, fields, name);
    MatlabType type = a.getType();
    if (!(a instanceof Matrix m)
        || (type != MatlabType.Single && type != MatlabType.Double)
        || m.isComplex()
        || m.isLogical()
        || a.getNumDimensions() != 2) {
      throw new MahnobFormatException(
          file,
          "field '" + name + "' must be a real 2-D single or double matrix, got " + describe(a));
    }
    return m;
  }

  private static String describe(Array a) {
    StringBuilder s = new StringBuilder();
    int[] d = a.getDimensions();
    for (int i = 0; i < d.length; i++) {
      s.append(i == 0 ? "" : " x ").append(d[i]);
    }
    s.append(' ').append(a.getType());
    if (a instanceof Matrix m && m.isComplex()) {
      s.append(" (complex)");
    }
    if (a instanceof Matrix m && m.isLogical()) {
      s.append(" (logical)");
    }
    return s.toString();
  }

  /** A 1 x T or T x 1 vector, T >= 1, finite. */
  private static double[] vector(Path file, Map<String, Array> fields, String name)
      throws MahnobFormatException {
    Matrix m = realMatrix(file, fields, name);
    int rows = m.getNumRows();
    int cols = m.getNumCols();
    if ((rows != 1 && cols != 1) || m.getNumElements() == 0) {
      throw new MahnobFormatException(
          file, "field '" + name + "' must be a 1 x T vector with T >= 1, got " + describe(m));
    }
    double[] v = new double[m.getNumElements()];
    for (int i = 0; i < v.length; i++) {
      v[i] = m.getDouble(i);
      if (!Double.isFinite(v[i]) || Float.isInfinite((float) v[i])) {
        throw new MahnobFormatException(
            file, "field '" + name + "' must be finite, got " + v[i] + " at index " + i);
      }
    }
    return v;
  }

  /** A T x width matrix, T >= 1, finite (also after rounding to float). */
  private static double[][] matrix(Path file, Map<String, Array> fields, String name, int width)
      throws MahnobFormatException {
    Matrix m = realMatrix(file, fields, name);
    if (m.getNumCols() != width || m.getNumRows() == 0) {
      throw new MahnobFormatException(
          file, "field '" + name + "' must be T x " + width + " with T >= 1, got " + describe(m));
    }
    double[][] out = new double[m.getNumRows()][width];
    for (int r = 0; r < out.length; r++) {
      for (int c = 0; c < width; c++) {
        double v = m.getDouble(r, c);
        if (!Double.isFinite(v) || Float.isInfinite((float) v)) {
          throw new MahnobFormatException(
              file,
              "field '"
                  + name
                  + "' must be finite, got "
                  + v
                  + " at step "
                  + r
                  + ", column "
                  + c
                  + " (0-based)");
        }
        out[r][c] = v;
      }
    }
    return out;
  }

  private static float[][] toFloat(double[][] a, int rows) {
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = new float[a[r].length];
      for (int c = 0; c < a[r].length; c++) {
        out[r][c] = (float) a[r][c];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "MahnobFeatures[labelScale=" + labelScale + "]";
  }

  /** Builder of {@link MahnobFeatures}. */
  public static final class Builder {
    private double labelScale = DEFAULT_LABEL_SCALE;

    private Builder() {}

    /**
     * Factor applied to the files' {@code target}, finite and {@code > 0}; default 0.5 (the
     * reference scale of SPEC 12: {@code target / 2 = labels} of {@code
     * lable_continous_Mahnob.mat}). Use 1 to keep the files' scale.
     */
    public Builder labelScale(double scale) {
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("labelScale must be a finite number > 0, got " + scale);
      }
      labelScale = scale;
      return this;
    }

    /** Builds the reader. */
    public MahnobFeatures build() {
      return new MahnobFeatures(this);
    }
  }
}
