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
 * <p>A weekend hour without data yet uses the weekday profile. State: eight arrays of 24 floats or
 * shorts plus accumulators (about 1 KiB).
 */
public final class SeasonalProfileDetector implements Detector {
  private static final int BINS = 24;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private final float[][] profile = new float[2][BINS];
  private final float[][] spread = new float[2][BINS];
  private final short[][] days = new short[2][BINS];
  private final short[][] spreadDays = new short[2][BINS];
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
  private double residAbs;
  private boolean aligned;
  private long commits;

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
    double expectedSeasonal = weight == 0 ? 0 : seasonal(t);
    if (n == 1) {
      level = x;
    }
    if (weight > 0 && !aligned) {
      level = x - expectedSeasonal; // the profile just came into use: re-anchor the level
      aligned = true;
    }
    double resid = x - expectedSeasonal - level;
    double sp = spreadAt(k, h);
    if (isWarm() && sp >= 0) {
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
    level += 0.02 * (isWarm() && sp >= 0 ? Scores.clamp(resid, -lim, lim) : resid);
    hourSum += x;
    hourAbs += Math.abs(resid);
    hourCount++;
    return score;
  }

  /** The usual |residual| of an hour, or -1 while it was not measured with the profile in use. */
  private double spreadAt(int k, int h) {
    if (spreadDays[k][h] > 0) {
      return spread[k][h];
    }
    return spreadDays[1 - k][h] > 0 ? spread[1 - k][h] : -1;
  }

  private void commitHour() {
    if (hourCount == 0) {
      return;
    }
    int k = kind(curHour);
    int h = (int) Math.floorMod(curHour, (long) BINS);
    double mean = hourSum / hourCount;
    double abs = hourAbs / hourCount;
    commits++;
    residAbs += Math.max(1.0 / commits, 0.05) * (abs - residAbs);
    if (days[k][h] == 0) {
      profile[k][h] = (float) mean;
    } else {

      double b = Math.max(1.0 / (days[k][h] + 1), 0.3);
      profile[k][h] += (float) (b * (mean - profile[k][h]));
    }
    if (weight > 0) {
      // the spread is only meaningful once residuals are taken against the profile
      if (spreadDays[k][h] == 0) {
        spread[k][h] = (float) abs;
      } else {
        double b = Math.max(1.0 / (spreadDays[k][h] + 1), 0.3);
        spread[k][h] += (float) (b * (abs - spread[k][h]));
      }
      if (spreadDays[k][h] < Short.MAX_VALUE) {
        spreadDays[k][h]++;
      }
    }
    if (days[k][h] < Short.MAX_VALUE) {
      days[k][h]++;
    }
    hourSum = 0;
    hourAbs = 0;
    hourCount = 0;
    updateWeights();
  }

  private void updateWeights() {
    int minDays = Integer.MAX_VALUE;
    for (short d : days[0]) {
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
    for (int i = 0; i < BINS; i++) {
      double dd = profile[0][i] - mean;
      between += dd * dd;
    }
    between /= BINS;
    double w = 1.2533 * residAbs;
    double strength = between / (between + w * w + 1e-300);
    weight = Scores.ramp(strength, 0.2, 0.5) * Math.min(1.0, minDays / 1.5);
  }

  private double profileAt(int k, int h) {
    return days[k][h] > 0 ? profile[k][h] : profile[0][h];
  }

  /** The seasonal component expected at {@code t}, relative to the weekday mean, unweighted. */
  private double seasonal(long t) {
    int k = kind(Math.floorDiv(t, HOUR));
    double hourOfDay = (double) Math.floorMod(t, DAY) / HOUR - 0.5;
    int i0 = (int) Math.floor(hourOfDay);
    double frac = hourOfDay - i0;
    int a = Math.floorMod(i0, BINS);
    int b = (a + 1) % BINS;
    return profileAt(k, a) * (1 - frac) + profileAt(k, b) * frac - meanCache;
  }

  /**
   * The weighted seasonal component expected at {@code t} (0 until a full day was seen or when the
   * series shows no daily pattern); subtracting it deseasonalises the series.
   */
  public double adjustment(long t) {
    return weight == 0 ? 0 : weight * seasonal(t);
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
        + 8 * 13
        + (16 + 2 * Scores.arrayBytes(BINS, 4)) * 2
        + (16 + 2 * Scores.arrayBytes(BINS, 2)) * 2
        + tail.stateBytes();
  }
}
