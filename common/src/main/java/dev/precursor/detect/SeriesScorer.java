package dev.precursor.detect;

import dev.precursor.model.SeriesKey;
import java.time.Instant;
import java.util.List;

/**
 * Scores every series of the engine as its points arrive, in event time: one streaming detector
 * state per {@link SeriesKey}, anomalies reported to an {@link AnomalyListener}, a bounded recent
 * history of scores kept for the API. Thread-safe; points of one series are expected in roughly
 * increasing time (late points within the tolerance are accepted, duplicates ignored).
 */
public interface SeriesScorer {
  /**
   * Scores one point and returns its anomaly score in [0,1]. NaN and infinite values are counted
   * and skipped (score 0).
   */
  double accept(SeriesKey key, long epochMillis, double value);

  /** Recent scores of one series with {@code from <= t < to}, oldest first. */
  List<ScorePoint> scores(SeriesKey key, Instant from, Instant to);

  /** Every series seen so far. */
  List<SeriesKey> series();

  /** The largest event time scored so far (epoch ms), or {@link Long#MIN_VALUE} before any. */
  long watermark();

  /** One scored point. */
  record ScorePoint(long epochMillis, double value, double score) {}
}
