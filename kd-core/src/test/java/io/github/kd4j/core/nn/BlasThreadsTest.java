package io.github.kd4j.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class BlasThreadsTest {

  /**
   * Regression: ND4J's backend set OpenBLAS to one thread per core when it started, undoing a
   * setting made before the first array. The protocol pinned BLAS, then its workers created the
   * first arrays, so every worker ran 2 BLAS threads (measured: 258 s against 90 s for a 2-epoch
   * LOSO on 2 cores).
   */
  @Test
  void settingSticksWhenNd4jCreatesArraysAfterIt() {
    int previous = BlasThreads.get();
    try {
      BlasThreads.set(1);
      Nd4j.create(DataType.FLOAT, 16, 16).mmul(Nd4j.create(DataType.FLOAT, 16, 16));
      assertEquals(1, BlasThreads.get());
    } finally {
      BlasThreads.set(Math.max(1, previous));
    }
  }

  @Test
  void rejectsZeroThreads() {
    assertThrows(IllegalArgumentException.class, () -> BlasThreads.set(0));
  }

  @Test
  void avx512NeedsEverySkylakeXSubset(@TempDir Path dir) throws Exception {
    Path all = dir.resolve("all");
    Files.writeString(
        all,
        "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512dq avx512cd avx512bw avx512vl fma\n");
    Path noVl = dir.resolve("novl");
    Files.writeString(noVl, "flags\t\t: fpu avx2 avx512f avx512dq avx512cd avx512bw\n");
    Path none = dir.resolve("none");
    Files.writeString(none, "processor\t: 0\n");
    assertTrue(Blas.hasAvx512(all));
    assertFalse(Blas.hasAvx512(noVl));
    assertFalse(Blas.hasAvx512(none));
    assertFalse(Blas.hasAvx512(dir.resolve("missing")));
  }
}
