package dev.precursor.ingest;

import dev.precursor.detect.SeriesScorer;
import dev.precursor.model.SeriesKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The series the pipeline feeds to the scorer, with the active-series limit: a new series is
 * admitted only while fewer than {@code maxSeries} exist. Confined to the ingest worker thread
 * except for {@link #size()}, which monitoring reads.
 */
final class SeriesRegistry {
  private final SeriesScorer scorer;
  private final int maxSeries;
  private final Set<SeriesKey> known = new HashSet<>();
  private volatile int size;
  private volatile long maxEventMillis = Long.MIN_VALUE;

  SeriesRegistry(SeriesScorer scorer, int maxSeries) {
    this.scorer = scorer;
    this.maxSeries = maxSeries;
  }

  /** Admits all of {@code keys} together, or none when that would pass the limit. */
  boolean admit(List<SeriesKey> keys) {
    int fresh = 0;
    for (SeriesKey k : keys) {
      if (!known.contains(k)) {
        fresh++;
      }
    }
    if (fresh == 0) {
      return true;
    }
    if (known.size() + fresh > maxSeries) {
      return false;
    }
    known.addAll(keys);
    size = known.size();
    return true;
  }

  boolean admit(SeriesKey key) {
    return admit(List.of(key));
  }

  /** Scores one point of an admitted series (NaN values are skipped). */
  void emit(SeriesKey key, long epochMillis, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return;
    }
    scorer.accept(key, epochMillis, value);
    if (epochMillis > maxEventMillis) {
      maxEventMillis = epochMillis;
    }
  }

  int size() {
    return size;
  }

  int limit() {
    return maxSeries;
  }

  long maxEventMillis() {
    return maxEventMillis;
  }
}
