package dev.precursor.detect;

import java.util.Random;

class EwmaCusumDetectorTest extends DetectorContract {
  @Override
  protected Detector create() {
    return new EwmaCusumDetector(DetectorProfile.BALANCED);
  }

  @Override
  protected double[] anomalous(int normalPoints, Random rnd) {
    double[] x = noise(normalPoints + 200, rnd, 100, 5);
    for (int i = normalPoints; i < x.length; i++) {
      x[i] += 15; // a level shift of 3 sigma
    }
    return x;
  }
}
