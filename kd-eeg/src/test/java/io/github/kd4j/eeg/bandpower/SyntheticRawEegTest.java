package io.github.kd4j.eeg.bandpower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kd4j.core.synthetic.SyntheticDataset;
import io.github.kd4j.core.synthetic.SyntheticTrial;
import org.junit.jupiter.api.Test;

/**
 * The raw EEG of the synthetic generator (kd-core {@code synthetic}) seen through the real SPEC 3.4
 * band-power extractor: one window per label step, and the modulated bands' power follows valence
 * and the generator's cheap EEG features.
 */
class SyntheticRawEegTest {
  @Test
  void bandPowerOfRawSyntheticEegFollowsValenceAndTheCheapFeatures() {
    SyntheticDataset data =
        SyntheticDataset.builder().subjects(1).trialsPerSubject(1).steps(300, 300).seed(3).build();
    SyntheticTrial trial = data.trials().get(0);
    float[][] raw = trial.rawEeg();
    double[][] eeg = new double[raw.length][raw[0].length];
    for (int c = 0; c < raw.length; c++) {
      for (int s = 0; s < raw[c].length; s++) {
        eeg[c][s] = raw[c][s];
      }
    }
    BandPowerExtractor bp =
        BandPowerExtractor.builder().samplingRate(data.samplingRate()).relative(false).build();
    BandPowerFeatures f = bp.extract(eeg);
    int steps = trial.length();
    assertEquals(steps, f.windows());
    assertEquals(data.eegFeatures(), f.width());

    float[] v = trial.latent();
    float[][] cheap = trial.eegFeatures();
    double[] extractedMod = new double[steps];
    double[] cheapMod = new double[steps];
    double[] extractedOther = new double[steps];
    double[] latent = new double[steps];
    int nm = 0;
    int no = 0;
    for (int i = 0; i < data.eegFeatures(); i++) {
      for (int t = 0; t < steps; t++) {
        double lnPower = Math.log(f.row(t)[i]);
        if (data.isModulated(i)) {
          extractedMod[t] += lnPower;
          cheapMod[t] += cheap[t][i];
        } else {
          extractedOther[t] += lnPower;
        }
      }
      if (data.isModulated(i)) {
        nm++;
      } else {
        no++;
      }
    }
    for (int t = 0; t < steps; t++) {
      latent[t] = v[t];
    }
    assertEquals(20, nm);
    assertEquals(172, no);
    double withValence = pearson(extractedMod, latent);
    double withCheap = pearson(extractedMod, movingAverage(cheapMod, 4));
    double otherWithValence = pearson(extractedOther, latent);
    String all =
        "r(valence) " + withValence + ", r(cheap) " + withCheap + ", others " + otherWithValence;
    // expected, from the model: the mean of 20 modulated columns carries 0.3 * 0.35 of valence
    // against an AR(0.9) background of 0.5 / sqrt(20): r about 0.5 on one trial
    assertTrue(withValence > 0.3, all);
    // the cheap features are L plus white noise (sd 1 / sqrt(20) on the mean, larger than L's own
    // spread); averaged over the 9 steps a 2 s window spans, they follow the extracted power
    assertTrue(withCheap > 0.5, all);
    assertTrue(Math.abs(otherWithValence) < 0.3, all);

    // level: the extracted absolute power is the cheap feature's ln uV^2 scale (mean difference
    // within 0.5 ln units, i.e. a factor 1.65: Welch leakage and the 2 s window average)
    double diff = 0;
    for (int t = 0; t < steps; t++) {
      diff += (extractedMod[t] - cheapMod[t]) / nm;
    }
    diff /= steps;
    assertTrue(Math.abs(diff) < 0.5, "mean ln-power difference " + diff);
  }

  /** Centred moving average over {@code 2 h + 1} steps (shorter at the ends). */
  private static double[] movingAverage(double[] x, int h) {
    double[] out = new double[x.length];
    for (int t = 0; t < x.length; t++) {
      int lo = Math.max(0, t - h);
      int hi = Math.min(x.length - 1, t + h);
      for (int s = lo; s <= hi; s++) {
        out[t] += x[s];
      }
      out[t] /= hi - lo + 1;
    }
    return out;
  }

  private static double pearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
