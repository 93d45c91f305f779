package dev.precursor.detect;

import java.util.Arrays;

/**
 * The last {@code capacity} values, kept both in arrival order (ring) and sorted, so the median and
 * the median absolute deviation are available in O(capacity) without allocation.
 */
final class SortedWindow {
  private final double[] ring;
  private final double[] sorted;
  private int size;
  private int head;

  SortedWindow(int capacity) {
    ring = new double[capacity];
    sorted = new double[capacity];
  }

  int size() {
    return size;
  }

  int capacity() {
    return ring.length;
  }

  void add(double raw) {
    double x = raw == 0 ? 0.0 : raw; // one zero: -0.0 and 0.0 must sort as equal
    if (size == ring.length) {
      double old = ring[head];
      int i = Arrays.binarySearch(sorted, 0, size, old);
      System.arraycopy(sorted, i + 1, sorted, i, size - i - 1);
      size--;
    }
    ring[head] = x;
    head = head + 1 == ring.length ? 0 : head + 1;
    int pos = Arrays.binarySearch(sorted, 0, size, x);
    if (pos < 0) {
      pos = -pos - 1;
    }
    System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
    sorted[pos] = x;
    size++;
  }

  double median() {
    if (size == 0) {
      return Double.NaN;
    }
    int m = size >>> 1;
    return (size & 1) == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
  }

  /** Median of |x - center| over the window (the upper median for even sizes). */
  double mad(double center) {
    if (size == 0) {
      return Double.NaN;
    }
    int j = Arrays.binarySearch(sorted, 0, size, center);
    if (j < 0) {
      j = -j - 1;
    }
    int i = j - 1;
    int k = size >>> 1;
    double d = 0;
    for (int taken = 0; taken <= k; taken++) {
      double left = i >= 0 ? center - sorted[i] : Double.POSITIVE_INFINITY;
      double right = j < size ? sorted[j] - center : Double.POSITIVE_INFINITY;
      if (left <= right) {
        d = left;
        i--;
      } else {
        d = right;
        j++;
      }
    }
    return d;
  }

  /** The value at quantile q in [0,1] (nearest rank). */
  double quantile(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.round(q * (size - 1));
    return sorted[Math.max(0, Math.min(size - 1, idx))];
  }

  int stateBytes() {
    return 16 + 8 + Scores.arrayBytes(ring.length, 8) * 2;
  }
}
