package io.github.kd4j.core.internal;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Orders names with embedded numbers numerically ({@code P2 < P10}, {@code trial-4 < trial-10}),
 * other characters by code point; ties (such as {@code P01} and {@code P1}) fall back to plain
 * string order, so the order is total and consistent with equals. Serializable (a singleton), as
 * the comparator of the serialised maps of protocol results; also the time order of frame files.
 */
public final class NaturalOrder implements Comparator<String>, Serializable {
  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final NaturalOrder INSTANCE = new NaturalOrder();

  private NaturalOrder() {}

  private Object readResolve() {
    return INSTANCE;
  }

  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int ei = i;
        while (ei < a.length() && isDigit(a.charAt(ei))) {
          ei++;
        }
        int ej = j;
        while (ej < b.length() && isDigit(b.charAt(ej))) {
          ej++;
        }
        int c = compareDigits(a.substring(i, ei), b.substring(j, ej));
        if (c != 0) {
          return c;
        }
        i = ei;
        j = ej;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    int c = Integer.compare(a.length() - i, b.length() - j);
    return c != 0 ? c : a.compareTo(b);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int compareDigits(String x, String y) {
    String sx = stripZeros(x);
    String sy = stripZeros(y);
    if (sx.length() != sy.length()) {
      return Integer.compare(sx.length(), sy.length());
    }
    return sx.compareTo(sy);
  }

  private static String stripZeros(String s) {
    int k = 0;
    while (k < s.length() - 1 && s.charAt(k) == '0') {
      k++;
    }
    return s.substring(k);
  }
}
