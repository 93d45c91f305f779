package dev.precursor.predict;

import dev.precursor.model.Anomaly;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where prediction finds the past incidents a live situation resembles: incident memory in the
 * engine, a fixed catalogue in tests and scenario evaluation. Implementations must be thread-safe
 * and quick (no remote calls, no embedding model on this path).
 */
public interface PastIncidents {
  /**
   * The past incidents most similar to the live anomalies, best first, at most {@code k}.
   *
   * @param latestDeployAge age of the latest deploy or config change of the involved services at
   *     the newest anomaly, null when none recently
   */
  List<PastMatch> match(List<Anomaly> anomalies, @Nullable Duration latestDeployAge, int k);

  /** No history: prediction then only reports trend-to-limit forecasts. */
  static PastIncidents none() {
    return (anomalies, age, k) -> List.of();
  }
}
