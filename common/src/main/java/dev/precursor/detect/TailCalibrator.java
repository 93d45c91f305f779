package dev.precursor.detect;

/**
 * How rare a statistic's value is in this series' own recent history: a log-spaced histogram of the
 * statistic with exponential forgetting (half-life {@code halfLife} points). Detectors use it to
 * discount deviations that this particular series produces routinely (heavy-tailed noise, low-count
 * series, autocorrelated wander), so the combined score means "unusual for this series" and one
 * threshold works across very different series.
 *
 * <p>State: {@value #BINS} floats plus a few scalars (about 150 bytes). No allocation after
 * construction; forgetting is applied lazily by growing the increment.
 */
final class TailCalibrator {
  static final int BINS = 16;
  private final float[] counts = new float[BINS];
  private final double logLo;
  private final double binsPerLog;
  private final double growth;
  private double inc = 1;
  private double total;

  /** Values from {@code lo} to {@code hi} are binned (below lo: counted, never rare). */
  TailCalibrator(double lo, double hi, double halfLife) {
    this.logLo = Math.log(lo);
    this.binsPerLog = BINS / (Math.log(hi) - logLo);
    this.growth = 1 / Math.pow(0.5, 1 / halfLife);
  }

  private int bin(double v) {
    if (!(v > 0)) {
      return -1;
    }
    double b = (Math.log(v) - logLo) * binsPerLog;
    if (b < 0) {
      return -1;
    }
    return b >= BINS ? BINS - 1 : (int) b;
  }

  /** Records one value. */
  void add(double v) {
    int b = bin(v);
    if (b >= 0) {
      counts[b] += (float) inc;
    }
    total += inc;
    inc *= growth;
    if (inc > 1e20) {
      double f = 1 / inc;
      for (int i = 0; i < BINS; i++) {
        counts[i] *= (float) f;
      }
      total *= f;
      inc = 1;
    }
  }

  /** Effective number of values remembered. */
  double effectiveCount() {
    return total / inc;
  }

  /**
   * Rarity weight of {@code v} in [0,1]: 1 when values at least this large were seen in at most 1
   * of 1,000 recent points, 0 when in 3 of 100 or more, log-linear in between.
   */
  double rarity(double v) {
    int b = bin(v);
    if (b < 0) {
      return 0;
    }
    double ge = 0;
    for (int i = b; i < BINS; i++) {
      ge += counts[i];
    }
    double p = (ge / inc + 0.5) / (effectiveCount() + 1);
    return Scores.ramp(-Math.log10(p), 2.0, 3.3);
  }

  int stateBytes() {
    return 16 + 8 * 5 + Scores.arrayBytes(BINS, 4);
  }
}
