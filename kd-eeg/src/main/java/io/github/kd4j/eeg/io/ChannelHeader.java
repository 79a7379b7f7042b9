package io.github.kd4j.eeg.io;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The header of one signal of an EDF/BDF file, as written in the file.
 *
 * <p>Labels, transducer, unit and prefiltering are the 16/80/8/80-byte ASCII fields with leading
 * and trailing blanks removed, as MNE does; padding dots are kept ({@code "Cz.."}). Digital samples
 * map to physical values by the EDF formula
 *
 * <pre>
 * {@code physical = (digital - digitalMin) * (physicalMax - physicalMin) / (digitalMax - digitalMin) + physicalMin}
 * </pre>
 *
 * computed, like MNE, as {@code digital * gain() + offset()}.
 *
 * @param index 0-based position of the signal in the file header
 * @param label signal label, e.g. {@code "Fc5."}, {@code "Status"}, {@code "EDF Annotations"}
 * @param transducer transducer type, often empty
 * @param unit physical dimension, e.g. {@code "uV"}
 * @param physicalMin physical minimum, in {@code unit}
 * @param physicalMax physical maximum, in {@code unit}
 * @param digitalMin digital minimum
 * @param digitalMax digital maximum
 * @param prefiltering prefiltering, e.g. {@code "HP:0.1Hz LP:75Hz"}, often empty
 * @param samplesPerRecord number of samples in each data record
 * @param samplingRate {@code samplesPerRecord / recordDuration}, in Hz
 */
public record ChannelHeader(
    int index,
    String label,
    String transducer,
    String unit,
    double physicalMin,
    double physicalMax,
    int digitalMin,
    int digitalMax,
    String prefiltering,
    int samplesPerRecord,
    double samplingRate) {

  /** Checks that the strings are non-null. */
  public ChannelHeader {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(transducer, "transducer");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(prefiltering, "prefiltering");
  }

  /** {@code (physicalMax - physicalMin) / (digitalMax - digitalMin)}: unit per digital step. */
  public double gain() {
    return (physicalMax - physicalMin) / ((double) digitalMax - digitalMin);
  }

  /** {@code physicalMin - digitalMin * gain()}: the physical value of digital 0. */
  public double offset() {
    return physicalMin - digitalMin * gain();
  }

  /**
   * Whether this is an EDF+/BDF+ annotation signal: label {@code "EDF Annotations"} or {@code "BDF
   * Annotations"} (as MNE). Such signals hold TALs, not samples.
   */
  public boolean isAnnotations() {
    return label.equals("EDF Annotations") || label.equals("BDF Annotations");
  }

  /**
   * Whether this is a trigger/status signal: label {@code "Status"} or {@code "Trigger"}, ignoring
   * case (MNE's {@code stim_channel='auto'}). The BioSemi {@code Status} signal holds trigger codes
   * in its low 16 bits and system bits above.
   */
  public boolean isStatus() {
    String l = label.toLowerCase(Locale.ROOT);
    return l.equals("status") || l.equals("trigger");
  }

  /**
   * Volts per unit of this signal, as MNE scales EEG: {@code 1e-6} for {@code uV}, {@code µV}
   * (U+00B5), {@code μV} (U+03BC); {@code 1e-3} for {@code mV}; {@code 1} for {@code V}; empty for
   * any other unit (MNE would silently use 1).
   */
  public OptionalDouble voltsPerUnit() {
    switch (unit) {
      case "uV":
      case "\u00b5V":
      case "\u03bcV":
      case "\u0083\u00caV": // Shift-JIS mu read as Latin-1, accepted by MNE
        return OptionalDouble.of(1e-6);
      case "mV":
        return OptionalDouble.of(1e-3);
      case "V":
        return OptionalDouble.of(1.0);
      default:
        return OptionalDouble.empty();
    }
  }
}
