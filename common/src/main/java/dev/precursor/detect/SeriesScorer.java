package dev.precursor.detect;

import dev.precursor.model.SeriesKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Scores every series of the engine as its points arrive, in event time: one streaming detector
 * state per {@link SeriesKey}, anomalies reported to an {@link AnomalyListener}, a bounded recent
 * history of scores kept for the API. Thread-safe; points of one series are expected in roughly
 * increasing time: a repeated timestamp is scored at the same time, a point a little older than the
 * newest (late data) is scored at the newest time, a larger step back is taken as a clock change.
 * See {@link StreamingSeriesScorer} for the details of the default implementation.
 */
public interface SeriesScorer {
  /** Score history kept per series by {@link #create(AnomalyListener)}: 360 points. */
  int DEFAULT_HISTORY_POINTS = 360;

  /** The default scorer (balanced profile) reporting anomalies to {@code listener}. */
  static SeriesScorer create(AnomalyListener listener) {
    return create(listener, DetectorProfile.BALANCED);
  }

  /** The default scorer with the given detector profile. */
  static SeriesScorer create(AnomalyListener listener, DetectorProfile profile) {
    return new StreamingSeriesScorer(listener, profile, DEFAULT_HISTORY_POINTS);
  }

  /**
   * Scores one point and returns its anomaly score in [0,1]. NaN and infinite values are counted
   * (see {@link #skippedPoints()}) and skipped (score 0).
   */
  double accept(SeriesKey key, long epochMillis, double value);

  /** Recent scores of one series with {@code from <= t < to}, oldest first. */
  List<ScorePoint> scores(SeriesKey key, Instant from, Instant to);

  /** Every series seen so far. */
  List<SeriesKey> series();

  /** The largest event time scored so far (epoch ms), or {@link Long#MIN_VALUE} before any. */
  long watermark();

  /** Points skipped because their value was NaN or infinite. */
  default long skippedPoints() {
    return 0;
  }

  /**
   * Sets the limit a series must not cross (e.g. a memory limit or pool maximum), for the
   * trend-to-limit forecaster; NaN removes it. Metrics named {@code *.utilization} (limit 1) or as
   * percentages (limit 100) have a limit without this call.
   */
  default void setLimit(SeriesKey key, double limit) {}

  /**
   * When the series is expected to cross its limit, if it has one and is trending towards it
   * significantly; empty otherwise.
   */
  default Optional<Forecast> forecast(SeriesKey key) {
    return Optional.empty();
  }

  /** The detector profile in use. */
  default DetectorProfile profile() {
    return DetectorProfile.BALANCED;
  }

  /** One scored point. */
  record ScorePoint(long epochMillis, double value, double score) {}
}
