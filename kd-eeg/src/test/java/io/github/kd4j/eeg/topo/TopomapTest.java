package io.github.kd4j.eeg.topo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.testing.TensorFile;
import io.github.kd4j.eeg.montage.Electrode;
import io.github.kd4j.eeg.montage.Montage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.analysis.polynomials.PolynomialsUtils;
import org.junit.jupiter.api.Test;

/**
 * Parity of the projection with MNE 1.3 and the spline's contracts (fixture:
 * make_topomap_reference.py).
 */
class TopomapTest {
  private static final TensorFile FX =
      TensorFile.resource("/io/github/kd4j/eeg/topo/topomap_mne.txt");
  private static final Montage M = Montage.biosemi32();

  /** Projection: a few trigonometric operations on coordinates of 0.1 m; MNE computes in double. */
  private static final double PROJECTION_TOL = 1e-6;

  /** The spline solves a 33 x 33 system; its condition number leaves ~1e-10 relative error. */
  private static final double EXACTNESS_TOL = 1e-8;

  @Test
  void projectionMatchesMneFindTopomapCoords() {
    double[] pos = FX.get("pos3d").values();
    double[] topo = FX.get("topo_coords").values();
    double maxErr = 0;
    Topomap map = Topomap.of(M, M.channelNames(), new double[32]);
    for (int i = 0; i < 32; i++) {
      Electrode e = M.electrodes().get(i);
      // the montage holds MNE's standard_1020 head-frame positions
      assertEquals(pos[3 * i], e.x(), 1e-12, e.name());
      assertEquals(pos[3 * i + 1], e.y(), 1e-12, e.name());
      assertEquals(pos[3 * i + 2], e.z(), 1e-12, e.name());
      double[] p = TopomapProjection.project(e.x(), e.y(), e.z());
      maxErr = Math.max(maxErr, Math.abs(p[0] - topo[2 * i]));
      maxErr = Math.max(maxErr, Math.abs(p[1] - topo[2 * i + 1]));
      assertEquals(p[0], map.position(i)[0], 0);
      assertEquals(p[1], map.position(i)[1], 0);
    }
    System.out.printf(
        "topomap projection vs MNE _find_topomap_coords: max |error| %.3g m%n", maxErr);
    assertTrue(maxErr < PROJECTION_TOL, "max error " + maxErr);
  }

