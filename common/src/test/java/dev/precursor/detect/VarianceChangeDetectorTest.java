package dev.precursor.detect;

import java.util.Random;

class VarianceChangeDetectorTest extends DetectorContract {
  @Override
  protected Detector create() {
    return new VarianceChangeDetector(DetectorProfile.BALANCED);
  }

  @Override
  protected double[] anomalous(int normalPoints, Random rnd) {
    double[] x = noise(normalPoints + 200, rnd, 100, 2);
    for (int i = normalPoints; i < x.length; i++) {
      x[i] = 100 + 12 * rnd.nextGaussian(); // six times the spread
    }
    return x;
  }
}
