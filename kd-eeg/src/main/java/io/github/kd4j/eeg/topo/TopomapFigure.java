package io.github.kd4j.eeg.topo;

import io.github.kd4j.eeg.montage.Montage;
import io.github.kd4j.eeg.saliency.FeatureLayout;
import io.github.kd4j.eeg.saliency.SaliencyMap;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A grid of scalp maps drawn to a PNG (SPEC 10): one column per band of the maps' {@link
 * FeatureLayout}, one row per {@link SaliencyMap} (a subject, or the overall mean), a head outline
 * with nose and ears, electrode dots, band labels with their Hz ranges, row labels and one colour
 * bar shared by every map. Colours are viridis, 256 levels, over the shared range.
 *
 * <p>Drawn with {@code java.awt} into a {@link BufferedImage}: works headless ({@code
 * -Djava.awt.headless=true}); labels need a font installed (any; fontconfig picks it).
 *
 * <pre>{@code
 * TopomapFigure.builder(Montage.biosemi32())
 *     .title("Peak-response saliency, LOSO test trials")
 *     .row("P1", p1).row("P2", p2).row("overall", overall)
 *     .range(0, 1)
 *     .build()
 *     .writePng(Path.of("saliency.png"));
 * }</pre>
 *
 * <p>Immutable once built and thread-safe.
 */
public final class TopomapFigure {
  private static final int LABEL_WIDTH = 110;
  private static final int HEADER = 34;
  private static final int BAR_WIDTH = 16;
  private static final int BAR_AREA = 100;

  /**
   * Head circle radius as a fraction of the cell size; leaves room for the nose, ears and Fp1/Fp2.
   */
  private static final double HEAD_FRACTION = 0.37;

  private final Montage montage;
  private final List<String> rowLabels;
  private final List<SaliencyMap> rows;
  private final List<Topomap[]> maps;
  private final int mapSize;
  private final double lo;
  private final double hi;
  private final String title;
  private final String colourBarLabel;
  private final boolean sensors;

  private TopomapFigure(Builder b, double lo, double hi) {
    this.montage = b.montage;
    this.rowLabels = List.copyOf(b.rowLabels);
    this.rows = List.copyOf(b.rows);
    this.mapSize = b.mapSize;
    this.lo = lo;
    this.hi = hi;
    this.title = b.title;
    this.colourBarLabel = b.colourBarLabel;
    this.sensors = b.sensors;
    List<Topomap[]> m = new ArrayList<>();
    for (SaliencyMap s : rows) {
      FeatureLayout l = s.layout();
      Topomap[] r = new Topomap[l.nBands()];
      for (int band = 0; band < l.nBands(); band++) {
        r[band] = Topomap.of(montage, l.channels(), s.band(band));
      }
      m.add(r);
    }
    this.maps = List.copyOf(m);
  }

  /** A builder drawing electrodes at the montage's positions. */
  public static Builder builder(Montage montage) {
    return new Builder(Objects.requireNonNull(montage, "montage"));
  }

  /** The lower end of the colour range. */
  public double rangeLow() {
    return lo;
  }

  /** The upper end of the colour range. */
  public double rangeHigh() {
    return hi;
  }

  /** Image width in pixels. */
  public int width() {
    return LABEL_WIDTH + mapSize * nBands() + BAR_AREA;
  }

  /** Image height in pixels. */
  public int height() {
    return top() + mapSize * rows.size() + 10;
  }

  private int nBands() {
    return rows.get(0).layout().nBands();
  }

  private int top() {
    return HEADER + (title == null ? 0 : 22);
  }

  /**
   * The pixel {@code {x, y}} nearest to the electrode of {@code channel} in the map of row {@code
   * row} and band {@code band}.
   */
  public int[] pixelOf(int row, int band, String channel) {
    Topomap t = maps.get(row)[band];
    double[] p = t.position(t.channels().indexOf(channel));
    double r = HEAD_FRACTION * mapSize;
    double cx = LABEL_WIDTH + band * mapSize + mapSize / 2.0;
    double cy = top() + row * mapSize + mapSize / 2.0;
    return new int[] {
      (int) Math.floor(cx + p[0] / Topomap.HEAD_RADIUS * r),
      (int) Math.floor(cy - p[1] / Topomap.HEAD_RADIUS * r)
    };
  }

  /** The colour ({@code 0xRRGGBB}) of a value under this figure's range. */
  public int colourOf(double value) {
    return Viridis.rgb((value - lo) / (hi - lo));
  }

