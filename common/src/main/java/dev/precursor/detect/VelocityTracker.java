package dev.precursor.detect;

import dev.precursor.model.Velocity;

/**
 * Level of a series at 1-minute resolution for the last 6 minutes and at 10-minute resolution for
 * the last 6 hours (bucket means), from which drift velocity over 5 min, 1 h and 6 h is computed.
 *
 * <p>State: 6 + 37 buckets of (index, mean, count), about 900 bytes.
 */
final class VelocityTracker {
  private static final long MINUTE = 60_000L;
  private static final long TEN = 600_000L;
  private final long[] mIdx = new long[6];
  private final double[] mMean = new double[6];
  private final int[] mCount = new int[6];
  private final long[] tIdx = new long[37];
  private final double[] tMean = new double[37];
  private final int[] tCount = new int[37];
  private long lastMinute = Long.MIN_VALUE;
  private long lastTen = Long.MIN_VALUE;

  VelocityTracker() {
    java.util.Arrays.fill(mIdx, Long.MIN_VALUE);
    java.util.Arrays.fill(tIdx, Long.MIN_VALUE);
  }

  void add(long t, double x) {
    long m = Math.floorDiv(t, MINUTE);
    long ten = Math.floorDiv(t, TEN);
    put(mIdx, mMean, mCount, m, x);
    put(tIdx, tMean, tCount, ten, x);
    lastMinute = Math.max(lastMinute, m);
    lastTen = Math.max(lastTen, ten);
  }

  private static void put(long[] idx, double[] mean, int[] count, long b, double x) {
    int slot = (int) Math.floorMod(b, (long) idx.length);
    if (idx[slot] != b) {
      if (idx[slot] > b) {
        return; // older than what the ring holds
      }
      idx[slot] = b;
      mean[slot] = x;
      count[slot] = 1;
      return;
    }
    count[slot]++;
    mean[slot] += (x - mean[slot]) / count[slot];
  }

  private static double get(long[] idx, double[] mean, long b) {
    int slot = (int) Math.floorMod(b, (long) idx.length);
    return idx[slot] == b ? mean[slot] : Double.NaN;
  }

  /** Velocity in scale units per hour; NaN where a horizon is not covered or scale unknown. */
  Velocity velocity(double scale) {
    if (lastMinute == Long.MIN_VALUE || !(scale > 0) || Double.isInfinite(scale)) {
      return Velocity.UNKNOWN;
    }
    double now = get(mIdx, mMean, lastMinute);
    double past5 = get(mIdx, mMean, lastMinute - 5);
    if (Double.isNaN(past5)) {
      past5 = get(mIdx, mMean, lastMinute - 4);
    }
    double nowTen = get(tIdx, tMean, lastTen);
    double past1h = get(tIdx, tMean, lastTen - 6);
    double past6h = get(tIdx, tMean, lastTen - 36);
    return new Velocity(
        (now - past5) / scale * 12.0, (nowTen - past1h) / scale, (nowTen - past6h) / scale / 6.0);
  }

  int stateBytes() {
    return 16
        + 16
        + Scores.arrayBytes(6, 8) * 2
        + Scores.arrayBytes(6, 4)
        + Scores.arrayBytes(37, 8) * 2
        + Scores.arrayBytes(37, 4);
  }
}
