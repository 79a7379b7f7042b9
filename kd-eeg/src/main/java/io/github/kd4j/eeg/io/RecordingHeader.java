package io.github.kd4j.eeg.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header of an EDF, EDF+, BDF or BDF+ file: the 256-byte fixed part and 256 bytes per signal.
 *
 * <p>Record count. A header count of {@code -1} ("unknown", written by BioSemi ActiView while it
 * records) is replaced, as MNE does, by the number of complete records in the file: {@code
 * floor((fileSize - headerBytes) / recordBytes)}; a trailing partial record is dropped with a WARN
 * log. Any other count must match the file size exactly: fewer bytes is a truncated file, more
 * bytes a count that disagrees with the file; both are {@link RecordingFormatException}s (MNE would
 * warn and infer the count; kd4j refuses to guess).
 *
 * <p>Start date and time. {@code dd.mm.yy} and {@code hh.mm.ss}, years 85-99 meaning 1985-1999 and
 * 00-84 meaning 2000-2084 (EDF specification); when the EDF+ recording field has {@code "Startdate
 * dd-MMM-yyyy"}, its four-digit year is used (as MNE). Invalid dates give an empty {@link
 * #startDateTime()} (logged at WARN), not an error, since they do not affect the data.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordingHeader {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingHeader.class);
  static final int FIXED = 256;
  private static final DateTimeFormatter EDF_PLUS_DATE =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("dd-MMM-yyyy")
          .toFormatter(Locale.ENGLISH);

  private final Path file;
  private final RecordingFormat format;
  private final String reserved;
  private final String patientId;
  private final String recordingId;
  private final LocalDateTime startDateTime;
  private final int headerBytes;
  private final int recordCountInHeader;
  private final int numRecords;
  private final double recordDuration;
  private final List<ChannelHeader> signals;
  private final int[] byteOffsetInRecord;
  private final int recordBytes;

  private RecordingHeader(
      Path file,
      RecordingFormat format,
      String reserved,
      String patientId,
      String recordingId,
      LocalDateTime startDateTime,
      int headerBytes,
      int recordCountInHeader,
      int numRecords,
      double recordDuration,
      List<ChannelHeader> signals) {
    this.file = file;
    this.format = format;
    this.reserved = reserved;
    this.patientId = patientId;
    this.recordingId = recordingId;
    this.startDateTime = startDateTime;
    this.headerBytes = headerBytes;
    this.recordCountInHeader = recordCountInHeader;
    this.numRecords = numRecords;
    this.recordDuration = recordDuration;
    this.signals = Collections.unmodifiableList(new ArrayList<>(signals));
    this.byteOffsetInRecord = new int[signals.size() + 1];
    for (int i = 0; i < signals.size(); i++) {
      byteOffsetInRecord[i + 1] =
          byteOffsetInRecord[i] + signals.get(i).samplesPerRecord() * format.bytesPerSample();
    }
    this.recordBytes = byteOffsetInRecord[signals.size()];
  }

  /** The file this header was read from. */
  public Path file() {
    return file;
  }

  /** EDF or BDF, from the first 8 bytes. */
  public RecordingFormat format() {
    return format;
  }

  /** The 44-byte reserved field, trimmed: {@code "EDF+C"}, {@code "EDF+D"}, {@code "24BIT"}, … */
  public String reserved() {
    return reserved;
  }

  /** Whether the reserved field marks an EDF+/BDF+ file ({@code "EDF+"} or {@code "BDF+"}). */
  public boolean isPlus() {
    return reserved.startsWith("EDF+") || reserved.startsWith("BDF+");
  }

  /** The 80-byte local patient identification, trimmed. */
  public String patientId() {
    return patientId;
  }

  /** The 80-byte local recording identification, trimmed. */
  public String recordingId() {
    return recordingId;
  }

  /** Start of the first data record (local time as written), empty when the fields are invalid. */
  public Optional<LocalDateTime> startDateTime() {
    return Optional.ofNullable(startDateTime);
  }

  /** Number of bytes in the header: {@code 256 * (signals + 1)}. */
  public int headerBytes() {
    return headerBytes;
  }

  /** The record count as written in the header; {@code -1} means unknown. */
  public int recordCountInHeader() {
    return recordCountInHeader;
  }

  /** Number of data records: the header count, or the inferred one when the header says -1. */
  public int numRecords() {
    return numRecords;
  }

  /** Duration of a data record, in seconds. */
  public double recordDuration() {
    return recordDuration;
  }

  /** {@code numRecords() * recordDuration()}, in seconds. */
  public double durationSeconds() {
    return numRecords * recordDuration;
  }

  /** All signals in file order, including annotation and status signals. */
  public List<ChannelHeader> signals() {
    return signals;
  }

  /** Bytes in one data record: {@code bytesPerSample * sum(samplesPerRecord)}. */
  public int recordBytes() {
    return recordBytes;
  }

  /** Byte offset of signal {@code i}'s samples inside a data record. */
  int byteOffsetInRecord(int i) {
    return byteOffsetInRecord[i];
  }

  /** Byte offset of data record {@code r} from the start of the file. */
  long recordOffset(long r) {
    return headerBytes + r * recordBytes;
  }

  @Override
  public String toString() {
    return "RecordingHeader[file="
        + file.getFileName()
        + ", format="
        + format
        + ", reserved="
        + reserved
        + ", start="
        + startDateTime
        + ", records="
        + numRecords
        + " x "
        + recordDuration
        + " s, signals="
        + signals.size()
        + "]";
  }

  // ---------------------------------------------------------------------------------- parsing

  /** Reads and checks the header of {@code file} through {@code ch}. */
  static RecordingHeader read(Path file, FileChannel ch) throws IOException {
    long fileSize = ch.size();
    if (fileSize < FIXED) {
      throw new RecordingFormatException(
          file,
          "fixed header",
          fileSize,
          "file must hold at least the 256-byte fixed header, got " + fileSize + " bytes");
    }
    byte[] fixed = readFully(file, ch, 0, FIXED);
    Fields f = new Fields(file, fixed, 0);
    RecordingFormat format;
    if ((fixed[0] & 0xFF) == 0xFF
        && new String(fixed, 1, 7, StandardCharsets.ISO_8859_1).equals("BIOSEMI")) {
      format = RecordingFormat.BDF;
    } else if (new String(fixed, 0, 8, StandardCharsets.ISO_8859_1).equals("0       ")) {
      format = RecordingFormat.EDF;
    } else {
      throw new RecordingFormatException(
          file,
          "header field 'version'",
          0,
          "version must be \"0       \" (EDF) or 0xFF \"BIOSEMI\" (BDF), got \""
              + printable(fixed, 0, 8)
              + "\"");
    }
    String patientId = f.text(8, 80);
    String recordingId = f.text(88, 80);
    LocalDateTime start = startDateTime(file, f.text(168, 8), f.text(176, 8), recordingId);
    int headerBytes = f.integer("number of bytes in header record", "", 184, 8);
    String reserved = f.text(192, 44);
    int recordCount = f.integer("number of data records", "", 236, 8);
    double recordDuration = f.number("duration of a data record", "", 244, 8);
    int ns = f.integer("number of signals", "", 252, 4);
    if (ns <= 0) {
      throw f.error("number of signals", "", 252, "number of signals must be > 0, got " + ns);
    }
    if (!(recordDuration > 0) || Double.isInfinite(recordDuration)) {
      throw f.error(
          "duration of a data record",
          "",
          244,
          "duration of a data record must be a finite number > 0 s, got " + recordDuration);
    }
    long expectedHeader = FIXED * (ns + 1L);
    if (headerBytes != expectedHeader) {
      throw f.error(
          "number of bytes in header record",
          "",
          184,
          "number of bytes in header record must be 256 * (1 + "
              + ns
              + " signals) = "
              + expectedHeader
              + ", got "
              + headerBytes);
    }
    if (fileSize < headerBytes) {
      throw new RecordingFormatException(
          file,
          "signal headers",
          fileSize,
          "file is truncated: header must be "
              + headerBytes
              + " bytes for "
              + ns
              + " signals, got a file of "
              + fileSize
              + " bytes");
    }
    byte[] sig = readFully(file, ch, FIXED, headerBytes - FIXED);
    Fields s = new Fields(file, sig, FIXED);
    // offsets relative to the start of the file
    long labelAt = FIXED;
    long transducerAt = labelAt + 16L * ns;
    long unitAt = transducerAt + 80L * ns;
    long pminAt = unitAt + 8L * ns;
    long pmaxAt = pminAt + 8L * ns;
    long dminAt = pmaxAt + 8L * ns;
    long dmaxAt = dminAt + 8L * ns;
    long prefilterAt = dmaxAt + 8L * ns;
    long nsampAt = prefilterAt + 80L * ns;
    List<ChannelHeader> signals = new ArrayList<>(ns);
    for (int i = 0; i < ns; i++) {
      String label = s.text(labelAt + 16L * i, 16);
      String sf = " of signal " + i + " ('" + label + "')";
      String transducer = s.text(transducerAt + 80L * i, 80);
      String unit = s.text(unitAt + 8L * i, 8);
      double pmin = s.number("physical minimum", sf, pminAt + 8L * i, 8);
      double pmax = s.number("physical maximum", sf, pmaxAt + 8L * i, 8);
      long dmin = s.integralNumber("digital minimum", sf, dminAt + 8L * i, 8);
      long dmax = s.integralNumber("digital maximum", sf, dmaxAt + 8L * i, 8);
      String prefiltering = s.text(prefilterAt + 80L * i, 80);
      int spr = s.integer("number of samples in each data record", sf, nsampAt + 8L * i, 8);
      if (spr <= 0) {
        throw s.error(
            "number of samples in each data record",
            sf,
            nsampAt + 8L * i,
            "number of samples in each data record must be > 0, got " + spr);
      }
      boolean annotations = label.equals("EDF Annotations") || label.equals("BDF Annotations");
      if (!annotations) {
        if (dmin < format.minDigital() || dmin > format.maxDigital()) {
          throw s.error(
              "digital minimum",
              sf,
              dminAt + 8L * i,
              "digital minimum must be in ["
                  + format.minDigital()
                  + ", "
                  + format.maxDigital()
                  + "] for "
                  + format
                  + ", got "
                  + dmin);
        }
        if (dmax < format.minDigital() || dmax > format.maxDigital()) {
          throw s.error(
              "digital maximum",
              sf,
              dmaxAt + 8L * i,
              "digital maximum must be in ["
                  + format.minDigital()
                  + ", "
                  + format.maxDigital()
                  + "] for "
                  + format
                  + ", got "
                  + dmax);
        }
        if (dmax <= dmin) {
          throw s.error(
              "digital maximum",
              sf,
              dmaxAt + 8L * i,
              "digital maximum must be > digital minimum (" + dmin + "), got " + dmax);
        }
        if (pmax == pmin) {
          throw s.error(
              "physical maximum",
              sf,
              pmaxAt + 8L * i,
              "physical maximum must differ from physical minimum (" + pmin + "), got " + pmax);
        }
        if (!Double.isFinite(pmin)) {
          throw s.error(
              "physical minimum",
              sf,
              pminAt + 8L * i,
              "physical minimum must be a finite number, got "
                  + pmin
                  + " (\""
                  + s.raw(pminAt + 8L * i, 8)
                  + "\")");
        }
        if (!Double.isFinite(pmax)) {
          throw s.error(
              "physical maximum",
              sf,
              pmaxAt + 8L * i,
              "physical maximum must be a finite number, got "
                  + pmax
                  + " (\""
                  + s.raw(pmaxAt + 8L * i, 8)
                  + "\")");
        }
        // every digital value the format can hold must map to a finite physical value
        double gain = (pmax - pmin) / ((double) dmax - dmin);
        double offset = pmin - dmin * gain;
        double lowest = format.minDigital() * gain + offset;
        double highest = format.maxDigital() * gain + offset;
        if (!Double.isFinite(gain)
            || gain == 0
            || !Double.isFinite(lowest)
            || !Double.isFinite(highest)) {
          throw s.error(
              "physical maximum",
              sf,
              pmaxAt + 8L * i,
              "physical range must map every "
                  + format
                  + " digital value to a finite, distinct physical value, got physical ["
                  + pmin
                  + ", "
                  + pmax
                  + "] for digital ["
                  + dmin
                  + ", "
                  + dmax
                  + "]: gain "
                  + gain
                  + ", digital "
                  + format.minDigital()
                  + " -> "
                  + lowest
                  + ", "
                  + format.maxDigital()
                  + " -> "
                  + highest);
        }
      }
      signals.add(
          new ChannelHeader(
              i,
              label,
              transducer,
              unit,
              pmin,
              pmax,
              (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, dmin)),
              (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, dmax)),
              prefiltering,
              spr,
              spr / recordDuration));
    }
    long recordBytes = 0;
    for (ChannelHeader c : signals) {
      recordBytes += (long) c.samplesPerRecord() * format.bytesPerSample();
    }
    if (recordBytes > Integer.MAX_VALUE) {
      throw s.error(
          "number of samples in each data record",
          "",
          nsampAt,
          "a data record must be < 2 GiB, got " + recordBytes + " bytes");
    }
    long dataBytes = fileSize - headerBytes;
    long complete = dataBytes / recordBytes;
    int numRecords;
    if (recordCount == -1) {
      if (complete == 0 || complete > Integer.MAX_VALUE) {
        throw f.error(
            "number of data records",
            "",
            236,
            "the file must hold at least one complete data record of "
                + recordBytes
                + " bytes when the record count is -1, got "
                + dataBytes
                + " data bytes");
      }
      numRecords = (int) complete;
      long rest = dataBytes - complete * recordBytes;
      if (rest != 0) {
        LOG.warn(
            "{}: record count -1, inferred {} records from the file size; dropped a trailing"
                + " partial record of {} bytes",
            file.getFileName(),
            numRecords,
            rest);
      } else {
        LOG.debug(
            "{}: record count -1, inferred {} records from the file size",
            file.getFileName(),
            numRecords);
      }
    } else if (recordCount <= 0) {
      throw f.error(
          "number of data records",
          "",
          236,
          "number of data records must be > 0 or -1 (unknown), got " + recordCount);
    } else {
      long expected = (long) recordCount * recordBytes;
      if (dataBytes < expected) {
        throw new RecordingFormatException(
            file,
            "header field 'number of data records'",
            236,
            "file is truncated: "
                + recordCount
                + " records of "
                + recordBytes
                + " bytes need "
                + (headerBytes + expected)
                + " bytes, got "
                + fileSize
                + " (data ends at byte offset "
                + fileSize
                + ", "
                + complete
                + " complete records)");
      }
      if (dataBytes > expected) {
        throw f.error(
            "number of data records",
            "",
            236,
            "number of data records must match the file size, got "
                + recordCount
                + " records of "
                + recordBytes
                + " bytes but the file holds "
                + dataBytes
                + " data bytes ("
                + String.format(Locale.ROOT, "%.3f", dataBytes / (double) recordBytes)
                + " records)");
      }
      numRecords = recordCount;
    }
    if (reserved.startsWith("EDF+D") || reserved.startsWith("BDF+D")) {
      LOG.warn(
          "{}: discontinuous {} file read as continuous (as MNE does)",
          file.getFileName(),
          reserved);
    }
    return new RecordingHeader(
        file,
        format,
        reserved,
        patientId,
        recordingId,
        start,
        headerBytes,
        recordCount,
        numRecords,
        recordDuration,
        signals);
  }

  private static LocalDateTime startDateTime(
      Path file, String date, String time, String recordingId) {
    try {
      String[] d = date.split("\\.");
      String[] t = time.split("\\.");
      if (d.length != 3 || t.length != 3) {
        throw new DateTimeException("expected dd.mm.yy and hh.mm.ss");
      }
      int yy = Integer.parseInt(d[2].trim());
      int year = yy >= 85 ? 1900 + yy : 2000 + yy;
      LocalDate day =
          LocalDate.of(year, Integer.parseInt(d[1].trim()), Integer.parseInt(d[0].trim()));
      String[] rec = recordingId.split(" ");
      if (rec.length >= 2 && rec[0].equals("Startdate")) {
        try {
          day = LocalDate.parse(rec[1], EDF_PLUS_DATE);
        } catch (DateTimeParseException ignored) {
          // "Startdate X": keep the dd.mm.yy date
        }
      }
      return day.atTime(
          Integer.parseInt(t[0].trim()),
          Integer.parseInt(t[1].trim()),
          Integer.parseInt(t[2].trim()));
    } catch (NumberFormatException | DateTimeException e) {
      LOG.warn(
          "{}: invalid start date/time '{}' '{}' ({}); startDateTime() will be empty",
          file.getFileName(),
          date,
          time,
          e.getMessage());
      return null;
    }
  }

  static byte[] readFully(Path file, FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    readFully(file, ch, position, buf);
    return buf.array();
  }

  /**
   * Fills {@code buf} from {@code position}; the header check made sure the bytes exist, so an
   * early end means the file shrank while it was read: a {@link RecordingFormatException} naming
   * the file and the offset, never a bare {@link java.io.EOFException}.
   */
  static void readFully(Path file, FileChannel ch, long position, ByteBuffer buf)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new RecordingFormatException(
            file,
            "data",
            pos,
            "file must hold "
                + buf.remaining()
                + " more bytes from byte offset "
                + pos
                + ", got end of file (was it truncated while being read?)");
      }
      pos += n;
    }
  }

  /**
   * Refuses anything but a regular file (after links) before it is opened: a directory would fail
   * later with a message that does not name it, and opening a FIFO blocks until a writer appears.
   *
   * @throws NoSuchFileException when nothing exists at {@code file}
   * @throws FileSystemException naming the file when it is a directory, a dangling link, a FIFO, a
   *     socket or a device
   */
  static void requireRegularFile(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      return;
    }
    String what;
    if (Files.isDirectory(file)) {
      what = "a directory";
    } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
      what = "a dangling symbolic link";
    } else if (Files.exists(file)) {
      what = "not a regular file (a FIFO, socket or device)";
    } else {
      throw new NoSuchFileException(file.toString());
    }
    throw new FileSystemException(
        file.toString(), null, "must be a regular EDF/BDF file, got " + what);
  }

  static String printable(byte[] b, int from, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < from + len && i < b.length; i++) {
      int c = b[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F) {
        sb.append((char) c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\x%02X", c));
      }
    }
    return sb.toString();
  }

  /** ASCII header fields of one block, with offsets counted from the start of the file. */
  private static final class Fields {
    private final Path file;
    private final byte[] bytes;
    private final long base;

    Fields(Path file, byte[] bytes, long base) {
      this.file = file;
      this.bytes = bytes;
      this.base = base;
    }

    /** The field, cut at the first NUL and stripped of ASCII blanks at both ends (as MNE). */
    String text(long at, int width) {
      int from = (int) (at - base);
      int end = from;
      while (end < from + width && bytes[end] != 0) {
        end++;
      }
      String s = new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
      int a = 0;
      int b = s.length();
      while (a < b && isBlank(s.charAt(a))) {
        a++;
      }
      while (b > a && isBlank(s.charAt(b - 1))) {
        b--;
      }
      return s.substring(a, b);
    }

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C;
    }

    int integer(String name, String ctx, long at, int width) throws RecordingFormatException {
      String v = text(at, width);
      try {
        return Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
      } catch (NumberFormatException e) {
        throw error(name, ctx, at, name + " must be an integer, got \"" + raw(at, width) + "\"");
      }
    }

    long integralNumber(String name, String ctx, long at, int width)
        throws RecordingFormatException {
      double d = number(name, ctx, at, width);
      if (d != Math.rint(d) || Math.abs(d) > 1e15) {
        throw error(name, ctx, at, name + " must be an integer, got \"" + raw(at, width) + "\"");
      }
      return (long) d;
    }

    /** A decimal number; a comma is read as the decimal point (as MNE). */
    double number(String name, String ctx, long at, int width) throws RecordingFormatException {
      String v = text(at, width).replace(',', '.');
      if (!v.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        throw error(name, ctx, at, name + " must be a number, got \"" + raw(at, width) + "\"");
      }
      return Double.parseDouble(v);
    }

    String raw(long at, int width) {
      return printable(bytes, (int) (at - base), width);
    }

    RecordingFormatException error(String name, String ctx, long at, String detail) {
      return new RecordingFormatException(file, "header field '" + name + "'" + ctx, at, detail);
    }
  }
}
