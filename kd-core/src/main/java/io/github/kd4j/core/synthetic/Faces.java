package io.github.kd4j.core.synthetic;

import java.util.SplittableRandom;

/**
 * Renders the synthetic face frames (see {@link SyntheticDataset} for what follows valence). All
 * geometry is in units of the frame side {@code S}; the per-trial look (background, jitter and
 * brightness sinusoids) is re-derived from the trial's frame seed on every call, the pixel noise
 * from a stream seeded by the frame seed and the frame index, so any frame renders alone.
 */
final class Faces {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Faces() {}

  static void render(SyntheticTrial trial, int index, byte[] out, int offset) {
    SyntheticDataset data = trial.data();
    SyntheticDataset.Subject who = trial.subjectParams();
    int size = data.frameSize();
    double noiseSd = data.settings().frameNoiseSd;
    SplittableRandom look = new SplittableRandom(trial.frameSeed());
    double[] background = {
      90 + 12 * look.nextGaussian(), 100 + 12 * look.nextGaussian(), 120 + 12 * look.nextGaussian()
    };
    double time = index / (double) data.frameRate();
    double jx = 0;
    double jy = 0;
    for (int k = 0; k < 3; k++) {
      jx +=
          Math.sin(2 * Math.PI * (0.05 + 0.45 * look.nextDouble()) * time + 7 * look.nextDouble());
      jy +=
          Math.sin(2 * Math.PI * (0.05 + 0.45 * look.nextDouble()) * time + 7 * look.nextDouble());
    }
    double amp = 0.03 * size / Math.sqrt(1.5);
    jx *= amp;
    jy *= amp;
    double brightness =
        1
            + 0.08
                * Math.sin(
                    2 * Math.PI * (0.02 + 0.1 * look.nextDouble()) * time + 7 * look.nextDouble());

    double v = trial.latentAt(index / (double) data.framesPerStep());
    double s = size;
    double cx = 0.5 * s + jx;
    double cy = 0.5 * s + jy;
    double rx = 0.33 * s * who.faceWidth;
    double ry = 0.42 * s * who.faceHeight;
    double eyeDx = 0.14 * s * who.eyeSpacing;
    double eyeY = cy - 0.08 * s;
    double eyeRx = 0.055 * s;
    double eyeRy = 0.035 * s;
    double browY = cy - 0.19 * s - 0.05 * s * v;
    double browInner = -0.03 * s * v; // inner ends lower (larger y) for v < 0
    double browHalf = 0.08 * s;
    double mouthY = cy + 0.2 * s;
    double mouthHalf = 0.15 * s;
    double smile = 0.06 * s * v; // centre down, corners up for v > 0
    double line = 0.028 * s;

    SplittableRandom noise = new SplittableRandom(trial.frameSeed() ^ ((index + 1L) * GOLDEN));
    int p = offset;
    for (int y = 0; y < size; y++) {
      double py = y + 0.5;
      for (int x = 0; x < size; x++) {
        double px = x + 0.5;
        double r = 0;
        double g = 0;
        double b = 0;
        double fx = (px - cx) / rx;
        double fy = (py - cy) / ry;
        double rr = fx * fx + fy * fy;
        if (rr <= 1) {
          double shade = 1 - 0.18 * rr;
          r = who.skin[0] * shade;
          g = who.skin[1] * shade;
          b = who.skin[2] * shade;
          int side = px < cx ? -1 : 1;
          double ex = (px - (cx + side * eyeDx)) / eyeRx;
          double ey = (py - eyeY) / eyeRy;
          double along = (px - (cx + side * eyeDx)) / browHalf; // -1..1 across the brow
          double inner = side < 0 ? (along + 1) / 2 : (1 - along) / 2; // 1 at the inner end
          double browLine = browY + browInner * inner;
          double mx = (px - cx) / mouthHalf;
          double mouthLine = mouthY + smile * (1 - 2 * mx * mx);
          if (ex * ex + ey * ey <= 1) {
            r = 35;
            g = 30;
            b = 30;
          } else if (Math.abs(along) <= 1 && Math.abs(py - browLine) <= line) {
            r = 70;
            g = 45;
            b = 30;
          } else if (Math.abs(mx) <= 1 && Math.abs(py - mouthLine) <= line * 1.2) {
            r = 150;
            g = 40;
            b = 50;
          }
        } else {
          r = background[0];
          g = background[1];
          b = background[2];
        }
        out[p++] = clamp(r * brightness + noiseSd * noise.nextGaussian());
        out[p++] = clamp(g * brightness + noiseSd * noise.nextGaussian());
        out[p++] = clamp(b * brightness + noiseSd * noise.nextGaussian());
      }
    }
  }

  private static byte clamp(double x) {
    long q = Math.round(x);
    return (byte) (q < 0 ? 0 : q > 255 ? 255 : q);
  }
}
