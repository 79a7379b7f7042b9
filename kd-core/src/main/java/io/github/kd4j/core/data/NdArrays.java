package io.github.kd4j.core.data;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conversions between ND4J arrays and the Java arrays kd4j models and trials use, for users who
 * keep their data in ND4J.
 *
 * <p>Layout: a sequence is <b>time-major</b>, {@code [T, F]} (rank 2: row {@code t} is step {@code
 * t}, column {@code f} feature {@code f}), as {@code float[T][F]} everywhere in kd4j; a batch of
 * one {@code [1, T, F]} (rank 3, the ONNX input layout) is accepted too. Labels and valence are
 * rank 1 {@code [T]} (also accepted: {@code [T, 1]} or {@code [1, T]}). FLOAT and DOUBLE arrays are
 * read, in any order ('c' or 'f') and as views; other data types are refused.
 *
 * <p>Copies: exactly one, the array read into fresh Java arrays (a 'c'-ordered FLOAT array is read
 * with one bulk copy per row straight from its native buffer; other layouts element by element).
 * The arrays returned by {@link #sequence} and {@link #vector} are ND4J FLOAT arrays, one copy of
 * the Java data.
 */
public final class NdArrays {
  private NdArrays() {}

  /**
   * Reads a time-major sequence {@code [T, F]} or {@code [1, T, F]} into {@code float[T][F]}.
   *
   * @throws IllegalArgumentException for another rank or shape, an empty array or a data type other
   *     than FLOAT and DOUBLE
   */
  public static float[][] toSteps(INDArray x) {
    Objects.requireNonNull(x, "x");
    long[] s = x.shape();
    INDArray m = x;
    if (s.length == 3) {
      if (s[0] != 1) {
        throw new IllegalArgumentException(
            "x must be [T, F] or [1, T, F] (time-major), got " + Arrays.toString(s));
      }
      m = x.slice(0);
    } else if (s.length != 2) {
      throw new IllegalArgumentException(
          "x must be [T, F] or [1, T, F] (time-major), got rank "
              + s.length
              + " "
              + Arrays.toString(s));
    }
    checkType(x, "x");
    int t = Math.toIntExact(m.size(0));
    int f = Math.toIntExact(m.size(1));
    if (t == 0 || f == 0) {
      throw new IllegalArgumentException(
          "x must have at least one step and one feature, got " + Arrays.toString(s));
    }
    float[][] out = new float[t][f];
    if (m.dataType() == DataType.FLOAT
        && m.ordering() == 'c'
        && m.stride(1) == 1
        && m.stride(0) == f) {
      FloatBuffer b = m.data().asNioFloat();
      long off = m.offset();
      for (int i = 0; i < t; i++) {
        b.position(Math.toIntExact(off + (long) i * f));
        b.get(out[i]);
      }
    } else if (m.dataType() == DataType.DOUBLE
        && m.ordering() == 'c'
        && m.stride(1) == 1
        && m.stride(0) == f) {
      DoubleBuffer b = m.data().asNioDouble();
      int off = Math.toIntExact(m.offset());
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < f; j++) {
          out[i][j] = (float) b.get(off + i * f + j);
        }
      }
    } else {
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < f; j++) {
          out[i][j] = m.getFloat(i, j);
        }
      }
    }
    return out;
  }

  /**
   * Reads a vector {@code [T]} (or {@code [T, 1]}, {@code [1, T]}) into {@code float[T]}.
   *
   * @throws IllegalArgumentException for another shape, an empty array or a data type other than
   *     FLOAT and DOUBLE
   */
  public static float[] toVector(INDArray v) {
    Objects.requireNonNull(v, "v");
    long[] s = v.shape();
    boolean ok = s.length == 1 || (s.length == 2 && (s[0] == 1 || s[1] == 1));
    if (!ok || v.length() == 0) {
      throw new IllegalArgumentException(
          "v must be a non-empty vector [T] ([T, 1] or [1, T] accepted), got "
              + Arrays.toString(s));
    }
    checkType(v, "v");
    float[] out = new float[Math.toIntExact(v.length())];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.getFloat((long) i);
    }
    return out;
  }

  /** A FLOAT array {@code [T, F]} holding a copy of {@code x[T][F]}. */
  public static INDArray sequence(float[][] x) {
    Objects.requireNonNull(x, "x");
    return Nd4j.create(x);
  }

  /** A FLOAT vector {@code [T]} holding a copy of {@code v} (in native memory). */
  public static INDArray vector(float[] v) {
    Objects.requireNonNull(v, "v");
    return Nd4j.createFromArray(v);
  }

  private static void checkType(INDArray a, String name) {
    if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException(
          name + " must be a FLOAT or DOUBLE array, got " + a.dataType());
    }
  }
}
