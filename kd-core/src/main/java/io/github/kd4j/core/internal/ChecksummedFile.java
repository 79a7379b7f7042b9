package io.github.kd4j.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The container of every binary file kd4j writes (models, checkpoints, cached knowledge): a header,
 * a payload and a CRC32C of both, written atomically.
 *
 * <pre>
 * int32  magic            identifies the kind of file
 * int32  format version
 * int64  payload length   bytes
 * byte[] payload
 * int32  CRC32C of everything before it
 * </pre>
 *
 * (big-endian, {@link DataOutputStream}). Reading checks, before anything is parsed, that the file
 * is a regular file, that its size matches the length field and that the checksum matches; a
 * flipped or missing byte is an {@link IOException} naming the file. The payload reader bounds
 * every array length by the bytes that remain before allocating.
 */
public final class ChecksummedFile {
  private static final int HEADER = 16;
  private static final int TRAILER = 4;

  private ChecksummedFile() {}

  /** Writes the payload of a file. */
  @FunctionalInterface
  public interface PayloadWriter {
    void write(DataOutputStream out) throws IOException;
  }

  /** Writes {@code file} atomically with the given magic number and format version. */
  public static void write(Path file, int magic, int version, PayloadWriter payload)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      payload.write(out);
    }
    byte[] body = bytes.toByteArray();
    ByteBuffer head =
        ByteBuffer.allocate(HEADER).putInt(magic).putInt(version).putLong(body.length);
    CRC32C crc = new CRC32C();
    crc.update(head.array());
    crc.update(body);
    int sum = (int) crc.getValue();
    AtomicFiles.write(
        file,
        os -> {
          os.write(head.array());
          os.write(body);
          os.write(ByteBuffer.allocate(TRAILER).putInt(sum).array());
        });
  }

  /**
   * Reads and verifies {@code file}.
   *
   * @param what the kind of file, for messages ("kd4j model", "checkpoint")
   * @param version the format version this reader understands
   * @throws IOException naming the file: not a regular file, wrong magic, another version,
   *     truncated, or a checksum mismatch
   */
  public static Payload read(Path file, String what, int magic, int version) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + ": "
              + what
              + " must be a regular file, got "
              + (Files.isDirectory(file)
                  ? "a directory"
                  : Files.exists(file) ? "a special file" : "nothing (no such file)"));
    }
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE) {
      throw new IOException(file + ": " + what + " must be under 2 GiB, got " + size + " bytes");
    }
    byte[] all = new byte[(int) size];
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      ByteBuffer buf = ByteBuffer.wrap(all);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          throw new IOException(file + ": " + what + " changed while it was read");
        }
      }
    }
    ByteBuffer b = ByteBuffer.wrap(all);
    if (size >= 4) {
      int m = b.getInt();
      if (m != magic) {
        throw new IOException(
            file
                + ": not a "
                + what
                + " (magic number at byte 0 must be 0x"
                + Integer.toHexString(magic)
                + ", got 0x"
                + Integer.toHexString(m)
                + ")");
      }
    }
    if (size < HEADER + TRAILER) {
      throw new IOException(
          file + ": " + what + " is truncated (" + size + " bytes, the header alone has 20)");
    }
    int v = b.getInt();
    if (v != version) {
      throw new IOException(
          file
              + ": "
              + what
              + " format version must be "
              + version
              + ", got "
              + v
              + (v < version ? " (written by an older kd4j: regenerate the file)" : ""));
    }
    long length = b.getLong();
    if (length != size - HEADER - TRAILER) {
      throw new IOException(
          file
              + ": "
              + what
              + " is damaged or truncated: the header says "
              + length
              + " payload bytes, the file holds "
              + (size - HEADER - TRAILER));
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, (int) (size - TRAILER));
    int expected = ByteBuffer.wrap(all, (int) (size - TRAILER), TRAILER).getInt();
    if ((int) crc.getValue() != expected) {
      throw new IOException(
          file + ": " + what + " is damaged (CRC32C checksum mismatch); regenerate it");
    }
    return new Payload(file, what, all, HEADER, (int) length);
  }

  /** The verified payload of a file, read with bounds checks. */
  public static final class Payload implements AutoCloseable {
    private final Path file;
    private final String what;
    private final DataInputStream in;
    private final Counter counter;

    private Payload(Path file, String what, byte[] all, int offset, int length) {
      this.file = file;
      this.what = what;
      this.counter = new Counter(new java.io.ByteArrayInputStream(all, offset, length), length);
      this.in = new DataInputStream(counter);
    }

    /** The underlying stream. */
    public DataInputStream in() {
      return in;
    }

    /** An error naming the file. */
    public IOException error(String message) {
      return new IOException(file + ": " + what + ": " + message);
    }

    public int readInt() throws IOException {
      try {
        return in.readInt();
      } catch (EOFException e) {
        throw error("ends early");
      }
    }

    public long readLong() throws IOException {
      try {
        return in.readLong();
      } catch (EOFException e) {
        throw error("ends early");
      }
    }

    public double readDouble() throws IOException {
      try {
        return in.readDouble();
      } catch (EOFException e) {
        throw error("ends early");
      }
    }

    public boolean readBoolean() throws IOException {
      try {
        return in.readBoolean();
      } catch (EOFException e) {
        throw error("ends early");
      }
    }

    public String readUtf() throws IOException {
      try {
        return in.readUTF();
      } catch (EOFException e) {
        throw error("ends early");
      }
    }

    /**
     * A float array written as its length then its values; length -1 reads as null. The length is
     * checked against the remaining bytes before allocating.
     */
    public float[] readFloats(String field) throws IOException {
      int n = readInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || (long) n * 4 > counter.remaining) {
        throw error(
            field
                + " length must be in [0, "
                + counter.remaining / 4
                + "] (the bytes that remain), got "
                + n);
      }
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = in.readFloat();
      }
      return a;
    }

    /** A count field checked against a maximum. */
    public int readCount(String field, int max) throws IOException {
      int n = readInt();
      if (n < 0 || n > max) {
        throw error(field + " must be in [0, " + max + "], got " + n);
      }
      return n;
    }

    /** Fails unless every payload byte was read. */
    public void expectEnd() throws IOException {
      if (counter.remaining != 0) {
        throw error(counter.remaining + " unexpected bytes after the last field");
      }
    }

    @Override
    public void close() {}
  }

  /** Writes a float array as its length then its values; null as length -1. */
  public static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    if (a == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(a.length);
    for (float f : a) {
      out.writeFloat(f);
    }
  }

  private static final class Counter extends java.io.FilterInputStream {
    long remaining;

    Counter(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      int r = super.read();
      if (r >= 0) {
        remaining--;
      }
      return r;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int r = super.read(b, off, len);
      if (r > 0) {
        remaining -= r;
      }
      return r;
    }
  }
}
