package dev.precursor.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.jenkins.FakeEngine.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeployVerifierIT {
  private final FakeEngine engine = new FakeEngine();
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-23T12:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };

  @AfterEach
  void stop() {
    engine.close();
  }

  private DeployVerifier verifier() {
    DeployMarkerClient client = DeployMarkerClient.builder(engine.uri()).sleeper(d -> {}).build();
    return new DeployVerifier(client, clock, d -> now.set(now.get().plus(d)));
  }

  private void deployAndGraph() {
    engine.always(
        "/api/v1/deploys",
        Answer.json(
            200,
            "{\"items\":[{\"id\":\"d1\",\"service\":\"cache\",\"version\":\"2.3.0\",\"at\":\"2026-11-23T09:00:00Z\"},"
                + "{\"id\":\"d2\",\"service\":\"cache\",\"version\":\"2.3.1\",\"at\":\"2026-11-23T10:00:00Z\"}],\"nextCursor\":null}"));
    engine.always(
        "/api/v1/services",
        Answer.json(
            200,
            "{\"nodes\":[],\"edges\":[{\"from\":\"checkout\",\"to\":\"cache\",\"callRate\":5,\"errorRatio\":0},"
                + "{\"from\":\"cart\",\"to\":\"db\",\"callRate\":1,\"errorRatio\":0}]}"));
  }

  @Test
  void waitsForTelemetryThenReportsAlertOnANeighbour() throws Exception {
    deployAndGraph();
    engine.then(
        "/api/v1/health",
        Answer.json(200, "{\"watermark\":null}"),
        Answer.json(200, "{\"watermark\":\"2026-11-23T10:04:00Z\"}"));
    engine.always("/api/v1/health", Answer.json(200, "{\"watermark\":\"2026-11-23T10:11:00Z\"}"));
    engine.always(
        "/api/v1/predictions",
        Answer.json(
            200,
            "{\"items\":[{\"id\":\"p1\",\"service\":\"checkout\",\"tier\":\"alert\",\"confidence\":0.91,"
                + "\"raisedAt\":\"2026-11-23T10:08:00Z\",\"pattern\":\"memory leak\",\"recommendedAction\":\"roll back cache\","
                + "\"similarIncidents\":[{\"id\":\"INC-7\",\"title\":\"Cache OOM after upgrade\",\"similarity\":0.82}],"
                + "\"rootCause\":{\"service\":\"cache\",\"kind\":\"deploy\",\"summary\":\"heap growth\"}},"
                + "{\"id\":\"p2\",\"service\":\"cart\",\"tier\":\"alert\",\"confidence\":0.99,\"raisedAt\":\"2026-11-23T10:05:00Z\","
                + "\"pattern\":\"unrelated\",\"similarIncidents\":[],\"rootCause\":{\"service\":\"db\",\"kind\":\"x\",\"summary\":\"\"}}],"
                + "\"nextCursor\":null}"));

    DeployVerifier.Report r =
        verifier()
            .verify(
                "cache",
                "2.3.1",
                null,
                Duration.ofMinutes(10),
                Duration.ofMinutes(15),
                Duration.ofSeconds(10));

    assertThat(r.verdict()).isEqualTo(DeployVerifier.Verdict.ALERT);
    assertThat(r.verdict().exitCode()).isEqualTo(3);
    assertThat(r.risk()).isEqualTo(0.91);
    assertThat(r.text())
        .contains("deployed at 2026-11-23T10:00:00Z")
        .contains("Services checked: cache, checkout")
        .contains("INC-7")
        .contains("Cache OOM after upgrade")
        .contains("roll back cache")
        .doesNotContain("unrelated");
    assertThat(engine.requests)
        .filteredOn(q -> q.uri().startsWith("/api/v1/predictions"))
        .singleElement()
        .satisfies(
            q ->
                assertThat(q.uri())
                    .contains("from=2026-11-23T10%3A00%3A00Z")
                    .contains("to=2026-11-23T10%3A10%3A00Z"));
    assertThat(now.get()).isEqualTo(Instant.parse("2026-11-23T12:00:20Z"));
  }

  @Test
  void cleanWhenNoPredictionTouchesTheService() throws Exception {
    deployAndGraph();
    engine.always("/api/v1/health", Answer.json(200, "{\"watermark\":\"2026-11-23T11:00:00Z\"}"));
    engine.always("/api/v1/predictions", Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));
    DeployVerifier.Report r =
        verifier()
            .verify(
                "cache",
                "2.3.1",
                null,
                Duration.ofMinutes(10),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10));
    assertThat(r.verdict()).isEqualTo(DeployVerifier.Verdict.CLEAN);
    assertThat(r.verdict().exitCode()).isZero();
    assertThat(r.text()).contains("RESULT: CLEAN");
  }

  @Test
  void inconclusiveWhenTelemetryNeverCoversTheWindow() throws Exception {
    deployAndGraph();
    engine.always("/api/v1/health", Answer.json(200, "{\"watermark\":\"2026-11-23T10:02:00Z\"}"));
    DeployVerifier.Report r =
        verifier()
            .verify(
                "cache",
                "2.3.1",
                null,
                Duration.ofMinutes(10),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10));
    assertThat(r.verdict()).isEqualTo(DeployVerifier.Verdict.INCONCLUSIVE);
    assertThat(r.verdict().exitCode()).isEqualTo(1);
    assertThat(r.text()).contains("only up to 2026-11-23T10:02:00Z");
  }

  @Test
  void unknownDeployIsBadUsage() {
    deployAndGraph();
    assertThatThrownBy(
            () ->
                verifier()
                    .verify(
                        "cache",
                        "9.9",
                        null,
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deploy-mark");
  }
}
