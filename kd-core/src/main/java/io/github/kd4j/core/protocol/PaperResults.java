package io.github.kd4j.core.protocol;

import java.util.List;

/**
 * The paper's test results (SPEC 11): mean and std over folds, in the layout of its tables 2 and 3.
 * Values are on the reference label scale ({@code target / 2}, SPEC 12).
 */
final class PaperResults {
  private PaperResults() {}

  /**
   * One row: label, model, whether it is the distilled student, then {@code {mean, std}} for TRS
   * RMSE, PCC, CCC and LOSO RMSE, PCC, CCC.
   */
  record Row(String label, ModelKind model, boolean distilled, double[][] values) {}

  static final List<Row> ROWS =
      List.of(
          new Row(
              "visual teacher",
              ModelKind.TEACHER,
              false,
              new double[][] {
                {0.054, 0.006}, {0.686, 0.079}, {0.674, 0.085},
                {0.049, 0.015}, {0.684, 0.203}, {0.602, 0.228}
              }),
          new Row(
              "visual, Soleymani LSTM",
              ModelKind.LSTM_VISUAL,
              false,
              new double[][] {
                {0.058, 0.009}, {0.611, 0.150}, {0.589, 0.163},
                {0.055, 0.020}, {0.602, 0.264}, {0.533, 0.251}
              }),
          new Row(
              "EEG student, no KD",
              ModelKind.STUDENT,
              false,
              new double[][] {
                {0.066, 0.009}, {0.435, 0.205}, {0.415, 0.201},
                {0.066, 0.025}, {0.474, 0.267}, {0.377, 0.250}
              }),
          new Row(
              "EEG, Soleymani LSTM",
              ModelKind.LSTM_EEG,
              false,
              new double[][] {
                {0.080, 0.012}, {0.353, 0.228}, {0.333, 0.214},
                {0.081, 0.034}, {0.427, 0.267}, {0.306, 0.257}
              }),
          new Row(
              "EEG student + KD (TRS w = 1.0, LOSO w = 0.4)",
              ModelKind.STUDENT,
              true,
              new double[][] {
                {0.065, 0.009}, {0.454, 0.207}, {0.433, 0.205},
                {0.063, 0.025}, {0.482, 0.269}, {0.387, 0.253}
              }));

  /** The paper's KD p-values on test, as printed (SPEC 11). */
  static String kdPValues(FoldScheme scheme) {
    return scheme == FoldScheme.TRS
        ? "w = 1.0: RMSE < 0.001, PCC 0.010, CCC 0.010"
        : "w = 0.4: RMSE 0.001, PCC 0.014, CCC 0.033";
  }
}
