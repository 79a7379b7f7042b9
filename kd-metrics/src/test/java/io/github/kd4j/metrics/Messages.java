package io.github.kd4j.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on exception messages: kd4j tests pin the cause and the value, not only the type. */
public final class Messages {

  private Messages() {}

  /**
   * Asserts that {@code call} throws {@link IllegalArgumentException} whose message contains every
   * fragment, and returns the message.
   */
  public static String assertIllegalArgument(Executable call, String... fragments) {
    return assertMessage(IllegalArgumentException.class, call, fragments);
  }

  /** Like {@link #assertIllegalArgument} for any exception type. */
  public static <T extends Throwable> String assertMessage(
      Class<T> type, Executable call, String... fragments) {
    T e = assertThrows(type, call);
    String message = e.getMessage();
    for (String f : fragments) {
      assertTrue(
          message != null && message.contains(f),
          () -> "message should contain '" + f + "', was: " + message);
    }
    return message;
  }
}
