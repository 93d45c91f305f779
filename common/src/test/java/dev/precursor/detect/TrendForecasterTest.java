package dev.precursor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendForecasterTest extends DetectorContract {
  @Override
  protected Detector create() {
    TrendForecaster f = new TrendForecaster();
    f.setLimit(100);
    return f;
  }

  @Override
  protected double[] anomalous(int normalPoints, Random rnd) {
    double[] x = noise(normalPoints + 400, rnd, 50, 1);
    for (int i = normalPoints; i < x.length; i++) {
      x[i] += 0.2 * (i - normalPoints); // +12 per hour towards the limit of 100
    }
    return x;
  }

  @Override
  protected int maxDelay() {
    return 200;
  }

  @Test
  void predictsCrossingOfALinearRampWithBand() {
    TrendForecaster f = new TrendForecaster();
    f.setLimit(100);
    Random rnd = new Random(11);
    for (int i = 0; i < 240; i++) {
      f.update(T0 + i * STEP, 20 + 10.0 * i / 60 + 0.5 * rnd.nextGaussian()); // 10 per hour
    }
    // at i=239 the level is ~60: 4 hours to go
    assertThat(f.slopePerHour()).isCloseTo(10, org.assertj.core.data.Offset.offset(0.5));
    double eta = f.hoursToLimit(f.slopePerHour());
    assertThat(eta).isBetween(3.7, 4.3);
    double early = f.hoursToLimit(f.slopePerHour() + 2 * f.slopeStdError());
    double late = f.hoursToLimit(f.slopePerHour() - 2 * f.slopeStdError());
    assertThat(early).isLessThan(eta);
    assertThat(late).isGreaterThan(eta);
  }

  @Test
  void noLimitMeansNoScore() {
    TrendForecaster f = new TrendForecaster();
    double max = 0;
    for (int i = 0; i < 500; i++) {
      max = Math.max(max, f.update(T0 + i * STEP, i));
    }
    assertThat(max).isZero();
  }
}