  @Test
  void toSphereInvertsTheProjectionOnTheHeadSphere() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 100; i++) {
      double u = (rnd.nextDouble() * 2 - 1) * 0.1;
      double v = (rnd.nextDouble() * 2 - 1) * 0.1;
      double[] e = TopomapProjection.toSphere(u, v);
      double r = TopomapProjection.HEAD_RADIUS;
      double[] back = TopomapProjection.project(r * e[0], r * e[1], r * e[2]);
      assertEquals(u, back[0], 1e-12);
      assertEquals(v, back[1], 1e-12);
    }
  }

  @Test
  void splineInterpolatesExactlyAtTheElectrodes() {
    List<double[]> cases = new ArrayList<>();
    cases.add(FX.get("values").values());
    SplittableRandom rnd = new SplittableRandom(17);
    for (int c = 0; c < 3; c++) {
      cases.add(rnd.doubles(32, -5, 5).toArray());
    }
    for (double[] values : cases) {
      Topomap map = Topomap.of(M, M.channelNames(), values);
      double scale = 0;
      for (double v : values) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < 32; i++) {
        double[] p = map.position(i);
        assertEquals(
            values[i], map.valueAt(p[0], p[1]), EXACTNESS_TOL * scale, M.channelNames().get(i));
      }
    }
  }

  @Test
  void tabulatedGreensFunctionIsCloseToTheExactSeries() {
    double[] values = new SplittableRandom(23).doubles(32, -1, 1).toArray();
    Topomap map = Topomap.of(M, M.channelNames(), values);
    double worst = 0;
    for (double u = -0.105; u <= 0.105; u += 0.0025) {
      for (double v = -0.105; v <= 0.105; v += 0.0025) {
        worst = Math.max(worst, Math.abs(map.valueAt(u, v) - map.approximateValueAt(u, v)));
      }
    }
    // value range 2: one of 256 colour levels is 7.8e-3, 500 times the allowed error
    assertTrue(worst < 1.5e-5, "worst difference " + worst);
  }

  @Test
  void constantValuesGiveAConstantMap() {
    double[] values = new double[32];
    java.util.Arrays.fill(values, 0.25);
    Topomap map = Topomap.of(M, M.channelNames(), values);
    for (double u = -0.1; u <= 0.1; u += 0.01) {
      for (double v = -0.1; v <= 0.1; v += 0.01) {
        assertEquals(0.25, map.valueAt(u, v), 1e-12);
      }
    }
  }

  @Test
  void greensFunctionMatchesAHipparchusLegendreSum() {
    for (double x = -1; x <= 1.0001; x += 0.05) {
      double xc = Math.min(1, x);
      double expected = 0;
      for (int n = 1; n <= SphericalSpline.TERMS; n++) {
        double p = PolynomialsUtils.createLegendrePolynomial(n).value(xc);
        expected += (2.0 * n + 1) / Math.pow(n * (n + 1.0), 4) * p;
      }
      expected /= 4 * Math.PI;
      assertEquals(expected, SphericalSpline.g(xc), 1e-12, "x = " + xc);
    }
  }

  @Test
  void splineIsCloseToMnesCloughTocherImageInsideTheHead() {
    TensorFile.Tensor img = FX.get("mne_image");
    double[] ext = FX.get("mne_image_extent").values();
    int res = img.shape()[0];
    Topomap map = Topomap.of(M, M.channelNames(), FX.get("values").values());
    double[] values = FX.get("values").values();
    double range =
        java.util.Arrays.stream(values).max().orElseThrow()
            - java.util.Arrays.stream(values).min().orElseThrow();
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, maxDiff = 0;
    int n = 0;
    for (int j = 0; j < res; j++) {
      for (int i = 0; i < res; i++) {
        double u = ext[0] + (ext[1] - ext[0]) * i / (res - 1);
        double v = ext[2] + (ext[3] - ext[2]) * j / (res - 1);
        double mne = img.values()[j * res + i];
        if (Math.hypot(u, v) > 0.8 * Topomap.HEAD_RADIUS || Double.isNaN(mne)) {
          continue;
        }
        double ours = map.valueAt(u, v);
        sa += ours;
        sb += mne;
        saa += ours * ours;
        sbb += mne * mne;
        sab += ours * mne;
        maxDiff = Math.max(maxDiff, Math.abs(ours - mne));
        n++;
      }
    }
    double r = (n * sab - sa * sb) / Math.sqrt((n * saa - sa * sa) * (n * sbb - sb * sb));
    System.out.printf(
        "spline vs MNE Clough-Tocher, %d grid points within 0.8 head radius: r = %.4f,"
            + " max |diff| = %.3f of the value range%n",
        n, r, maxDiff / range);
    // different interpolators (spherical spline vs 2-D Clough-Tocher) of the same 32 values
    assertTrue(n > 1500, "points " + n);
    assertTrue(r > 0.95, "correlation " + r);
  }

  @Test
  void badInputNamesTheChannel() {
    List<String> names = new ArrayList<>(M.channelNames());
    names.set(5, "XYZ");
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Topomap.of(M, names, new double[32]));
    assertTrue(
        unknown.getMessage().contains("montage BioSemi 32 must have a position for channel 'XYZ'"),
        unknown.getMessage());
    double[] v = new double[32];
    v[7] = Double.NaN;
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> Topomap.of(M, M.channelNames(), v));
    assertTrue(nan.getMessage().contains("got NaN at channel T7"), nan.getMessage());
    IllegalArgumentException length =
        assertThrows(
            IllegalArgumentException.class, () -> Topomap.of(M, M.channelNames(), new double[31]));
    assertTrue(length.getMessage().contains("32 channels and 31 values"), length.getMessage());
    // names match ignoring case, as the montage does
    List<String> lower = M.channelNames().stream().map(String::toLowerCase).toList();
    assertEquals(
        Topomap.of(M, M.channelNames(), new double[32]).position(3)[0],
        Topomap.of(M, lower, new double[32]).position(3)[0]);
  }

  @Test
  void viridisIsWithinOneLevelOfMatplotlib() {
    double[] table = FX.get("viridis").values();
    int worst = 0;
    for (int i = 0; i < 256; i++) {
      int rgb = Viridis.level(i);
      for (int k = 0; k < 3; k++) {
        int ours = (rgb >> (16 - 8 * k)) & 0xff;
        int ref = (int) Math.round(255 * table[3 * i + k]);
        worst = Math.max(worst, Math.abs(ours - ref));
      }
    }
    assertTrue(worst <= 1, "worst channel difference " + worst);
    // matplotlib's binning: t in [i/256, (i+1)/256) is level i; 1.0 is the top level
    assertEquals(Viridis.level(255), Viridis.rgb(1.0));
    assertEquals(Viridis.level(0), Viridis.rgb(-3));
    assertEquals(Viridis.level(127), Viridis.rgb(0.4999));
    assertThrows(IllegalArgumentException.class, () -> Viridis.rgb(Double.NaN));
  }
}
