package io.github.kd4j.eeg.io;

import io.github.kd4j.core.internal.EditDistance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Resolves a requested channel name against labels: an exact match first, then a match ignoring
 * case and trailing dots and blanks ({@code "cz"} finds {@code "Cz.."}) when it is unique. Errors
 * list the closest labels ("Did you mean 'Cz..'?").
 */
final class ChannelNames {
  private ChannelNames() {}

  /** {@code name} lower-cased without trailing dots and blanks. */
  static String normalize(String name) {
    int end = name.length();
    while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
      end--;
    }
    return name.substring(0, end).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Position in {@code labels} of the channel called {@code name}.
   *
   * @param where names the file or recording in error messages
   * @throws IllegalArgumentException when no label, or more than one, matches
   */
  static int resolve(String name, List<String> labels, String where) {
    List<Integer> exact = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).equals(name)) {
        exact.add(i);
      }
    }
    if (exact.size() == 1) {
      return exact.get(0);
    }
    if (exact.size() > 1) {
      throw new IllegalArgumentException(
          "channel '"
              + name
              + "' is ambiguous in "
              + where
              + ": "
              + exact.size()
              + " channels have this label (positions "
              + exact
              + "); select by index instead");
    }
    String norm = normalize(name);
    List<Integer> loose = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (normalize(labels.get(i)).equals(norm)) {
        loose.add(i);
      }
    }
    if (loose.size() == 1) {
      return loose.get(0);
    }
    if (loose.size() > 1) {
      throw new IllegalArgumentException(
          "channel '"
              + name
              + "' is ambiguous in "
              + where
              + " when case and trailing dots are ignored: it matches "
              + loose.stream().map(i -> "'" + labels.get(i) + "'").collect(Collectors.joining(", "))
              + "; use the exact label");
    }
    throw new IllegalArgumentException(
        "channel '" + name + "' not found in " + where + "; " + suggestion(name, labels));
  }

  /** "Did you mean 'Cz..'?" with up to three closest labels, or the list of labels. */
  static String suggestion(String name, List<String> labels) {
    String norm = normalize(name);
    int limit = Math.max(1, norm.length() / 3);
    List<String> close =
        labels.stream()
            .distinct()
            .filter(l -> EditDistance.between(normalize(l), norm) <= limit)
            .sorted(
                Comparator.comparingInt((String l) -> EditDistance.between(normalize(l), norm))
                    .thenComparing(labels::indexOf))
            .limit(3)
            .collect(Collectors.toList());
    if (!close.isEmpty()) {
      return "Did you mean "
          + close.stream().map(l -> "'" + l + "'").collect(Collectors.joining(" or "))
          + "?";
    }
    List<String> shown = labels.subList(0, Math.min(labels.size(), 12));
    return "available channels: "
        + shown.stream().map(l -> "'" + l + "'").collect(Collectors.joining(", "))
        + (labels.size() > shown.size() ? ", … (" + labels.size() + " in all)" : "");
  }
}
