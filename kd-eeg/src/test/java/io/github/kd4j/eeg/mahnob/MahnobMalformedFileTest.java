package io.github.kd4j.eeg.mahnob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/** Feature files written with mfl-core: precision, extra fields, lengths and every error. */
class MahnobMalformedFileTest {
  static final String NAME = "P4-features-resamp4hz-trial-6.mat";

  @TempDir Path tmp;

  /** A matrix whose entry (r, c) is {@code base + r + c / 1000}. */
  static Matrix matrix(int rows, int cols, MatlabType type, double base) {
    Matrix m = Mat5.newMatrix(rows, cols, type);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m.setDouble(r, c, base + r + c / 1000.0);
      }
    }
    return m;
  }

  /** Writes a feature file with the given T of target, eeg and face (-1: field left out). */
  Path write(String name, MatlabType type, int tTarget, int tEeg, int tFace, boolean extras)
      throws IOException {
    MatFile mat = Mat5.newMatFile();
    if (tTarget >= 0) {
      mat.addArray("target", matrix(1, tTarget, type, 0.25));
    }
    if (extras) {
      mat.addArray("gaze_feats", matrix(Math.max(tTarget, 1), 2, MatlabType.Double, 7));
      mat.addArray("note", Mat5.newString("ignored"));
    }
    if (tEeg >= 0) {
      mat.addArray("eeg_band_feats_full", matrix(tEeg, 128, type, 1));
    }
    if (tFace >= 0) {
      mat.addArray("face_feats", matrix(tFace, 327, type, 2));
    }
    Path p = tmp.resolve(name);
    Mat5.writeToFile(mat, p.toString());
    return p;
  }

  Path write(int tTarget, int tEeg, int tFace) throws IOException {
    return write(NAME, MatlabType.Single, tTarget, tEeg, tFace, false);
  }

  static String message(Path file) {
    return assertThrows(MahnobFormatException.class, () -> MahnobFeatures.defaults().read(file))
        .getMessage();
  }

  @Test
  void doublePrecisionAndExtraFieldsAreAccepted() throws IOException {
    MahnobTrial s = MahnobFeatures.defaults().read(write(NAME, MatlabType.Single, 6, 6, 6, false));
    Path d = write("P4-features-resamp4hz-trial-8.mat", MatlabType.Double, 6, 6, 6, true);
    MahnobTrial t = MahnobFeatures.defaults().read(d);
    assertEquals(4, t.subject());
    assertEquals(8, t.trial());
    assertEquals("P4-trial-8", t.id());
    assertEquals(6, t.length());
    assertEquals((float) (1 + 5 + 127 / 1000.0), t.eeg()[5][127]);
    assertEquals((float) (2 + 3 + 326 / 1000.0), t.face()[3][326]);
    assertEquals((float) (0.5 * (0.25 + 0 + 4 / 1000.0)), t.target()[4], "labelScale 0.5");
    // the single file holds the same values rounded to float first: equal after our rounding
    assertEquals(s.eeg()[5][127], t.eeg()[5][127]);
    assertEquals(
        (float) (0.25 + 4 / 1000.0),
        MahnobFeatures.builder().labelScale(1).build().read(d).target()[4]);
  }

  @Test
  void targetMayBeAColumn() throws IOException {
    MatFile mat = Mat5.newMatFile();
    mat.addArray("target", matrix(3, 1, MatlabType.Single, 0.5));
    mat.addArray("eeg_band_feats_full", matrix(3, 128, MatlabType.Single, 1));
    mat.addArray("face_feats", matrix(3, 327, MatlabType.Single, 1));
    Path p = tmp.resolve(NAME);
    Mat5.writeToFile(mat, p.toString());
    assertEquals(1.25f, MahnobFeatures.defaults().read(p).target()[2]);
  }

  @Test
  void missingFieldNamesFileAndField() throws IOException {
    assertEquals(
        NAME + ": field 'face_feats' is missing (fields present: [target, eeg_band_feats_full])",
        message(write(5, 5, -1)));
  }

  @Test
  void oneStepDifferenceDropsTheTrailingStep() throws IOException {
    MahnobTrial t = MahnobFeatures.defaults().read(write(10, 11, 11));
    assertEquals(10, t.length());
    assertEquals(10, t.eeg().length);
    assertEquals(10, t.face().length);
    assertEquals((float) (1 + 9 + 0.0), t.eeg()[9][0], "leading steps kept");
    assertEquals(10, MahnobFeatures.defaults().read(write(11, 10, 11)).length());
  }

  @Test
  void largerLengthDifferenceIsAnError() throws IOException {
    assertEquals(
        NAME
            + ": fields must have the same number of steps T (at most 1 apart, SPEC 2), got target"
            + " 10, eeg_band_feats_full 12, face_feats 10",
        message(write(10, 12, 10)));
  }

  @Test
  void nonFiniteValuesNameFieldAndIndex() throws IOException {
    MatFile mat = Mat5.newMatFile();
    mat.addArray("target", matrix(1, 4, MatlabType.Single, 0));
    Matrix eeg = matrix(4, 128, MatlabType.Single, 0);
    eeg.setDouble(2, 17, Double.NaN);
    mat.addArray("eeg_band_feats_full", eeg);
    mat.addArray("face_feats", matrix(4, 327, MatlabType.Single, 0));
    Path p = tmp.resolve(NAME);
    Mat5.writeToFile(mat, p.toString());
    assertEquals(
        NAME
            + ": field 'eeg_band_feats_full' must be finite, got NaN at step 2, column 17 (0-based)",
        message(p));

    Matrix target = matrix(1, 4, MatlabType.Double, 0);
    target.setDouble(0, 3, Double.POSITIVE_INFINITY);
    mat.addArray("target", target);
    Mat5.writeToFile(mat, p.toString());
    assertEquals(NAME + ": field 'target' must be finite, got Infinity at index 3", message(p));

    // finite as double, infinite as float
    eeg.setDouble(2, 17, 0);
    Matrix face = matrix(4, 327, MatlabType.Double, 0);
    face.setDouble(1, 0, 1e300);
    mat.addArray("target", matrix(1, 4, MatlabType.Single, 0));
    mat.addArray("face_feats", face);
    Mat5.writeToFile(mat, p.toString());
    assertEquals(
        NAME + ": field 'face_feats' must be finite, got 1.0E300 at step 1, column 0 (0-based)",
        message(p));
  }

  @Test
  void wrongShapesAndTypesAreRefused() throws IOException {
    MatFile mat = Mat5.newMatFile();
    mat.addArray("target", matrix(2, 4, MatlabType.Single, 0));
    Path p = tmp.resolve(NAME);
    Mat5.writeToFile(mat, p.toString());
    assertEquals(
        NAME + ": field 'target' must be a 1 x T vector with T >= 1, got 2 x 4 single", message(p));

    mat.addArray("target", matrix(1, 4, MatlabType.Single, 0));
    mat.addArray("eeg_band_feats_full", matrix(4, 127, MatlabType.Single, 0));
    Mat5.writeToFile(mat, p.toString());
    assertEquals(
        NAME + ": field 'eeg_band_feats_full' must be T x 128 with T >= 1, got 4 x 127 single",
        message(p));

    mat.addArray("eeg_band_feats_full", Mat5.newMatrix(4, 128, MatlabType.Int16));
    Mat5.writeToFile(mat, p.toString());
    assertEquals(
        NAME
            + ": field 'eeg_band_feats_full' must be a real 2-D single or double matrix, got 4 x"
            + " 128 int16",
        message(p));

    mat.addArray("eeg_band_feats_full", Mat5.newString("not numbers"));
    Mat5.writeToFile(mat, p.toString());
    assertTrue(
        message(p).startsWith(NAME + ": field 'eeg_band_feats_full' must be a real 2-D single"));
  }

  @Test
  void notAMatFileIsRefused() throws IOException {
    Path p = tmp.resolve(NAME);
    Files.writeString(p, "this is not a MAT file, just some text that is long enough to be read");
    assertTrue(message(p).startsWith(NAME + ": must be a readable MAT v5 file"), message(p));
  }

  @Test
  void badFileNamesAreRefused() throws IOException {
    for (String bad :
        List.of(
            "P4-features-trial-6.mat",
            "P04-features-resamp4hz-trial-6.mat",
            "P4-features-resamp4hz-trial-6.MAT",
            "features.mat")) {
      Path p = write(bad, MatlabType.Single, 3, 3, 3, false);
      assertEquals(
          bad
              + ": file name must match P{subject}-features-resamp4hz-trial-{trial}.mat (numbers"
              + " without leading zeros), got '"
              + bad
              + "'",
          message(p));
    }
  }

  @Test
  void directoryReadingSortsNumericallyAndSkipsOtherFiles() throws IOException {
    write("P10-features-resamp4hz-trial-2.mat", MatlabType.Single, 3, 3, 3, false);
    write("P9-features-resamp4hz-trial-12.mat", MatlabType.Single, 4, 4, 4, false);
    write("P9-features-resamp4hz-trial-4.mat", MatlabType.Double, 5, 5, 5, true);
    write("lable_continous_Mahnob.mat", MatlabType.Single, 3, 3, 3, false);
    Files.writeString(tmp.resolve("README.txt"), "not a feature file");
    Files.createDirectory(tmp.resolve("not-a-trial"));
    // a non-regular entry with a feature-file name is an error: MahnobDirectoryTest
    List<MahnobTrial> trials = MahnobFeatures.defaults().readDirectory(tmp);
    assertEquals(
        List.of("P9-trial-4", "P9-trial-12", "P10-trial-2"),
        trials.stream().map(MahnobTrial::id).toList());
  }

  @Test
  void emptyOrMissingDirectoryIsAnError() throws IOException {
    Files.writeString(tmp.resolve("README.txt"), "not a feature file");
    MahnobFormatException e =
        assertThrows(
            MahnobFormatException.class, () -> MahnobFeatures.defaults().readDirectory(tmp));
    assertTrue(
        e.getMessage()
            .endsWith(
                "directory must hold at least 1 file named"
                    + " P{subject}-features-resamp4hz-trial-{trial}.mat, got none"),
        e.getMessage());
    assertThrows(
        NoSuchFileException.class,
        () -> MahnobFeatures.defaults().readDirectory(tmp.resolve("absent")));
  }

  @Test
  void labelScaleIsValidated() {
    assertEquals(
        "labelScale must be a finite number > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> MahnobFeatures.builder().labelScale(0))
            .getMessage());
    assertEquals("MahnobFeatures[labelScale=0.5]", MahnobFeatures.defaults().toString());
    assertEquals(
        2.0, MahnobFeatures.builder().labelScale(2).build().toBuilder().build().labelScale());
  }
}
