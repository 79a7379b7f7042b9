package io.github.kd4j.eeg.montage;

import io.github.kd4j.eeg.io.Recording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An ordered set of named electrodes with positions; {@link #biosemi32()} is the 32-channel BioSemi
 * layout of MAHNOB-HCI in the order of SPEC section 3: Fp1 AF3 F3 F7 FC5 FC1 C3 T7 CP5 CP1 P3 P7
 * PO3 O1 Oz Pz Fp2 AF4 Fz F4 F8 FC6 FC2 Cz C4 T8 CP6 CP2 P4 P8 PO4 O2.
 *
 * <p>Positions come from MNE 1.3's {@code standard_1020} montage (see {@link Electrode} for the
 * frame and the 2-D projection), written to {@code biosemi32.tsv} by {@code
 * kd-eeg/src/test/python/make_edf_fixtures.py}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Recording eeg = Montage.biosemi32().selectEeg(RecordingReader.defaults().read(bdf));
 * }</pre>
 */
public final class Montage {
  private static final Montage BIOSEMI32 = load("biosemi32.tsv", "BioSemi 32");

  private final String name;
  private final List<Electrode> electrodes;

  private Montage(String name, List<Electrode> electrodes) {
    this.name = name;
    this.electrodes = Collections.unmodifiableList(new ArrayList<>(electrodes));
  }

  /** The BioSemi 32-channel layout, SPEC 3 order. */
  public static Montage biosemi32() {
    return BIOSEMI32;
  }

  /** Name of the montage, e.g. {@code "BioSemi 32"}. */
  public String name() {
    return name;
  }

  /** The electrodes in montage order. */
  public List<Electrode> electrodes() {
    return electrodes;
  }

  /** The electrode names in montage order. */
  public List<String> channelNames() {
    return electrodes.stream().map(Electrode::name).collect(Collectors.toUnmodifiableList());
  }

  /** Number of electrodes. */
  public int size() {
    return electrodes.size();
  }

  /**
   * The recording's channels named by this montage, in montage order. Names match as in {@link
   * Recording#indexOf(String)}: the exact label, else ignoring case and trailing dots ({@code
   * "FC5"} selects {@code "Fc5."}).
   *
   * @throws IllegalArgumentException listing every montage channel the recording lacks
   */
  public Recording selectEeg(Recording recording) {
    List<String> missing = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Electrode e : electrodes) {
      try {
        labels.add(recording.channelLabels().get(recording.indexOf(e.name())));
      } catch (IllegalArgumentException ex) {
        missing.add(e.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          recording.fileName()
              + " must have every "
              + name
              + " channel, got "
              + missing.size()
              + " missing: "
              + String.join(", ", missing)
              + " (its channels: "
              + String.join(", ", recording.channelLabels())
              + ")");
    }
    return recording.select(labels);
  }

  @Override
  public String toString() {
    return "Montage[" + name + ", " + String.join(" ", channelNames()) + "]";
  }

  private static Montage load(String resource, String name) {
    List<Electrode> out = new ArrayList<>();
    try (InputStream in = Montage.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("name\t")) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(
            new Electrode(
                f[0],
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[4]),
                Double.parseDouble(f[5])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return new Montage(name, out);
  }
}
