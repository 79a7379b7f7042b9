package io.github.kd4j.eeg.io;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An EDF/EDF+/BDF recording read by {@link RecordingReader}: the selected data channels as physical
 * values, the file's annotations and its status (trigger) signal.
 *
 * <p>Channels. {@link #channels()} are the selected data signals in selection order (by default
 * every signal of the file except annotation signals and, unless {@link
 * RecordingReader.Builder#includeStatus(boolean)} is set, the status signal). Each channel keeps
 * its own sampling rate: files may mix rates (100 Hz and 12.8 Hz), and nothing is resampled.
 *
 * <p>Data. {@link #data(int)} holds physical values in the channel's own unit ({@link
 * ChannelHeader#unit()}, e.g. µV): {@code data(c)[i]} is sample {@code firstSampleIndex(c) + i} of
 * the file, at time {@code (firstSampleIndex(c) + i) / samplingRate(c)} seconds from the start of
 * the first data record. {@link #dataVolts(int)} converts to volts as MNE does ({@code
 * get_data()}).
 *
 * <p>Immutable and thread-safe: array accessors return copies.
 */
public final class Recording {
  private final RecordingHeader header;
  private final List<ChannelHeader> channels;
  private final int[] firstSample;
  private final double[][] data;
  private final List<Annotation> annotations;
  private final StatusChannel status;
  private final int firstRecordRead;
  private final int lastRecordRead;

  Recording(
      RecordingHeader header,
      List<ChannelHeader> channels,
      int[] firstSample,
      double[][] data,
      List<Annotation> annotations,
      StatusChannel status,
      int firstRecordRead,
      int lastRecordRead) {
    this.header = header;
    this.firstRecordRead = firstRecordRead;
    this.lastRecordRead = lastRecordRead;
    this.channels = Collections.unmodifiableList(new ArrayList<>(channels));
    this.firstSample = firstSample;
    this.data = data;
    this.annotations = Collections.unmodifiableList(new ArrayList<>(annotations));
    this.status = status;
  }

  /** The whole file's header (all signals, record count and duration). */
  public RecordingHeader header() {
    return header;
  }

  /** The file name (without directories). */
  public String fileName() {
    return String.valueOf(header.file().getFileName());
  }

  /** The file read. */
  public Path file() {
    return header.file();
  }

  /** Start of the first data record, as written in the header; see {@link RecordingHeader}. */
  public Optional<LocalDateTime> startDateTime() {
    return header.startDateTime();
  }

  /** Number of data records in the file. */
  public int numRecords() {
    return header.numRecords();
  }

  /** Duration of a data record in seconds. */
  public double recordDuration() {
    return header.recordDuration();
  }

  /** The selected data channels, in selection order. */
  public List<ChannelHeader> channels() {
    return channels;
  }

  /** Number of selected data channels. */
  public int channelCount() {
    return channels.size();
  }

  /** The labels of {@link #channels()}, as in the file ({@code "Cz.."}). */
  public List<String> channelLabels() {
    List<String> out = new ArrayList<>(channels.size());
    for (ChannelHeader c : channels) {
      out.add(c.label());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Position in {@link #channels()} of the channel called {@code name}: the exact label, else the
   * unique label equal to it ignoring case and trailing dots ({@code "cz"} finds {@code "Cz.."}).
   *
   * @throws IllegalArgumentException when none or several match; the message suggests close labels
   */
  public int indexOf(String name) {
    return ChannelNames.resolve(name, channelLabels(), fileName());
  }

  /** Sampling rate of channel {@code c}, in Hz. */
  public double samplingRate(int c) {
    return channels.get(c).samplingRate();
  }

  /** Index, in the whole file, of the first sample held for channel {@code c}. */
  public int firstSampleIndex(int c) {
    checkChannel(c);
    return firstSample[c];
  }

  /** Number of samples held for channel {@code c}. */
  public int sampleCount(int c) {
    checkChannel(c);
    return data[c].length;
  }

  /** Physical values of channel {@code c} in its file unit (a copy). */
  public double[] data(int c) {
    checkChannel(c);
    return data[c].clone();
  }

  /**
   * All channels' physical values in file units, {@code [channel][sample]} (a copy; rows differ in
   * length when rates differ).
   */
  public double[][] data() {
    double[][] out = new double[data.length][];
    for (int c = 0; c < data.length; c++) {
      out[c] = data[c].clone();
    }
    return out;
  }

  /**
   * Channel {@code c} in volts: {@code data(c)[i] * voltsPerUnit}, with {@link
   * ChannelHeader#voltsPerUnit()} (1e-6 for µV, 1e-3 for mV, 1 for V), as MNE's {@code get_data()}.
   *
   * @throws IllegalStateException when the channel's unit is not a voltage
   */
  public double[] dataVolts(int c) {
    checkChannel(c);
    double k = voltsPerUnit(c);
    double[] out = new double[data[c].length];
    for (int i = 0; i < out.length; i++) {
      out[i] = data[c][i] * k;
    }
    return out;
  }

  /**
   * Every channel in volts, {@code [channel][sample]}; see {@link #dataVolts(int)}.
   *
   * @throws IllegalStateException when a channel's unit is not a voltage
   */
  public double[][] dataVolts() {
    for (int c = 0; c < data.length; c++) {
      voltsPerUnit(c);
    }
    double[][] out = new double[data.length][];
    for (int c = 0; c < data.length; c++) {
      out[c] = dataVolts(c);
    }
    return out;
  }

  private double voltsPerUnit(int c) {
    OptionalDouble k = channels.get(c).voltsPerUnit();
    if (k.isEmpty()) {
      throw new IllegalStateException(
          "channel "
              + c
              + " ('"
              + channels.get(c).label()
              + "') of "
              + fileName()
              + " must have a voltage unit (uV, µV, mV or V) to be converted to volts, got '"
              + channels.get(c).unit()
              + "'; use data("
              + c
              + ") for file units");
    }
    return k.getAsDouble();
  }

  /** The annotations of the whole file (EDF+/BDF+ annotation signals), in file order. */
  public List<Annotation> annotations() {
    return annotations;
  }

  /**
   * The status/trigger signal of the file (the first signal with {@link ChannelHeader#isStatus()}),
   * over the same time range as the data; empty when the file has none.
   */
  public Optional<StatusChannel> status() {
    return Optional.ofNullable(status);
  }

  /**
   * A recording holding only the named channels, in the given order (names resolved by {@link
   * #indexOf(String)}); annotations and status are kept.
   *
   * @throws IllegalArgumentException naming every name that does not resolve
   */
  public Recording select(List<String> names) {
    List<String> missing = new ArrayList<>();
    List<Integer> picks = new ArrayList<>();
    for (String n : names) {
      try {
        picks.add(indexOf(n));
      } catch (IllegalArgumentException e) {
        missing.add(e.getMessage());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          missing.size() + " channel(s) cannot be selected: " + String.join("; ", missing));
    }
    List<ChannelHeader> ch = new ArrayList<>();
    int[] first = new int[picks.size()];
    double[][] d = new double[picks.size()][];
    for (int i = 0; i < picks.size(); i++) {
      int p = picks.get(i);
      ch.add(channels.get(p));
      first[i] = firstSample[p];
      d[i] = data[p];
    }
    return new Recording(
        header, ch, first, d, annotations, status, firstRecordRead, lastRecordRead);
  }

  /** First and last data record whose samples were read (annotations aside), for tests. */
  int[] recordsRead() {
    return new int[] {firstRecordRead, lastRecordRead};
  }

  private void checkChannel(int c) {
    if (c < 0 || c >= data.length) {
      throw new IndexOutOfBoundsException(
          "channel must be in [0, " + data.length + ") for " + fileName() + ", got " + c);
    }
  }

  @Override
  public String toString() {
    return "Recording[file="
        + fileName()
        + ", format="
        + header.format()
        + ", start="
        + header.startDateTime().map(Object::toString).orElse("?")
        + ", records="
        + header.numRecords()
        + " x "
        + header.recordDuration()
        + " s, channels="
        + channels.size()
        + ", annotations="
        + annotations.size()
        + ", status="
        + (status != null)
        + "]";
  }
}
