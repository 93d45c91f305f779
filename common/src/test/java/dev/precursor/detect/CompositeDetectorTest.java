package dev.precursor.detect;

import java.util.Random;

class CompositeDetectorTest extends DetectorContract {
  @Override
  protected Detector create() {
    return Detector.composite(DetectorProfile.BALANCED);
  }

  @Override
  protected double[] anomalous(int normalPoints, Random rnd) {
    double[] x = noise(normalPoints + 100, rnd, 100, 5);
    for (int i = normalPoints; i < x.length; i++) {
      x[i] += 40;
    }
    return x;
  }

  @Override
  protected int maxDelay() {
    return 3;
  }
}
