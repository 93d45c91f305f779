package dev.precursor.detect.eval;

import java.util.List;

/**
 * One series of an evaluation corpus with its labeled anomalies. {@code kind} groups series for the
 * per-type table; each anomaly has an onset index and a window (inclusive indexes) in which a
 * detection counts as a hit, NAB-style.
 */
record LabeledSeries(String name, String kind, long[] times, double[] values, List<Label> labels) {
  record Label(int onset, int windowStart, int windowEnd) {}

  int size() {
    return times.length;
  }
}
