package io.github.kd4j.vision.frames;

import io.github.kd4j.core.internal.NaturalOrder;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads the frames of one trial from a folder of PNG or JPEG images (JDK {@link ImageIO}), one
 * image per frame, into a {@link FrameSequence}.
 *
 * <p>Files: the regular files of the folder (not its sub-folders) whose names end in {@code .png},
 * {@code .jpg} or {@code .jpeg} (any case); other files are ignored. Time order is the natural
 * order of the file names: runs of digits compare as numbers ({@code frame_2.png} before {@code
 * frame_10.png}), other characters as text, and equal names up to leading zeros fall back to plain
 * text order. Every image must be 48x48; grey images are replicated to RGB, other colour models are
 * converted to sRGB by {@link BufferedImage#getRGB}; alpha is dropped.
 *
 * <p>Video files are not decoded: extract, face-align and resize frames with other tools first.
 *
 * <pre>{@code
 * FrameSequence s = FrameFolderReader.read(Path.of("frames/trial-7")); // trial id "trial-7"
 * }</pre>
 */
public final class FrameFolderReader {
  private FrameFolderReader() {}

  /** Reads {@code folder} with trial id = the folder's name, 16 frames per step. */
  public static FrameSequence read(Path folder) throws IOException {
    Objects.requireNonNull(folder, "folder");
    Path name = folder.toAbsolutePath().normalize().getFileName();
    return read(
        folder,
        name == null ? folder.toString() : name.toString(),
        FrameSequence.DEFAULT_FRAMES_PER_STEP);
  }

  /**
   * Reads {@code folder} as trial {@code trialId}.
   *
   * @throws FrameFormatException naming the folder or file for a missing folder, no images, an
   *     undecodable image, an image that is not 48x48, or a count not a multiple of {@code
   *     framesPerStep}
   */
  public static FrameSequence read(Path folder, String trialId, int framesPerStep)
      throws IOException {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(trialId, "trialId");
    if (framesPerStep < 1) {
      throw new IllegalArgumentException("framesPerStep must be >= 1, got " + framesPerStep);
    }
    if (!Files.isDirectory(folder)) {
      throw new FrameFormatException(
          "frame folder " + folder + " of trial " + trialId + " must be a directory");
    }
    List<Path> files = imageFiles(folder);
    if (files.isEmpty() || files.size() % framesPerStep != 0) {
      throw new FrameFormatException(
          "frame folder "
              + folder
              + " of trial "
              + trialId
              + " must hold a positive multiple of framesPerStep "
              + framesPerStep
              + " PNG/JPEG images, got "
              + files.size()
              + (files.isEmpty()
                  ? ""
                  : " (last: " + files.get(files.size() - 1).getFileName() + ")"));
    }
    byte[] pixels = new byte[files.size() * FrameSequence.FRAME_BYTES];
    for (int f = 0; f < files.size(); f++) {
      decode(files.get(f), trialId, pixels, f * FrameSequence.FRAME_BYTES);
    }
    return FrameSequence.ofPacked(trialId, pixels, framesPerStep);
  }

  /** The image files of {@code folder} in natural name order. */
  static List<Path> imageFiles(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(folder)) {
      s.filter(Files::isRegularFile)
          .filter(
              p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
              })
          .forEach(files::add);
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString(), NaturalOrder.INSTANCE));
    return files;
  }

  private static void decode(Path file, String trialId, byte[] out, int offset) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new FrameFormatException(
          "frame file "
              + file
              + " of trial "
              + trialId
              + " could not be decoded: "
              + e.getMessage(),
          e);
    }
    if (img == null) {
      throw new FrameFormatException(
          "frame file " + file + " of trial " + trialId + " is not an image ImageIO can decode");
    }
    int s = FrameSequence.FRAME_SIZE;
    if (img.getWidth() != s || img.getHeight() != s) {
      throw new FrameFormatException(
          "frame file "
              + file
              + " of trial "
              + trialId
              + " must be 48x48 pixels, got "
              + img.getWidth()
              + "x"
              + img.getHeight()
              + " (resize the face crops to 48x48)");
    }
    Raster r = img.getRaster();
    boolean gray =
        r.getNumBands() <= 2
            && !(img.getColorModel() instanceof IndexColorModel)
            && img.getColorModel().getComponentSize(0) == 8;
    int o = offset;
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        if (gray) {
          byte v = (byte) r.getSample(x, y, 0);
          out[o] = v;
          out[o + 1] = v;
          out[o + 2] = v;
        } else {
          int argb = img.getRGB(x, y);
          out[o] = (byte) (argb >>> 16);
          out[o + 1] = (byte) (argb >>> 8);
          out[o + 2] = (byte) argb;
        }
        o += FrameSequence.CHANNELS;
      }
    }
  }
}