  /** Draws the figure. */
  public BufferedImage render() {
    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.BLACK);
      Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
      if (title != null) {
        g.setFont(font.deriveFont(Font.BOLD, 14f));
        centred(g, title, width() / 2.0, 17);
      }
      g.setFont(font);
      FeatureLayout l = rows.get(0).layout();
      for (int band = 0; band < nBands(); band++) {
        centred(g, l.bands().get(band).display(), LABEL_WIDTH + (band + 0.5) * mapSize, top() - 10);
      }
      for (int row = 0; row < rows.size(); row++) {
        int cy = top() + row * mapSize + mapSize / 2;
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        String label = rowLabels.get(row);
        g.drawString(label, LABEL_WIDTH - 12 - fm.stringWidth(label), cy + fm.getAscent() / 2);
        for (int band = 0; band < nBands(); band++) {
          drawMap(img, g, maps.get(row)[band], LABEL_WIDTH + band * mapSize, top() + row * mapSize);
        }
      }
      drawColourBar(g);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Draws the figure and writes it as a PNG. */
  public void writePng(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(render(), "png", file.toFile())) {
      throw new IOException(file + ": no PNG writer available");
    }
  }

  private void drawMap(BufferedImage img, Graphics2D g, Topomap map, int x0, int y0) {
    double r = HEAD_FRACTION * mapSize;
    double cx = x0 + mapSize / 2.0;
    double cy = y0 + mapSize / 2.0;
    double clip = clipRadius(map);
    for (int py = y0; py < y0 + mapSize; py++) {
      for (int px = x0; px < x0 + mapSize; px++) {
        double du = (px + 0.5 - cx) / r;
        double dv = (cy - (py + 0.5)) / r;
        if (du * du + dv * dv <= clip * clip) {
          double value = map.approximateValueAt(du * Topomap.HEAD_RADIUS, dv * Topomap.HEAD_RADIUS);
          img.setRGB(px, py, colourOf(value));
        }
      }
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.6f));
    g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
    // nose: a triangle on the circle between azimuths 90 +- 10 degrees, tip at 1.12 r
    double a = Math.toRadians(10);
    Path2D nose = new Path2D.Double();
    nose.moveTo(cx - r * Math.sin(a), cy - r * Math.cos(a));
    nose.lineTo(cx, cy - 1.12 * r);
    nose.lineTo(cx + r * Math.sin(a), cy - r * Math.cos(a));
    g.draw(nose);
    // ears: half-ellipses outside the circle at +-u, 0.07 r wide and 0.36 r tall
    for (int side = -1; side <= 1; side += 2) {
      Path2D ear = new Path2D.Double();
      double ex = cx + side * r;
      ear.moveTo(ex, cy - 0.18 * r);
      ear.curveTo(
          ex + side * 0.09 * r, cy - 0.2 * r, ex + side * 0.1 * r, cy + 0.2 * r, ex, cy + 0.18 * r);
      g.draw(ear);
    }
    if (sensors) {
      for (int i = 0; i < map.channels().size(); i++) {
        double[] p = map.position(i);
        double ex = cx + p[0] / Topomap.HEAD_RADIUS * r;
        double ey = cy - p[1] / Topomap.HEAD_RADIUS * r;
        g.fill(new Ellipse2D.Double(ex - 1.6, ey - 1.6, 3.2, 3.2));
      }
    }
  }

  /**
   * Radius of the coloured disc, in head radii: as MNE, 1, or 1.01 times the farthest electrode
   * when one lies outside the head circle (Fp1 and Fp2 of the BioSemi 32, at 1.095).
   */
  static double clipRadius(Topomap map) {
    double max = 0;
    for (int i = 0; i < map.channels().size(); i++) {
      double[] p = map.position(i);
      max = Math.max(max, Math.hypot(p[0], p[1]));
    }
    return Math.max(1, 1.01 * max / Topomap.HEAD_RADIUS);
  }

  private void drawColourBar(Graphics2D g) {
    int x = LABEL_WIDTH + nBands() * mapSize + 14;
    int y0 = top() + 8;
    int h = Math.max(40, rows.size() * mapSize - 16);
    for (int i = 0; i < h; i++) {
      double t = 1 - (i + 0.5) / h;
      g.setColor(new Color(Viridis.rgb(t)));
      g.fillRect(x, y0 + i, BAR_WIDTH, 1);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x, y0, BAR_WIDTH, h);
    FontMetrics fm = g.getFontMetrics();
    for (int k = 0; k <= 4; k++) {
      double value = lo + (hi - lo) * k / 4.0;
      int y = y0 + h - (int) Math.round(h * k / 4.0);
      g.drawLine(x + BAR_WIDTH, y, x + BAR_WIDTH + 4, y);
      g.drawString(tick(value), x + BAR_WIDTH + 6, y + fm.getAscent() / 2 - 1);
    }
    if (colourBarLabel != null) {
      Graphics2D r = (Graphics2D) g.create();
      r.translate(x + BAR_WIDTH + 52, y0 + h / 2.0);
      r.rotate(Math.PI / 2);
      centred(r, colourBarLabel, 0, 0);
      r.dispose();
    }
  }

  private static String tick(double v) {
    return String.format(
        Locale.ROOT, Math.abs(v) >= 100 || (v != 0 && Math.abs(v) < 0.01) ? "%.2g" : "%.2f", v);
  }

  private static void centred(Graphics2D g, String s, double x, double y) {
    FontMetrics fm = g.getFontMetrics();
    g.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), (float) y);
  }

  @Override
  public String toString() {
    return "TopomapFigure["
        + montage.name()
        + ", rows "
        + rowLabels
        + ", bands "
        + rows.get(0).layout().bands()
        + ", range ["
        + lo
        + ", "
        + hi
        + "], "
        + mapSize
        + " px maps]";
  }

  /** Builder of a {@link TopomapFigure}; reusable after {@link #build()}. */
  public static final class Builder {
    private final Montage montage;
    private final List<String> rowLabels = new ArrayList<>();
    private final List<SaliencyMap> rows = new ArrayList<>();
    private int mapSize = 150;
    private double lo = Double.NaN;
    private double hi = Double.NaN;
    private String title;
    private String colourBarLabel = "saliency";
    private boolean sensors = true;

    private Builder(Montage montage) {
      this.montage = montage;
    }

    /** Adds a row of maps, one per band of {@code map}, labelled {@code label}. */
    public Builder row(String label, SaliencyMap map) {
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException("row label must not be blank, got '" + label + "'");
      }
      rowLabels.add(label);
      rows.add(Objects.requireNonNull(map, "map"));
      return this;
    }

    /** Side of one map cell in pixels, {@code >= 60}; default 150. */
    public Builder mapSize(int px) {
      if (px < 60 || px > 2000) {
        throw new IllegalArgumentException("mapSize must be in [60, 2000] px, got " + px);
      }
      this.mapSize = px;
      return this;
    }

    /**
     * The colour range shared by every map; default: the smallest and largest value of all rows.
     * Values outside are drawn in the end colours.
     */
    public Builder range(double low, double high) {
      if (!(Double.isFinite(low) && Double.isFinite(high) && high > low)) {
        throw new IllegalArgumentException(
            "range must be finite with high > low, got [" + low + ", " + high + "]");
      }
      this.lo = low;
      this.hi = high;
      return this;
    }

    /** A title above the grid, or {@code null} for none (the default). */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** The colour bar's label (default {@code "saliency"}), or {@code null} for none. */
    public Builder colourBarLabel(String label) {
      this.colourBarLabel = label;
      return this;
    }

    /** Whether to draw electrode dots (default {@code true}). */
    public Builder sensors(boolean draw) {
      this.sensors = draw;
      return this;
    }

    /**
     * Builds the figure, fitting every map's spline.
     *
     * @throws IllegalArgumentException for no rows, rows of different layouts, a channel without a
     *     montage position (naming it), or a default range of zero width (all values equal)
     */
    public TopomapFigure build() {
      if (rows.isEmpty()) {
        throw new IllegalArgumentException(
            "rows must not be empty: add at least one row(label, map)");
      }
      FeatureLayout layout = rows.get(0).layout();
      for (int i = 1; i < rows.size(); i++) {
        if (!rows.get(i).layout().equals(layout)) {
          throw new IllegalArgumentException(
              "rows must share one layout, got "
                  + rows.get(i).layout()
                  + " in row '"
                  + rowLabels.get(i)
                  + "' and "
                  + layout
                  + " in row '"
                  + rowLabels.get(0)
                  + "'");
        }
      }
      double low = lo;
      double high = hi;
      if (Double.isNaN(low)) {
        low = rows.stream().mapToDouble(SaliencyMap::min).min().orElseThrow();
        high = rows.stream().mapToDouble(SaliencyMap::max).max().orElseThrow();
        if (!(high > low)) {
          throw new IllegalArgumentException(
              "values must not all be equal when no range is set, got "
                  + low
                  + " everywhere; set range(low, high)");
        }
      }
      return new TopomapFigure(this, low, high);
    }
  }
}
