package dev.precursor.detect;

/**
 * Seasonality learned online: a 24-bin hour-of-day profile (each bin an average over days of that
 * hour's mean) and a 7-bin day-of-week offset (each an average over weeks of that day's mean minus
 * the profile). It has two jobs:
 *
 * <ul>
 *   <li>{@link #adjustment} gives the seasonal component expected at a time (interpolated between
 *       hour bins), weighted by how much of the series' variance the profile explains and how many
 *       days it has seen; the composite subtracts it before the other detectors, so a normal
 *       morning ramp is not an anomaly;
 *   <li>{@link #update} scores a point against the profile's expectation for that hour, relative to
 *       the usual spread of that hour, once at least two days were seen.
 * </ul>
 *
 * <p>State: five arrays of 24 or 7 entries plus accumulators (about 800 bytes). Hours are UTC.
 */
public final class SeasonalProfileDetector implements Detector {
  private static final int BINS = 24;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private final double[] profile = new double[BINS];
  private final double[] spread = new double[BINS];
  private final int[] days = new int[BINS];
  private final double[] dow = new double[7];
  private final int[] dowWeeks = new int[7];
  private final double z0;

  private long curHour = Long.MIN_VALUE;
  private double hourSum;
  private double hourAbs;
  private int hourCount;
  private long curDay = Long.MIN_VALUE;
  private double daySum;
  private int dayCount;
  private double level;
  private long n;
  private double weight;
  private double dowWeight;
  private double deviation;
  private double meanCache;
  private double dowMeanCache;

  /** A detector with the given profile's thresholds. */
  public SeasonalProfileDetector(DetectorProfile profile) {
    this.z0 = 4.5 + profile.zShift();
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
    long day = Math.floorDiv(t, DAY);
    if (day != curDay) {
      commitDay();
      curDay = day;
    }
    double score = 0;
    int h = (int) Math.floorMod(hour, (long) BINS);
    double expectedSeasonal = seasonal(t);
    if (n == 1) {
      level = x;
    }
    double resid = x - expectedSeasonal - level;
    if (isWarm() && weight > 0) {
      double s = Math.max(spread[h], 1e-9 * Math.max(1.0, Math.abs(level)));
      double z = resid / (1.2533 * s);
      deviation = z;
      score = weight * Scores.fromZ(Math.abs(z), z0, 4.0);
    } else {
      deviation = 0;
    }
    // the level follows the deseasonalised series over a few hours (clipped against outliers)
    double lim = 4 * Math.max(spread[h], 1e-12);
    level += 0.02 * (isWarm() ? Scores.clamp(resid, -lim, lim) : resid);
    hourSum += x;
    hourAbs += Math.abs(resid);
    hourCount++;
    daySum += x;
    dayCount++;
    return score;
  }

  private void commitHour() {
    if (hourCount == 0) {
      return;
    }
    int h = (int) Math.floorMod(curHour, (long) BINS);
    double mean = hourSum / hourCount;
    double abs = hourAbs / hourCount;
    if (days[h] == 0) {
      profile[h] = mean;
      spread[h] = abs;
    } else {
      double b = Math.max(1.0 / (days[h] + 1), 0.3);
      profile[h] += b * (mean - profile[h]);
      spread[h] += b * (abs - spread[h]);
    }
    if (days[h] < 1_000_000) {
      days[h]++;
    }
    hourSum = 0;
    hourAbs = 0;
    hourCount = 0;
    updateWeights();
  }

  private void commitDay() {
    if (dayCount == 0) {
      return;
    }
    int d = (int) Math.floorMod(curDay + 4, 7L); // 1970-01-01 was a Thursday; 0 = Monday
    double offset = daySum / dayCount - profileMean();
    if (dowWeeks[d] == 0) {
      dow[d] = offset;
    } else {
      dow[d] += Math.max(1.0 / (dowWeeks[d] + 1), 0.3) * (offset - dow[d]);
    }
    if (dowWeeks[d] < 1_000_000) {
      dowWeeks[d]++;
    }
    daySum = 0;
    dayCount = 0;
  }

  private double profileMean() {
    double s = 0;
    for (double p : profile) {
      s += p;
    }
    return s / BINS;
  }

  private void updateWeights() {
    int minDays = Integer.MAX_VALUE;
    for (int d : days) {
      minDays = Math.min(minDays, d);
    }
    if (minDays < 1) {
      weight = 0;
      dowWeight = 0;
      return;
    }
    double mean = profileMean();
    meanCache = mean;
    double between = 0;
    double within = 0;
    for (int i = 0; i < BINS; i++) {
      double dd = profile[i] - mean;
      between += dd * dd;
      double w = 1.2533 * spread[i];
      within += w * w;
    }
    between /= BINS;
    within /= BINS;
    double strength = between / (between + within + 1e-300);
    weight = Scores.ramp(strength, 0.3, 0.7) * Math.min(1.0, minDays / 2.0);
    int minWeeks = Integer.MAX_VALUE;
    double dowMean = 0;
    for (int i = 0; i < 7; i++) {
      minWeeks = Math.min(minWeeks, dowWeeks[i]);
      dowMean += dow[i];
    }
    dowMean /= 7;
    dowMeanCache = dowMean;
    if (minWeeks < 1) {
      dowWeight = 0;
      return;
    }
    double dowVar = 0;
    for (double v : dow) {
      dowVar += (v - dowMean) * (v - dowMean);
    }
    dowVar /= 7;
    dowWeight = weight * Scores.ramp(dowVar / (dowVar + within + 1e-300), 0.2, 0.6);
  }

  /** The seasonal component expected at {@code t}, relative to the profile's mean, unweighted. */
  private double seasonal(long t) {
    if (weight == 0) {
      return 0;
    }
    double hourOfDay = (double) Math.floorMod(t, DAY) / HOUR - 0.5;
    int i0 = (int) Math.floor(hourOfDay);
    double frac = hourOfDay - i0;
    int a = Math.floorMod(i0, BINS);
    int b = (a + 1) % BINS;
    double v = (profile[a] * (1 - frac) + profile[b] * frac - meanCache) * weight;
    if (dowWeight > 0) {
      int d = (int) Math.floorMod(Math.floorDiv(t, DAY) + 4, 7L);
      v += (dow[d] - dowMeanCache) * dowWeight;
    }
    return v;
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
        + 8 * 18
        + Scores.arrayBytes(BINS, 8) * 2
        + Scores.arrayBytes(BINS, 4)
        + Scores.arrayBytes(7, 8)
        + Scores.arrayBytes(7, 4);
  }
}
