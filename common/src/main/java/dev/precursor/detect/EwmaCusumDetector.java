package dev.precursor.detect;

/**
 * Gradual drift and level shifts: a fast EWMA (span 5) against a slow, outlier-clipped EWMA
 * baseline (span 120), with the gap normalised by its own running spread (so autocorrelated series
 * do not alarm all the time), plus a two-sided CUSUM of the clipped standardised residuals. When
 * the CUSUM reaches its full-score level the baseline is moved to the new level, so a level shift
 * gives one clear peak instead of a long plateau.
 *
 * <p>State: a dozen scalars (about 130 bytes).
 */
public final class EwmaCusumDetector implements Detector {
  private static final double FAST = 2.0 / (5 + 1);
  private static final double SLOW = 2.0 / (120 + 1);
  private static final double VAR = 0.01;
  private static final int MIN_POINTS = 40;
  private static final double K = 0.5;

  private final double z0;
  private final double h0;
  private final double h1;
  private long n;
  private double fast;
  private double slow;
  private double varGap;
  private double varResid;
  private double sPos;
  private double sNeg;
  private long runStartPos = Long.MIN_VALUE;
  private long runStartNeg = Long.MIN_VALUE;
  private double deviation;
  private final TailCalibrator tail = new TailCalibrator(1.5, 150, 2000);
  private final TailCalibrator cusumTail = new TailCalibrator(2, 200, 2000);

  /** A detector with the given profile's thresholds. */
  public EwmaCusumDetector(DetectorProfile profile) {
    this.z0 = 3.5 + profile.zShift();
    this.h0 = 8 + 2 * profile.zShift();
    this.h1 = 25 + 5 * profile.zShift();
  }

  @Override
  public double update(long epochMillis, double value) {
    double x = Scores.bounded(value);
    n++;
    if (n == 1) {
      fast = x;
      slow = x;
      return 0;
    }
    double r = x - slow;
    double sdResid = Math.sqrt(varResid);
    fast += FAST * (x - fast);
    double gap = fast - slow;
    double sdGap = Math.sqrt(varGap);
    double score = 0;
    if (n > MIN_POINTS) {
      double floor = 1e-9 * Math.max(1.0, Math.abs(slow));
      double zGap = gap / Math.max(sdGap, floor);
      double zr = Scores.clamp(r / Math.max(sdResid, floor), -4, 4);
      if (sPos == 0 && zr - K > 0) {
        runStartPos = epochMillis;
      }
      if (sNeg == 0 && -zr - K > 0) {
        runStartNeg = epochMillis;
      }
      sPos = Math.max(0, sPos + zr - K);
      sNeg = Math.max(0, sNeg - zr - K);
      deviation = Math.abs(zGap) >= Math.abs(zr) ? zGap : zr;
      double cusum = Math.max(sPos, sNeg);
      double ewma = Scores.fromZ(Math.abs(zGap), z0, 3.0);
      if (ewma > 0) {
        ewma *= tail.rarity(Math.abs(zGap));
      }
      tail.add(Math.abs(zGap));
      double cus = Scores.ramp(cusum, h0, h1);
      if (cus > 0) {
        cus *= cusumTail.rarity(cusum);
      }
      cusumTail.add(cusum);
      score = Math.max(ewma, cus);
      // variance updates clipped so an anomaly does not widen its own baseline quickly
      varGap += VAR * (Math.min(gap * gap, 16 * varGap) - varGap);
      varResid += VAR * (Math.min(r * r, 16 * varResid) - varResid);
      slow += SLOW * Scores.clamp(r, -3 * sdResid, 3 * sdResid);
      if (cusum >= h1) {
        // level shift confirmed: adopt the new level and start over
        slow = fast;
        sPos = 0;
        sNeg = 0;
      }
    } else {
      varGap += (gap * gap - varGap) / n;
      varResid += (r * r - varResid) / n;
      slow += Math.max(1.0 / n, SLOW) * r;
    }
    return score;
  }

  /**
   * Event time at which the currently accumulating CUSUM run started (the likely onset of a shift),
   * or {@link Long#MIN_VALUE} when none is accumulating.
   */
  public long runStart() {
    if (sPos == 0 && sNeg == 0) {
      return Long.MIN_VALUE;
    }
    return sPos >= sNeg ? runStartPos : runStartNeg;
  }

  @Override
  public boolean isWarm() {
    return n > MIN_POINTS;
  }

  @Override
  public double deviation() {
    return deviation;
  }

  @Override
  public String name() {
    return "drift";
  }

  @Override
  public int stateBytes() {
    return 16 + 8 * 14 + tail.stateBytes() + cusumTail.stateBytes();
  }
}
