package dev.precursor.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.memory.Examples;
import dev.precursor.memory.IncidentExtractor;
import dev.precursor.memory.IncidentMemory;
import dev.precursor.memory.JdbcIncidentStore;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.Velocity;
import dev.precursor.predict.PastMatch;
import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPastIncidentsTest {
  @Test
  void liveSlowMemoryAndLatencyDriftAfterADeployMatchesMemoryLeaks() {
    try (Store store = StoreFixtures.h2()) {
      IncidentMemory memory =
          new IncidentMemory(
              new JdbcIncidentStore(store, Clock.systemUTC()),
              IncidentExtractor.deterministic(),
              Examples::embedder);
      memory.learnAll(Examples.documents());
      Instant t = Instant.parse("2026-11-23T12:00:00Z");
      Velocity slow = new Velocity(0.4, 0.5, 0.4);
      List<Anomaly> live =
          List.of(
              new Anomaly(
                  SeriesKey.of("checkout", "jvm.memory.used"), t, t, 0.8, Direction.UP, 9, 5, slow),
              new Anomaly(
                  SeriesKey.of("checkout", "http.server.request.duration"),
                  t,
                  t,
                  0.7,
                  Direction.UP,
                  0.9,
                  0.4,
                  slow));
      List<PastMatch> matches = new MemoryPastIncidents(memory).match(live, Duration.ofHours(5), 3);
      assertThat(matches).isNotEmpty();
      assertThat(matches.get(0).pattern()).isEqualTo("memory-leak");
      assertThat(matches.get(0).similarity()).isBetween(0.0, 1.0);
      assertThat(matches.get(0).versions()).isNotEmpty();
      assertThat(matches.get(0).leadTime()).isNotNull();
      assertThat(new MemoryPastIncidents(memory).match(List.of(), null, 3)).isEmpty();
    }
  }
}
