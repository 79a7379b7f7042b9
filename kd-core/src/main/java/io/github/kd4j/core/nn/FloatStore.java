package io.github.kd4j.core.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float array in ND4J's off-heap memory, seen three ways: the {@link INDArray} that owns it, a
 * {@link FloatPointer} for BLAS calls and a native-order {@link FloatBuffer} for element loops.
 * Row-major. Not thread-safe.
 */
final class FloatStore {
  final INDArray array;
  final FloatPointer pointer;
  final FloatBuffer buf;
  final int size;

  FloatStore(int size) {
    this.size = size;
    this.array = Nd4j.create(DataType.FLOAT, Math.max(1, size));
    this.pointer = (FloatPointer) array.data().pointer();
    this.buf = pointer.asBuffer();
  }

  /** A pointer to element {@code offset}, for BLAS. */
  FloatPointer at(int offset) {
    return offset == 0 ? pointer : new FloatPointer(pointer).position(offset);
  }

  void zero(int from, int length) {
    for (int i = from, end = from + length; i < end; i++) {
      buf.put(i, 0f);
    }
  }

  /**
   * Bulk copy of {@code length} values from {@code src[srcOffset..]} to this store at {@code at}.
   */
  void put(int at, float[] src, int srcOffset, int length) {
    buf.put(at, src, srcOffset, length);
  }

  /** Bulk copy of {@code length} values from this store at {@code at} into {@code dst}. */
  void get(int at, float[] dst, int dstOffset, int length) {
    buf.get(at, dst, dstOffset, length);
  }
}
