package dev.precursor.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.precursor.memory.PrecursorSignature.Component;
import dev.precursor.model.Anomaly;
import dev.precursor.model.Direction;
import dev.precursor.model.Json;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.Velocity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecursorSignatureTest {
  private static PrecursorSignature sig(Duration deploy, Component... cs) {
    return PrecursorSignature.of(List.of(cs), deploy);
  }

  private static Component c(MetricKind k, Direction d, VelocityBand v) {
    return new Component(k, d, v);
  }

  @Test
  void identicalSignaturesScoreOneAndDisjointZero() {
    PrecursorSignature a =
        sig(
            Duration.ofHours(6),
            c(MetricKind.MEMORY, Direction.UP, VelocityBand.SLOW),
            c(MetricKind.LATENCY, Direction.UP, VelocityBand.SLOW));
    PrecursorSignature b = sig(null, c(MetricKind.DISK, Direction.UP, VelocityBand.CREEPING));
    assertThat(a.similarity(a)).isCloseTo(1.0, within(1e-9));
    assertThat(a.similarity(b)).isZero();
    assertThat(PrecursorSignature.EMPTY.similarity(a)).isZero();
  }

  @Test
  void closerSpeedsAndDeployTimesScoreHigher() {
    PrecursorSignature leak =
        sig(Duration.ofHours(6), c(MetricKind.MEMORY, Direction.UP, VelocityBand.SLOW));
    PrecursorSignature liveSlow =
        sig(Duration.ofHours(5), c(MetricKind.MEMORY, Direction.UP, VelocityBand.SLOW));
    PrecursorSignature liveSudden =
        sig(Duration.ofHours(5), c(MetricKind.MEMORY, Direction.UP, VelocityBand.SUDDEN));
    PrecursorSignature liveNoDeploy =
        sig(null, c(MetricKind.MEMORY, Direction.UP, VelocityBand.SLOW));
    PrecursorSignature liveDown =
        sig(Duration.ofHours(5), c(MetricKind.MEMORY, Direction.DOWN, VelocityBand.SLOW));
    assertThat(liveSlow.similarity(leak)).isGreaterThan(liveSudden.similarity(leak));
    assertThat(liveSlow.similarity(leak)).isGreaterThan(liveNoDeploy.similarity(leak));
    assertThat(liveDown.similarity(leak)).isZero();
    assertThat(leak.similarity(liveSlow)).isEqualTo(liveSlow.similarity(leak));
  }

  @Test
  void buildsFromLiveAnomalies() {
    Instant t = Instant.parse("2026-01-01T10:00:00Z");
    List<Anomaly> anomalies =
        List.of(
            new Anomaly(
                SeriesKey.of("checkout", "jvm.memory.used"),
                t,
                t,
                0.9,
                Direction.UP,
                900,
                500,
                new Velocity(0.5, 0.6, 0.4)),
            new Anomaly(
                SeriesKey.of("checkout", "http.server.request.duration"),
                t,
                t,
                0.8,
                Direction.UP,
                1.2,
                0.4,
                new Velocity(40, 3, 1)),
            new Anomaly(
                SeriesKey.of("checkout", "some.unknown.thing"),
                t,
                t,
                0.8,
                Direction.UP,
                1,
                0,
                Velocity.UNKNOWN));
    PrecursorSignature s = PrecursorSignature.fromAnomalies(anomalies, Duration.ofHours(2));
    assertThat(s.components())
        .containsExactly(
            c(MetricKind.LATENCY, Direction.UP, VelocityBand.SUDDEN),
            c(MetricKind.MEMORY, Direction.UP, VelocityBand.SLOW));
    assertThat(s.deployToImpact()).isEqualTo(Duration.ofHours(2));
    assertThat(s.vector()).hasSize(PrecursorSignature.SLOTS + 1);
  }

  @Test
  void classifiesCommonMetricNames() {
    assertThat(MetricKind.ofMetric("db.client.connections.usage"))
        .contains(MetricKind.CONNECTION_POOL);
    assertThat(MetricKind.ofMetric("jvm.gc.duration")).contains(MetricKind.GC);
    assertThat(MetricKind.ofMetric("http.server.request.duration")).contains(MetricKind.LATENCY);
    assertThat(MetricKind.ofMetric("system.filesystem.utilization")).contains(MetricKind.DISK);
    assertThat(MetricKind.ofMetric("messaging.kafka.consumer.lag"))
        .contains(MetricKind.QUEUE_DEPTH);
    assertThat(MetricKind.ofMetric("log.errors")).contains(MetricKind.ERROR_RATE);
    assertThat(MetricKind.ofMetric("xyz")).isEmpty();
  }

  @Test
  void roundTripsThroughJson() throws Exception {
    PrecursorSignature s =
        sig(Duration.ofMinutes(90), c(MetricKind.QUEUE_DEPTH, Direction.UP, VelocityBand.FAST));
    String json = Json.mapper().writeValueAsString(s);
    assertThat(json).contains("queue-depth").contains("PT1H30M");
    assertThat(Json.mapper().readValue(json, PrecursorSignature.class)).isEqualTo(s);
  }

  @Test
  void bandsLiveVelocities() {
    assertThat(VelocityBand.of(new Velocity(30, 2, 1))).contains(VelocityBand.SUDDEN);
    assertThat(VelocityBand.of(new Velocity(3, 2.5, 1))).contains(VelocityBand.FAST);
    assertThat(VelocityBand.of(new Velocity(0.3, 0.4, 0.3))).contains(VelocityBand.SLOW);
    assertThat(VelocityBand.of(new Velocity(0.01, 0.02, 0.05))).contains(VelocityBand.CREEPING);
    assertThat(VelocityBand.of(Velocity.UNKNOWN)).isEmpty();
  }
}
