package dev.precursor.ingest;

/**
 * Counts of an exponential histogram at one scale, with the arithmetic needed to turn cumulative
 * readings into deltas and to merge instances: both sides are first brought to the coarser scale
 * (index {@code i} at scale {@code s} becomes {@code i >> (s - s')} at scale {@code s'}).
 */
record ExpBuckets(
    int scale,
    long zeroCount,
    int positiveOffset,
    long[] positive,
    int negativeOffset,
    long[] negative) {

  static ExpBuckets of(MetricPoint.ExponentialHistogram p) {
    return new ExpBuckets(
        p.scale(),
        p.zeroCount(),
        p.positiveOffset(),
        p.positive(),
        p.negativeOffset(),
        p.negative());
  }

  long total() {
    long t = zeroCount;
    for (long c : positive) {
      t += c;
    }
    for (long c : negative) {
      t += c;
    }
    return t;
  }

  /** This histogram at a coarser (or equal) scale. */
  ExpBuckets downscale(int to) {
    if (to >= scale) {
      return this;
    }
    int shift = scale - to;
    long[][] pos = rebucket(positiveOffset, positive, shift);
    long[][] neg = rebucket(negativeOffset, negative, shift);
    return new ExpBuckets(to, zeroCount, (int) pos[0][0], pos[1], (int) neg[0][0], neg[1]);
  }

  private static long[][] rebucket(int offset, long[] counts, int shift) {
    if (counts.length == 0) {
      return new long[][] {{offset >> shift}, new long[0]};
    }
    int first = offset >> shift;
    int last = (offset + counts.length - 1) >> shift;
    long[] out = new long[last - first + 1];
    for (int i = 0; i < counts.length; i++) {
      out[((offset + i) >> shift) - first] += counts[i];
    }
    return new long[][] {{first}, out};
  }

  /** {@code this + sign * other}, both at the coarser of the two scales. */
  ExpBuckets combine(ExpBuckets other, int sign) {
    int s = Math.min(scale, other.scale);
    ExpBuckets a = downscale(s);
    ExpBuckets b = other.downscale(s);
    long[][] pos = add(a.positiveOffset, a.positive, b.positiveOffset, b.positive, sign);
    long[][] neg = add(a.negativeOffset, a.negative, b.negativeOffset, b.negative, sign);
    return new ExpBuckets(
        s, a.zeroCount + sign * b.zeroCount, (int) pos[0][0], pos[1], (int) neg[0][0], neg[1]);
  }

  private static long[][] add(int offA, long[] a, int offB, long[] b, int sign) {
    if (a.length == 0 && b.length == 0) {
      return new long[][] {{offA}, new long[0]};
    }
    int first = a.length == 0 ? offB : b.length == 0 ? offA : Math.min(offA, offB);
    int endA = offA + a.length;
    int endB = offB + b.length;
    int end = a.length == 0 ? endB : b.length == 0 ? endA : Math.max(endA, endB);
    long[] out = new long[end - first];
    for (int i = 0; i < a.length; i++) {
      out[offA + i - first] += a[i];
    }
    for (int i = 0; i < b.length; i++) {
      out[offB + i - first] += sign * b[i];
    }
    return new long[][] {{first}, out};
  }

  /** True when some bucket went down (a cumulative histogram that was reset). */
  boolean hasNegative() {
    if (zeroCount < 0) {
      return true;
    }
    for (long c : positive) {
      if (c < 0) {
        return true;
      }
    }
    for (long c : negative) {
      if (c < 0) {
        return true;
      }
    }
    return false;
  }
}
