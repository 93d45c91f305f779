package dev.precursor.ingest;

/**
 * Quantiles of bucketed distributions by linear interpolation inside the bucket that holds the rank
 * (the way Prometheus' {@code histogram_quantile} does it). The first bucket's lower edge is 0 when
 * its upper bound is positive; a rank in the overflow bucket yields the largest finite bound.
 */
final class Quantiles {
  private Quantiles() {}

  /**
   * Quantile {@code q} of an explicit-bucket histogram ({@code counts.length == bounds.length +
   * 1}), NaN when it holds no observations.
   */
  static double explicit(double[] bounds, long[] counts, double q) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total <= 0) {
      return Double.NaN;
    }
    if (bounds.length == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      long c = counts[i];
      if (c > 0 && cumulative + c >= rank) {
        if (i == bounds.length) {
          return bounds[bounds.length - 1];
        }
        double upper = bounds[i];
        double lower = i == 0 ? (upper > 0 ? 0 : upper) : bounds[i - 1];
        double fraction = (rank - cumulative) / c;
        return lower + (upper - lower) * Math.max(0, Math.min(1, fraction));
      }
      cumulative += c;
    }
    return bounds[bounds.length - 1];
  }

  /**
   * Quantile {@code q} of an exponential histogram, NaN when empty. Buckets are walked from the
   * most negative value up: negative buckets (largest index first), the zero bucket, positive
   * buckets.
   */
  static double exponential(ExpBuckets h, double q) {
    long total = h.zeroCount();
    for (long c : h.positive()) {
      total += c;
    }
    for (long c : h.negative()) {
      total += c;
    }
    if (total <= 0) {
      return Double.NaN;
    }
    double base = Math.pow(2, Math.pow(2, -h.scale()));
    double rank = q * total;
    long cumulative = 0;
    long[] neg = h.negative();
    for (int i = neg.length - 1; i >= 0; i--) {
      long c = neg[i];
      if (c > 0 && cumulative + c >= rank) {
        int index = h.negativeOffset() + i;
        double upperMagnitude = Math.pow(base, index + 1);
        double lowerMagnitude = Math.pow(base, index);
        double fraction = (rank - cumulative) / c;
        return -(upperMagnitude - (upperMagnitude - lowerMagnitude) * fraction);
      }
      cumulative += c;
    }
    if (h.zeroCount() > 0 && cumulative + h.zeroCount() >= rank) {
      return 0;
    }
    cumulative += h.zeroCount();
    long[] pos = h.positive();
    for (int i = 0; i < pos.length; i++) {
      long c = pos[i];
      if (c > 0 && cumulative + c >= rank) {
        int index = h.positiveOffset() + i;
        double lower = Math.pow(base, index);
        double upper = Math.pow(base, index + 1);
        double fraction = (rank - cumulative) / c;
        return lower + (upper - lower) * Math.max(0, Math.min(1, fraction));
      }
      cumulative += c;
    }
    return pos.length == 0 ? 0 : Math.pow(base, h.positiveOffset() + pos.length);
  }
}
