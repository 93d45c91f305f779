package dev.precursor.detect;

import java.util.Random;

class RobustBaselineDetectorTest extends DetectorContract {
  @Override
  protected Detector create() {
    return new RobustBaselineDetector(DetectorProfile.BALANCED);
  }

  @Override
  protected double[] anomalous(int normalPoints, Random rnd) {
    double[] x = noise(normalPoints + 50, rnd, 100, 5);
    x[normalPoints] += 80; // a spike of 16 sigma
    return x;
  }

  @Override
  protected int maxDelay() {
    return 1;
  }
}
