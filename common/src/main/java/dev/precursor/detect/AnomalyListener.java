package dev.precursor.detect;

import dev.precursor.model.Anomaly;

/**
 * Receives anomalies from a {@link SeriesScorer}: one call when a series crosses into anomaly and
 * updates while it stays there (same onset), then {@link #onRecovered} when it returns to baseline.
 * Called on the ingest thread: implementations must be quick and must not block.
 */
public interface AnomalyListener {
  void onAnomaly(Anomaly anomaly);

  default void onRecovered(dev.precursor.model.SeriesKey series, long epochMillis) {}
}
