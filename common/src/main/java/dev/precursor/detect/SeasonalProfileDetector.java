package dev.precursor.detect;

/**
 * Seasonality learned online: hour-of-day profiles (24 bins, each an average over days of that
 * hour's mean), one for weekdays and one for weekends (Saturday, Sunday; UTC), so both the daily
 * cycle and the day-of-week difference of business traffic are learned. It has two jobs:
 *
 * <ul>
 *   <li>{@link #adjustment} gives the seasonal component expected at a time (interpolated between
 *       hour bins, relative to the weekday profile's mean), weighted by how much of the series'
 *       variance the profile explains and how many days it has seen; the composite subtracts it
 *       before the other detectors, so a normal morning ramp is not an anomaly;
 *   <li>{@link #update} scores a point against the profile's expectation for that hour plus the
 *       recent level, relative to the usual spread of that hour, once the profile is in use.
 * </ul>
 *
 * <p>A weekend hour without data yet uses the weekday profile. State: six arrays of 24 entries plus
 * accumulators (about 900 bytes).
 */
public final class SeasonalProfileDetector implements Detector {
  private static final int BINS = 24;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private final float[][] profile = new float[2][BINS];
  private final float[][] spread = new float[2][BINS];
  private final int[][] days = new int[2][BINS];
  private final double z0;
  private final TailCalibrator tail = new TailCalibrator(2, 200, 2000);

  private long curHour = Long.MIN_VALUE;
  private double hourSum;
  private double hourAbs;
  private int hourCount;
  private double level;
  private long n;
  private double weight;
  private double deviation;
  private double meanCache;

  /** A detector with the given profile's thresholds. */
  public SeasonalProfileDetector(DetectorProfile profile) {
    this.z0 = 4.0 + profile.zShift();
  }

  private static int kind(long hourIndex) {
    long day = Math.floorDiv(hourIndex, 24L);
    int dow = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday; 0 = Monday
    return dow >= 5 ? 1 : 0;
  }

  @Override
  public double update(long t, double value) {
    double x = Scores.bounded(value);
    n++;
    long hour = Math.floorDiv(t, HOUR);
    if (hour != curHour) {
      commitHour();
      curHour = hour;
    }
    double score = 0;
    int k = kind(hour);
    int h = (int) Math.floorMod(hour, (long) BINS);
    double expectedSeasonal = seasonal(t);
    if (n == 1) {
      level = x;
    }
    double resid = x - expectedSeasonal - level;
    double sp = spreadAt(k, h);
    if (isWarm()) {
      double s = Math.max(sp, 1e-9 * Math.max(1.0, Math.abs(level)));
      double z = resid / (1.2533 * s);
      deviation = z;
      score = weight * Scores.fromZ(Math.abs(z), z0, 4.0);
      if (score > 0) {
        score *= tail.rarity(Math.abs(z));
      }
      tail.add(Math.abs(z));
    } else {
      deviation = 0;
    }
    // the level follows the deseasonalised series over a few hours (clipped against outliers)
    double lim = 4 * Math.max(sp, 1e-12);
    level += 0.02 * (isWarm() ? Scores.clamp(resid, -lim, lim) : resid);
    hourSum += x;
    hourAbs += Math.abs(resid);
    hourCount++;
    return score;
  }

  private double spreadAt(int k, int h) {
    return days[k][h] > 0 ? spread[k][h] : spread[0][h];
  }

  private void commitHour() {
    if (hourCount == 0) {
      return;
    }
    int k = kind(curHour);
    int h = (int) Math.floorMod(curHour, (long) BINS);
    double mean = hourSum / hourCount;
    double abs = hourAbs / hourCount;
    if (days[k][h] == 0) {
      profile[k][h] = (float) mean;
      spread[k][h] = (float) abs;
    } else {
      double b = Math.max(1.0 / (days[k][h] + 1), 0.3);
      profile[k][h] += (float) (b * (mean - profile[k][h]));
      spread[k][h] += (float) (b * (abs - spread[k][h]));
    }
    if (days[k][h] < 1_000_000) {
      days[k][h]++;
    }
    hourSum = 0;
    hourAbs = 0;
    hourCount = 0;
    updateWeights();
  }

  private void updateWeights() {
    int minDays = Integer.MAX_VALUE;
    for (int d : days[0]) {
      minDays = Math.min(minDays, d);
    }
    if (minDays < 1) {
      weight = 0;
      return;
    }
    double mean = 0;
    for (float p : profile[0]) {
      mean += p;
    }
    mean /= BINS;
    meanCache = mean;
    double between = 0;
    double within = 0;
    for (int i = 0; i < BINS; i++) {
      double dd = profile[0][i] - mean;
      between += dd * dd;
      double w = 1.2533 * spread[0][i];
      within += w * w;
    }
    between /= BINS;
    within /= BINS;
    double strength = between / (between + within + 1e-300);
    weight = Scores.ramp(strength, 0.2, 0.5) * Math.min(1.0, minDays / 1.5);
  }

  private double profileAt(int k, int h) {
    return days[k][h] > 0 ? profile[k][h] : profile[0][h];
  }

  /** The weighted seasonal component expected at {@code t}, relative to the weekday mean. */
  private double seasonal(long t) {
    if (weight == 0) {
      return 0;
    }
    int k = kind(Math.floorDiv(t, HOUR));
    double hourOfDay = (double) Math.floorMod(t, DAY) / HOUR - 0.5;
    int i0 = (int) Math.floor(hourOfDay);
    double frac = hourOfDay - i0;
    int a = Math.floorMod(i0, BINS);
    int b = (a + 1) % BINS;
    return (profileAt(k, a) * (1 - frac) + profileAt(k, b) * frac - meanCache) * weight;
  }

  /**
   * The weighted seasonal component expected at {@code t} (0 until a full day was seen or when the
   * series shows no daily pattern); subtracting it deseasonalises the series.
   */
  public double adjustment(long t) {
    return seasonal(t);
  }

  /** How strongly the seasonal adjustment is applied, in [0,1]. */
  public double weight() {
    return weight;
  }

  @Override
  public boolean isWarm() {
    return weight > 0;
  }

  @Override
  public double deviation() {
    return deviation;
  }

  @Override
  public String name() {
    return "seasonal";
  }

  @Override
  public int stateBytes() {
    return 16
        + 8 * 12
        + (16 + 2 * Scores.arrayBytes(BINS, 4)) * 3
        + tail.stateBytes();
  }
}
