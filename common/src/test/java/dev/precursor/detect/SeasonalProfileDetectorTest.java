package dev.precursor.detect;

import java.util.Random;

class SeasonalProfileDetectorTest extends DetectorContract {
  @Override
  protected Detector create() {
    return new SeasonalProfileDetector(DetectorProfile.BALANCED);
  }

  @Override
  protected int normalPoints() {
    return 4 * 1440; // four days at one point per minute
  }

  @Override
  protected double[] anomalous(int normalPoints, Random rnd) {
    int n = normalPoints + 600;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double hour = (i % 1440) / 60.0;
      x[i] = 100 + 40 * Math.sin(2 * Math.PI * hour / 24) + 2 * rnd.nextGaussian();
    }
    for (int i = normalPoints; i < n; i++) {
      x[i] -= 40 * Math.sin(2 * Math.PI * ((i % 1440) / 60.0) / 24) + 40; // the daily peak is gone
    }
    return x;
  }
}
