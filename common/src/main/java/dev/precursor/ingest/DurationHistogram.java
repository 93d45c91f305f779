package dev.precursor.ingest;

/**
 * Log-bucketed durations (relative error about 2 %), enough for p50/p95/p99 of a window without
 * keeping every span.
 */
final class DurationHistogram {
  private static final double GAMMA = 1.04;
  private static final double LOG_GAMMA = Math.log(GAMMA);
  private static final int BUCKETS = 700; // covers 1 µs .. about 10^12 µs
  private final int[] counts = new int[BUCKETS];
  private long total;

  void record(long nanos) {
    double micros = Math.max(0, nanos) / 1000.0;
    int i = (int) Math.floor(Math.log1p(micros) / LOG_GAMMA);
    counts[Math.min(BUCKETS - 1, Math.max(0, i))]++;
    total++;
  }

  long total() {
    return total;
  }

  /** Quantile q in milliseconds, NaN when empty. */
  double quantileMillis(double q) {
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < BUCKETS; i++) {
      cumulative += counts[i];
      if (counts[i] > 0 && cumulative >= rank) {
        double micros = Math.pow(GAMMA, i + 0.5) - 1;
        return micros / 1000.0;
      }
    }
    return Math.pow(GAMMA, BUCKETS) / 1000.0;
  }
}
