package dev.precursor.detect;

import dev.precursor.model.Velocity;

/**
 * Level of a series at 1-minute resolution for the last 6 minutes and at 10-minute resolution for
 * the last 6 hours (bucket means), from which drift velocity over 5 min, 1 h and 6 h is computed.
 *
 * <p>State: 6 + 37 buckets of (index, mean, count) as 4-byte values, about 600 bytes.
 */
final class VelocityTracker {
  private static final long MINUTE = 60_000L;
  private static final long TEN = 600_000L;
  private final int[] mIdx = new int[6];
  private final float[] mMean = new float[6];
  private final int[] mCount = new int[6];
  private final int[] tIdx = new int[37];
  private final float[] tMean = new float[37];
  private final int[] tCount = new int[37];
  private int lastMinute = Integer.MIN_VALUE;
  private int lastTen = Integer.MIN_VALUE;
  private double ref = Double.NaN;

  VelocityTracker() {
    java.util.Arrays.fill(mIdx, Integer.MIN_VALUE);
    java.util.Arrays.fill(tIdx, Integer.MIN_VALUE);
  }

  void add(long t, double value) {
    if (Double.isNaN(ref)) {
      ref = value;
    }
    double x = value - ref; // floats keep the precision of deviations, not of large levels
    // bucket indexes as int: epoch minutes fit until the year 6053
    int m = (int) Math.floorDiv(t, MINUTE);
    int ten = (int) Math.floorDiv(t, TEN);
    put(mIdx, mMean, mCount, m, x);
    put(tIdx, tMean, tCount, ten, x);
    lastMinute = Math.max(lastMinute, m);
    lastTen = Math.max(lastTen, ten);
  }

  private static void put(int[] idx, float[] mean, int[] count, int b, double x) {
    int slot = Math.floorMod(b, idx.length);
    if (idx[slot] != b) {
      if (idx[slot] > b) {
        return; // older than what the ring holds
      }
      idx[slot] = b;
      mean[slot] = (float) x;
      count[slot] = 1;
      return;
    }
    count[slot]++;
    mean[slot] += (float) ((x - mean[slot]) / count[slot]);
  }

  private static double get(int[] idx, float[] mean, int b) {
    int slot = Math.floorMod(b, idx.length);
    return idx[slot] == b ? mean[slot] : Double.NaN;
  }

  /** Velocity in scale units per hour; NaN where a horizon is not covered or scale unknown. */
  Velocity velocity(double scale) {
    if (lastMinute == Integer.MIN_VALUE || !(scale > 0) || Double.isInfinite(scale)) {
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
    return 16 + 24 + Scores.arrayBytes(6, 4) * 3 + Scores.arrayBytes(37, 4) * 3;
  }
}
