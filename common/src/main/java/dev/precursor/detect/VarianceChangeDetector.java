package dev.precursor.detect;

/**
 * Changes in variability: the short-term (span ~20) against the long-term (span ~200) mean square
 * of successive differences. Differences make the statistic insensitive to level shifts and slow
 * drifts (handled elsewhere); squared differences are clipped so a single spike does not count as a
 * variance change. Scores both a burst of volatility and a flat-lining series (e.g. a stuck
 * sensor).
 *
 * <p>State: a handful of scalars (about 80 bytes).
 */
public final class VarianceChangeDetector implements Detector {
  private static final double SHORT = 0.1;
  private static final double LONG = 0.005;
  private static final int MIN_POINTS = 60;

  private final double upLo;
  private final double upHi;
  private final double downLo;
  private final double downHi;
  private long n;
  private double prev;
  private double vShort;
  private double vLong;
  private double deviation;

  /** A detector with the given profile's thresholds. */
  public VarianceChangeDetector(DetectorProfile profile) {
    double shift = 0.25 * profile.zShift();
    this.upLo = Math.log(4) + shift;
    this.upHi = Math.log(14) + shift;
    this.downLo = Math.log(60) + shift;
    this.downHi = Math.log(1000) + shift;
  }

  @Override
  public double update(long epochMillis, double value) {
    double x = Scores.bounded(value);
    n++;
    if (n == 1) {
      prev = x;
      return 0;
    }
    double d = x - prev;
    prev = x;
    double d2 = d * d;
    if (n <= MIN_POINTS) {
      vLong += (d2 - vLong) / (n - 1);
      vShort = vLong;
      return 0;
    }
    double floor = 1e-18 * Math.max(1.0, x * x);
    vShort += SHORT * (Math.min(d2, 25 * vLong + floor) - vShort);
    vLong += LONG * (Math.min(d2, 9 * vLong + floor) - vLong);
    if (vLong <= floor) {
      deviation = 0;
      return 0; // constant so far: nothing to compare against
    }
    double lr = Math.log((vShort + floor) / vLong);
    deviation = lr;
    return Math.max(Scores.ramp(lr, upLo, upHi), 0.7 * Scores.ramp(-lr, downLo, downHi));
  }

  @Override
  public boolean isWarm() {
    return n > MIN_POINTS;
  }

  /** Log ratio of short-term to long-term variance (positive = more volatile than usual). */
  @Override
  public double deviation() {
    return deviation;
  }

  @Override
  public String name() {
    return "variance";
  }

  @Override
  public int stateBytes() {
    return 16 + 8 * 9;
  }
}
