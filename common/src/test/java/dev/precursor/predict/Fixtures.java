package dev.precursor.predict;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.Velocity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Shared test data: a small call graph and anomalies on it. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  private Fixtures() {}

  /** frontend -> checkout -> cache, frontend -> search. */
  static ServiceGraph graph() {
    return new ServiceGraph(
        List.of(
            new ServiceGraph.Node("frontend", 50, 0),
            new ServiceGraph.Node("checkout", 20, 0),
            new ServiceGraph.Node("cache", 40, 0),
            new ServiceGraph.Node("search", 30, 0)),
        List.of(
            new ServiceGraph.Edge("frontend", "checkout", 20, 0),
            new ServiceGraph.Edge("checkout", "cache", 40, 0),
            new ServiceGraph.Edge("frontend", "search", 30, 0)));
  }

  static Anomaly anomaly(String service, String metric, int onsetMin, int atMin, double score) {
    return new Anomaly(
        SeriesKey.of(service, metric),
        T0.plus(Duration.ofMinutes(onsetMin)),
        T0.plus(Duration.ofMinutes(atMin)),
        score,
        Direction.UP,
        2,
        1,
        new Velocity(0.5, 2, 1));
  }
}
