package dev.precursor.detect;

/**
 * The default detector stack of one series, combined into one score in [0,1].
 *
 * <p>Each point first goes to the {@link SeasonalProfileDetector}; its learned daily/weekly
 * component is subtracted and the deseasonalised value goes to the {@link RobustBaselineDetector}
 * (spikes, dips), the {@link EwmaCusumDetector} (drift, level shifts) and the {@link
 * VarianceChangeDetector}; the raw value goes to the {@link TrendForecaster} (limits are in raw
 * units). The scores are combined by a weighted noisy-OR, {@code 1 - prod(1 - w_i s_i)}: one
 * confident detector is enough for a high score, and several moderately surprised detectors
 * reinforce each other (consensus). Weights: robust 1.0, drift 0.9, variance 0.7, seasonal 0.6,
 * trend 0.8. The result is stretched monotonically, {@code 1 - (1 - s)^1.7}, so that the best
 * trade-off on the labeled evaluation set (docs/detection.md) sits near 0.5, the balanced alarm
 * score. The combined score is 0 until the profile's warm-up is over and the robust and drift
 * detectors are warm.
 */
public final class CompositeDetector implements Detector {
  private static final double W_ROBUST = 1.0;
  private static final double W_DRIFT = 0.9;
  private static final double W_VARIANCE = 0.7;
  private static final double W_SEASONAL = 0.6;
  private static final double W_TREND = 0.8;
  private static final double GAMMA = 1.7;

  private final RobustBaselineDetector robust;
  private final EwmaCusumDetector drift;
  private final VarianceChangeDetector variance;
  private final SeasonalProfileDetector seasonal;
  private final TrendForecaster trend;
  private final int warmup;
  private long n;
  private double deviation;
  private double adjustment;
  private int dominant = -1;
  private final double[] last = new double[5];

  /** The stack with the given profile's thresholds. */
  public CompositeDetector(DetectorProfile profile) {
    robust = new RobustBaselineDetector(profile);
    drift = new EwmaCusumDetector(profile);
    variance = new VarianceChangeDetector(profile);
    seasonal = new SeasonalProfileDetector(profile);
    trend = new TrendForecaster();
    warmup = profile.warmupPoints();
  }

  @Override
  public double update(long t, double x) {
    n++;
    double sSeasonal = seasonal.update(t, x);
    adjustment = seasonal.adjustment(t);
    double y = x - adjustment;
    double sRobust = robust.update(t, y);
    double sDrift = drift.update(t, y);
    double sVariance = variance.update(t, y);
    double sTrend = trend.update(t, x);
    last[0] = sRobust;
    last[1] = sDrift;
    last[2] = sVariance;
    last[3] = sSeasonal;
    last[4] = sTrend;
    if (!isWarm()) {
      deviation = 0;
      dominant = -1;
      return 0;
    }
    double a = W_ROBUST * sRobust;
    double b = W_DRIFT * sDrift;
    double c = W_VARIANCE * sVariance;
    double d = W_SEASONAL * sSeasonal;
    double e = W_TREND * sTrend;
    double score = 1 - (1 - a) * (1 - b) * (1 - c) * (1 - d) * (1 - e);
    dominant = 0;
    double best = a;
    if (b > best) {
      best = b;
      dominant = 1;
    }
    if (d > best) {
      best = d;
      dominant = 3;
    }
    if (e > best) {
      dominant = 4;
    }
    // direction: from the detector that explains the score, the robust one when in doubt
    deviation =
        switch (dominant) {
          case 1 -> drift.deviation();
          case 3 -> seasonal.deviation();
          case 4 -> trend.slopePerHour();
          default -> robust.deviation() != 0 ? robust.deviation() : drift.deviation();
        };
    // calibration: a monotone stretch so that the evaluation's best trade-off sits near 0.5
    return Scores.clamp(1 - Math.pow(1 - score, GAMMA), 0, 1);
  }

  @Override
  public boolean isWarm() {
    return n > warmup && robust.isWarm() && drift.isWarm();
  }

  /** Signed deviation (z-units) of the last point from the detector that explains the score. */
  @Override
  public double deviation() {
    return deviation;
  }

  /** The expected value of the last point in raw units (robust median plus seasonal component). */
  public double baseline() {
    return robust.baseline() + adjustment;
  }

  /** The robust scale of the deseasonalised series (raw units), NaN until warm. */
  public double scale() {
    return robust.scale();
  }

  /** Likely onset of a shift or drift in progress (event time), or {@link Long#MIN_VALUE}. */
  public long driftOnset() {
    return drift.runStart();
  }

  /** Names of the component detectors, in the order of {@link #componentScore}. */
  public static final java.util.List<String> COMPONENTS =
      java.util.List.of("robust", "drift", "variance", "seasonal", "trend");

  /** The last score of component {@code i} (see {@link #COMPONENTS}), before weighting. */
  public double componentScore(int i) {
    return last[i];
  }

  /** The trend-to-limit forecaster of this series. */
  public TrendForecaster trend() {
    return trend;
  }

  @Override
  public String name() {
    return "composite";
  }

  @Override
  public int stateBytes() {
    return 16
        + 8 * 6
        + Scores.arrayBytes(5, 8)
        + robust.stateBytes()
        + drift.stateBytes()
        + variance.stateBytes()
        + seasonal.stateBytes()
        + trend.stateBytes();
  }
}
