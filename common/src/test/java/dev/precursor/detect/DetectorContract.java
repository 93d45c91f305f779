package dev.precursor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Detector} must meet; each implementation's test extends this class and
 * supplies a fresh detector and the kind of anomaly it is meant to catch.
 */
public abstract class DetectorContract {
  protected static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  protected static final long STEP = 60_000L;

  /** A fresh detector in its initial state. */
  protected abstract Detector create();

  /**
   * A series that is normal for its first {@code normalPoints} points and carries the anomaly this
   * detector targets from then on.
   */
  protected abstract double[] anomalous(int normalPoints, Random rnd);

  /** Points after the onset within which the detector must score at least 0.5. */
  protected int maxDelay() {
    return 30;
  }

  /** Points needed before the anomaly can be seen (longer for seasonal learning). */
  protected int normalPoints() {
    return 600;
  }

  protected static double[] noise(int n, Random rnd, double level, double sd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = level + sd * rnd.nextGaussian();
    }
    return x;
  }

  private static double[] run(Detector d, double[] x) {
    double[] s = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      s[i] = d.update(T0 + i * STEP, x[i]);
    }
    return s;
  }

  @Test
  void scoresStayInUnitIntervalAndAreNeverNaN() {
    Random rnd = new Random(1);
    double[] x = anomalous(normalPoints(), rnd);
    for (double s : run(create(), x)) {
      assertThat(s).isBetween(0.0, 1.0);
    }
  }

  @Test
  void scoresZeroBeforeWarm() {
    Detector d = create();
    Random rnd = new Random(2);
    for (int i = 0; i < 5000 && !d.isWarm(); i++) {
      assertThat(d.update(T0 + i * STEP, 100 + 50 * rnd.nextGaussian())).isZero();
    }
  }

  @Test
  void staysQuietOnCleanNoise() {
    Random rnd = new Random(3);
    double[] s = run(create(), noise(3000, rnd, 100, 5));
    long alarms = java.util.Arrays.stream(s).filter(v -> v >= 0.5).count();
    assertThat(alarms).isLessThanOrEqualTo(3);
  }

  @Test
  void constantSeriesScoresZero() {
    double[] s = run(create(), noise(1000, new Random(4), 42.0, 0));
    assertThat(s).containsOnly(0.0);
  }

  @Test
  void flagsItsAnomalyWithinDelay() {
    Random rnd = new Random(5);
    int normal = normalPoints();
    double[] s = run(create(), anomalous(normal, rnd));
    double best = 0;
    for (int i = normal; i < Math.min(s.length, normal + maxDelay()); i++) {
      best = Math.max(best, s[i]);
    }
    assertThat(best).as("max score within %d points of the onset", maxDelay()).isGreaterThan(0.5);
  }

  @Test
  void isDeterministic() {
    double[] x = anomalous(normalPoints(), new Random(6));
    assertThat(run(create(), x)).containsExactly(run(create(), x));
  }

  @Test
  void survivesHugeValuesRepeatedAndBackwardTimestamps() {
    Detector d = create();
    Random rnd = new Random(7);
    long t = T0;
    for (int i = 0; i < 2000; i++) {
      double x =
          switch (i % 97) {
            case 5 -> 1e300;
            case 6 -> -1e300;
            case 7 -> 0.0;
            default -> 1e6 + rnd.nextGaussian();
          };
      t += (i % 50 == 0) ? -3_600_000L : (i % 7 == 0 ? 0 : STEP);
      double s = d.update(t, x);
      assertThat(s).isBetween(0.0, 1.0);
    }
    assertThat(Double.isNaN(d.deviation())).isFalse();
  }

  @Test
  void stateIsSmall() {
    assertThat(create().stateBytes()).isBetween(16, 4096);
  }
}
