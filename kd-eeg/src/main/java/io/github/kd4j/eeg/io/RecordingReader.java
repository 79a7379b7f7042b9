package io.github.kd4j.eeg.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads EDF, EDF+, BDF and BDF+ files into a {@link Recording}. The format is detected from the
 * first 8 bytes ({@code "0 "}: EDF, 16-bit samples; {@code 0xFF "BIOSEMI"}: BDF, 24-bit samples),
 * not from the file name.
 *
 * <pre>{@code
 * Recording r = RecordingReader.builder()
 *     .channels("C3..", "Cz..")        // or channelIndices(8, 10); default: every data signal
 *     .timeRange(10.0, 20.0)           // seconds, both ends included, as MNE's crop(tmin, tmax)
 *     .build()
 *     .read(Path.of("S001R03.edf"));
 * double[] cz = r.dataVolts(r.indexOf("Cz"));
 * }</pre>
 *
 * <p>Conventions (those of MNE 1.3 {@code read_raw_edf}/{@code read_raw_bdf} where MNE has one):
 *
 * <ul>
 *   <li>Labels are the header's 16-byte fields without surrounding blanks; padding dots are kept.
 *       Names given to {@link Builder#channels(String...)} match a label exactly, or else the
 *       unique label equal to them ignoring case and trailing dots ({@code "cz"} selects {@code
 *       "Cz.."}).
 *   <li>Annotation signals ({@code "EDF Annotations"}, {@code "BDF Annotations"}) are never data
 *       channels; their TALs become {@link Recording#annotations()}, always those of the whole
 *       file.
 *   <li>The status signal ({@code "Status"} or {@code "Trigger"}, any case) is returned as raw
 *       integers in {@link Recording#status()} and is not a data channel unless {@link
 *       Builder#includeStatus(boolean)} is set or it is selected explicitly.
 *   <li>A time range {@code [tmin, tmax]} keeps, for a channel sampled at {@code fs}, the samples
 *       {@code rint(tmin * fs) .. rint(tmax * fs)} inclusive, which is what MNE's {@code
 *       raw.crop(tmin, tmax)} keeps. Only the data records holding them are read.
 *   <li>Physical value = {@code digital * gain + offset} ({@link ChannelHeader#gain()}), in the
 *       channel's unit; no resampling across channels (MNE resamples slower channels to the fastest
 *       rate).
 * </ul>
 *
 * <p>Errors: a malformed file gives a {@link RecordingFormatException} naming the file, header
 * field and byte offset (including a physical range that is not finite or that maps a digital value
 * to an infinite one); a channel or time range that the file does not have gives an {@link
 * IllegalArgumentException} naming the file and suggesting close labels; a path that is not a
 * regular file (a directory, a dangling link, a FIFO) gives a {@link
 * java.nio.file.FileSystemException} naming it, before it is opened (so a FIFO does not block).
 *
 * <p>Immutable and thread-safe; one reader can read many files. Records are read in bulk (about 8
 * MiB per read call) with positional {@link FileChannel} reads.
 */
public final class RecordingReader {
  private static final int CHUNK_BYTES = 8 << 20;

  /** Largest sample index (and array length) handled: Java arrays hold fewer than 2^31 values. */
  private static final long MAX_SAMPLES = Integer.MAX_VALUE - 8;

  private final List<String> names;
  private final int[] indices;
  private final double tmin;
  private final double tmax;
  private final boolean includeStatus;

  private RecordingReader(Builder b) {
    this.names = b.names == null ? null : List.copyOf(b.names);
    this.indices = b.indices == null ? null : b.indices.clone();
    this.tmin = b.tmin;
    this.tmax = b.tmax;
    this.includeStatus = b.includeStatus;
  }

  /** A builder: all data channels, the whole file, no status among the data channels. */
  public static Builder builder() {
    return new Builder();
  }

  /** A reader with the default settings of {@link #builder()}. */
  public static RecordingReader defaults() {
    return new Builder().build();
  }

  /** A builder preset with this reader's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.names = names;
    b.indices = indices == null ? null : indices.clone();
    b.tmin = tmin;
    b.tmax = tmax;
    b.includeStatus = includeStatus;
    return b;
  }

  /** Reads only the header of {@code file} (cheap: {@code 256 * (signals + 1)} bytes). */
  public static RecordingHeader readHeader(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    RecordingHeader.requireRegularFile(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return RecordingHeader.read(file, ch);
    }
  }

  /**
   * Reads {@code file} with this reader's settings.
   *
   * @throws RecordingFormatException when the file is not a valid EDF/BDF file
   * @throws IllegalArgumentException when a selected channel or the time range is not in the file
   * @throws IOException when the file cannot be read
   */
  public Recording read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    RecordingHeader.requireRegularFile(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      RecordingHeader h = RecordingHeader.read(file, ch);
      return read(h, ch);
    }
  }

  private Recording read(RecordingHeader h, FileChannel ch) throws IOException {
    List<ChannelHeader> signals = h.signals();
    String where = String.valueOf(h.file().getFileName());
    List<Integer> selected = selection(h, where);
    ChannelHeader status = null;
    for (ChannelHeader s : signals) {
      if (s.isStatus() && !s.isAnnotations()) {
        status = s;
        break;
      }
    }
    List<ChannelHeader> annotationSignals = new ArrayList<>();
    for (ChannelHeader s : signals) {
      if (s.isAnnotations()) {
        annotationSignals.add(s);
      }
    }

    // channels to decode: the selection, then the status signal
    int nSel = selected.size();
    int nDec = nSel + (status == null ? 0 : 1);
    ChannelHeader[] dec = new ChannelHeader[nDec];
    for (int i = 0; i < nSel; i++) {
      dec[i] = signals.get(selected.get(i));
    }
    if (status != null) {
      dec[nSel] = status;
    }
    int[] first = new int[nDec];
    int[] last = new int[nDec];
    for (int i = 0; i < nDec; i++) {
      ChannelHeader c = dec[i];
      long n = (long) h.numRecords() * c.samplesPerRecord();
      if (Double.isNaN(tmin)) {
        if (n > MAX_SAMPLES) {
          throw new IllegalArgumentException(
              "channel '"
                  + c.label()
                  + "' of "
                  + where
                  + " must have at most "
                  + MAX_SAMPLES
                  + " samples to fit an array, got "
                  + n
                  + "; read a time range");
        }
        first[i] = 0;
        last[i] = (int) n - 1;
        continue;
      }
      double fs = c.samplingRate();
      long a = (long) Math.rint(tmin * fs);
      long b = (long) Math.rint(tmax * fs);
      if (b > n - 1) {
        if (i >= nSel) { // status: clip to its last sample
          b = n - 1;
          a = Math.min(a, b);
        } else {
          throw new IllegalArgumentException(
              "tmax must be <= "
                  + (n - 1) / fs
                  + " s (the last sample of channel '"
                  + c.label()
                  + "' at "
                  + fs
                  + " Hz in "
                  + where
                  + ", which lasts "
                  + h.durationSeconds()
                  + " s), got "
                  + tmax);
        }
      }
      if (b > MAX_SAMPLES) {
        throw new IllegalArgumentException(
            "tmax * samplingRate must be at most "
                + MAX_SAMPLES
                + " samples (int indices), got "
                + b
                + " for channel '"
                + c.label()
                + "' of "
                + where);
      }
      first[i] = (int) a;
      last[i] = (int) b;
    }

    // data records to read
    int r0 = Integer.MAX_VALUE;
    int r1 = -1;
    for (int i = 0; i < nDec; i++) {
      r0 = Math.min(r0, first[i] / dec[i].samplesPerRecord());
      r1 = Math.max(r1, last[i] / dec[i].samplesPerRecord());
    }
    if (r1 < 0) {
      r0 = 0;
    }
    double[][] data = new double[nSel][];
    int[] statusValues = status == null ? null : new int[last[nSel] - first[nSel] + 1];
    for (int i = 0; i < nSel; i++) {
      data[i] = new double[last[i] - first[i] + 1];
    }
    byte[][][] tal = new byte[annotationSignals.size()][h.numRecords()][];

    int bps = h.format().bytesPerSample();
    int recordBytes = h.recordBytes();
    int perChunk = Math.max(1, CHUNK_BYTES / recordBytes);
    ByteBuffer buf =
        ByteBuffer.allocate(Math.min(perChunk, Math.max(1, r1 - r0 + 1)) * recordBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
    byte[] raw = buf.array();
    double[] gain = new double[nDec];
    double[] offset = new double[nDec];
    for (int i = 0; i < nDec; i++) {
      gain[i] = dec[i].gain();
      offset[i] = dec[i].offset();
    }
    for (int rc = r0; rc <= r1; rc += perChunk) {
      int nrec = Math.min(perChunk, r1 - rc + 1);
      buf.clear().limit(nrec * recordBytes);
      RecordingHeader.readFully(h.file(), ch, h.recordOffset(rc), buf);
      for (int k = 0; k < nrec; k++) {
        int r = rc + k;
        int recBase = k * recordBytes;
        for (int i = 0; i < nDec; i++) {
          ChannelHeader c = dec[i];
          int spr = c.samplesPerRecord();
          long recFirst = (long) r * spr;
          int from = (int) Math.max(first[i], recFirst);
          int to = (int) Math.min(last[i], recFirst + spr - 1);
          if (from > to) {
            continue;
          }
          int pos = recBase + h.byteOffsetInRecord(c.index()) + (int) (from - recFirst) * bps;
          if (i < nSel) {
            double[] out = data[i];
            int o = from - first[i];
            double g = gain[i];
            double off = offset[i];
            if (bps == 2) {
              for (int s = from; s <= to; s++, pos += 2) {
                out[o++] = buf.getShort(pos) * g + off;
              }
            } else {
              for (int s = from; s <= to; s++, pos += 3) {
                int d = (raw[pos] & 0xFF) | (raw[pos + 1] & 0xFF) << 8 | raw[pos + 2] << 16;
                out[o++] = d * g + off;
              }
            }
          } else {
            int o = from - first[i];
            if (bps == 2) {
              for (int s = from; s <= to; s++, pos += 2) {
                statusValues[o++] = buf.getShort(pos) & 0xFFFF;
              }
            } else {
              for (int s = from; s <= to; s++, pos += 3) {
                statusValues[o++] =
                    (raw[pos] & 0xFF) | (raw[pos + 1] & 0xFF) << 8 | (raw[pos + 2] & 0xFF) << 16;
              }
            }
          }
        }
        for (int a = 0; a < annotationSignals.size(); a++) {
          ChannelHeader c = annotationSignals.get(a);
          int pos = recBase + h.byteOffsetInRecord(c.index());
          tal[a][r] = Arrays.copyOfRange(raw, pos, pos + c.samplesPerRecord() * bps);
        }
      }
    }
    List<Annotation> annotations = annotations(h, ch, annotationSignals, tal);
    List<ChannelHeader> channels = new ArrayList<>(nSel);
    for (int i = 0; i < nSel; i++) {
      channels.add(dec[i]);
    }
    StatusChannel st = status == null ? null : new StatusChannel(status, first[nSel], statusValues);
    return new Recording(h, channels, Arrays.copyOf(first, nSel), data, annotations, st, r0, r1);
  }

  /** File signal indices of the data channels to read, in order. */
  private List<Integer> selection(RecordingHeader h, String where) {
    List<ChannelHeader> signals = h.signals();
    List<Integer> out = new ArrayList<>();
    if (names != null) {
      List<String> labels = new ArrayList<>();
      for (ChannelHeader s : signals) {
        labels.add(s.label());
      }
      for (String n : names) {
        out.add(ChannelNames.resolve(n, labels, where));
      }
    } else if (indices != null) {
      for (int i : indices) {
        if (i >= signals.size()) {
          throw new IllegalArgumentException(
              "channel index must be < "
                  + signals.size()
                  + " (the number of signals in "
                  + where
                  + "), got "
                  + i);
        }
        out.add(i);
      }
    } else {
      for (ChannelHeader s : signals) {
        if (!s.isAnnotations() && (includeStatus || !s.isStatus())) {
          out.add(s.index());
        }
      }
      return out;
    }
    for (int i : out) {
      if (signals.get(i).isAnnotations()) {
        throw new IllegalArgumentException(
            "channel "
                + i
                + " ('"
                + signals.get(i).label()
                + "') of "
                + where
                + " is an annotation signal, not a data channel; its TALs are in"
                + " Recording.annotations()");
      }
    }
    return out;
  }

  private static List<Annotation> annotations(
      RecordingHeader h, FileChannel ch, List<ChannelHeader> annotationSignals, byte[][][] tal)
      throws IOException {
    List<Annotation> out = new ArrayList<>();
    int bps = h.format().bytesPerSample();
    double[] timeKeeping = {Double.NaN};
    for (int a = 0; a < annotationSignals.size(); a++) {
      ChannelHeader c = annotationSignals.get(a);
      int len = c.samplesPerRecord() * bps;
      for (int r = 0; r < h.numRecords(); r++) {
        long at = h.recordOffset(r) + h.byteOffsetInRecord(c.index());
        byte[] bytes = tal[a][r];
        if (bytes == null) { // record outside the time range: read just this signal
          bytes = RecordingHeader.readFully(h.file(), ch, at, len);
        }
        boolean firstRecordOfFirstSignal = a == 0 && r == 0;
        Tals.parse(
            h.file(),
            c.label(),
            bytes,
            at,
            (onset, duration, texts, firstInRecord) -> {
              if (firstRecordOfFirstSignal
                  && firstInRecord
                  && !texts.isEmpty()
                  && texts.get(0).isEmpty()) {
                timeKeeping[0] = onset; // start of record 0 after the header's start time
              }
              for (String t : texts) {
                if (!t.isEmpty()) {
                  out.add(new Annotation(onset, duration, t));
                }
              }
            });
      }
    }
    if (!Double.isNaN(timeKeeping[0]) && timeKeeping[0] != 0) {
      double k = timeKeeping[0];
      out.replaceAll(x -> new Annotation(x.onsetSeconds() - k, x.durationSeconds(), x.text()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "RecordingReader[channels="
        + (names != null ? names : indices != null ? Arrays.toString(indices) : "all data")
        + ", timeRange="
        + (Double.isNaN(tmin) ? "all" : "[" + tmin + ", " + tmax + "] s")
        + ", includeStatus="
        + includeStatus
        + "]";
  }

  /**
   * Builder of {@link RecordingReader}; setters check their argument, {@link #build()} the rest.
   */
  public static final class Builder {
    private List<String> names;
    private int[] indices;
    private double tmin = Double.NaN;
    private double tmax = Double.NaN;
    private boolean includeStatus;

    private Builder() {}

    /** Reads only these channels, in this order, by label (see {@link RecordingReader}). */
    public Builder channels(String... names) {
      return channels(Arrays.asList(Objects.requireNonNull(names, "names")));
    }

    /** Reads only these channels, in this order, by label (see {@link RecordingReader}). */
    public Builder channels(List<String> names) {
      Objects.requireNonNull(names, "names");
      if (names.isEmpty()) {
        throw new IllegalArgumentException("channels must name at least one channel, got []");
      }
      for (String n : names) {
        if (n == null || n.isBlank()) {
          throw new IllegalArgumentException(
              "channels must be non-blank labels, got " + (n == null ? "null" : "'" + n + "'"));
        }
      }
      this.names = List.copyOf(names);
      return this;
    }

    /** Reads only these signals, in this order, by 0-based position in the file header. */
    public Builder channelIndices(int... indices) {
      Objects.requireNonNull(indices, "indices");
      if (indices.length == 0) {
        throw new IllegalArgumentException("channelIndices must hold at least one index, got []");
      }
      for (int i : indices) {
        if (i < 0) {
          throw new IllegalArgumentException("channelIndices must be >= 0, got " + i);
        }
      }
      this.indices = indices.clone();
      return this;
    }

    /**
     * Reads only the samples from {@code tmin} to {@code tmax} seconds, both included (MNE's {@code
     * crop}): for a channel at {@code fs} Hz, samples {@code rint(tmin * fs) .. rint(tmax * fs)}.
     * {@code tmax} must not pass the last sample of any selected channel (checked by {@link
     * #read(Path)}).
     */
    public Builder timeRange(double tmin, double tmax) {
      if (!(tmin >= 0) || Double.isInfinite(tmin)) {
        throw new IllegalArgumentException("tmin must be a finite number >= 0 s, got " + tmin);
      }
      if (!(tmax >= tmin) || Double.isInfinite(tmax)) {
        throw new IllegalArgumentException(
            "tmax must be finite and >= tmin (" + tmin + " s), got " + tmax);
      }
      this.tmin = tmin;
      this.tmax = tmax;
      return this;
    }

    /** Reads the whole file (the default). */
    public Builder wholeFile() {
      this.tmin = Double.NaN;
      this.tmax = Double.NaN;
      return this;
    }

    /**
     * Whether the status signal is also returned as a data channel (physical values) when no
     * explicit selection is made. Default false. {@link Recording#status()} holds it either way.
     */
    public Builder includeStatus(boolean include) {
      this.includeStatus = include;
      return this;
    }

    /** Builds the reader; the builder stays usable. */
    public RecordingReader build() {
      if (names != null && indices != null) {
        throw new IllegalStateException(
            "select channels by name or by index, not both: got channels "
                + names
                + " and channelIndices "
                + Arrays.toString(indices));
      }
      return new RecordingReader(this);
    }
  }
}
