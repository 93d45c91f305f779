package dev.precursor.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.server.EngineServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine writes Grafana annotations for deploys and alert-tier situations to Grafana's API
 * shape.
 */
class GrafanaAnnotationWriterIT {
  private final List<JsonNode> annotations = new CopyOnWriteArrayList<>();
  private final List<String> auth = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger(1);
  private final HttpServer grafana;
  private final EngineServer server;

  GrafanaAnnotationWriterIT() throws Exception {
    grafana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    grafana.createContext(
        "/api/annotations",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          auth.add(ex.getRequestHeaders().getFirst("Authorization"));
          byte[] out;
          int status;
          if (failuresLeft.getAndDecrement() > 0) {
            status = 503;
            out = "{\"message\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
          } else {
            JsonNode a = Json.mapper().readTree(in);
            if (!a.hasNonNull("text")) {
              status = 400;
              out = "{\"message\":\"text is required\"}".getBytes(StandardCharsets.UTF_8);
            } else {
              annotations.add(a);
              status = 200;
              out =
                  ("{\"message\":\"Annotation added\",\"id\":" + annotations.size() + "}")
                      .getBytes(StandardCharsets.UTF_8);
            }
          }
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    grafana.start();
    server =
        EngineServer.start(
            PrecursorConfig.defaults()
                .with(
                    Map.of(
                        "store.url",
                        "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "api.port",
                        "0",
                        "api.host",
                        "127.0.0.1",
                        "otlp.grpc-port",
                        "0",
                        "otlp.http-port",
                        "0",
                        "grafana.url",
                        "http://127.0.0.1:" + grafana.getAddress().getPort() + "/",
                        "grafana.token",
                        "glsa_test")),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.close();
    grafana.stop(0);
  }

  @Test
  void deployMarkerBecomesATaggedAnnotationAfterARetry() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.apiPort() + "/api/v1/deploys"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"service\":\"cache\",\"version\":\"2.3.1\",\"environment\":\"prod\","
                                + "\"at\":\"2026-11-23T10:00:00Z\",\"commit\":\"3f9c2ab99\",\"source\":\"jenkins:shop#4521\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);

    await().atMost(Duration.ofSeconds(20)).until(() -> annotations.size() == 1);
    JsonNode a = annotations.get(0);
    assertThat(a.get("time").asLong())
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
    assertThat(a.get("text").asText())
        .contains("Deploy cache 2.3.1")
        .contains("3f9c2ab99")
        .contains("jenkins:shop#4521");
    assertThat(a.get("tags"))
        .extracting(JsonNode::asText)
        .contains("precursor", "deploy", "service:cache", "version:2.3.1", "env:prod");
    assertThat(auth).hasSize(2).allMatch("Bearer glsa_test"::equals);
  }

  @Test
  void alertTierSituationIsAnnotatedOnce() {
    failuresLeft.set(0);
    Instant raised = Instant.parse("2026-11-23T10:08:00Z");
    Situation s =
        new Situation(
            "s1",
            "open",
            raised,
            null,
            List.of("checkout", "cache"),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    Prediction watch =
        new Prediction(
            "p0",
            "s1",
            "checkout",
            Tier.WATCH,
            0.75,
            raised,
            null,
            "memory leak",
            List.of(),
            null,
            "watch heap",
            "open");
    Prediction alert =
        new Prediction(
            "p1",
            "s1",
            "checkout",
            Tier.ALERT,
            0.91,
            raised,
            raised.plusSeconds(1800),
            "memory leak",
            List.of(),
            new RootCause("cache", "deploy", "heap growth after 2.3.1"),
            "roll back cache",
            "open");
    server.engine().publishSituation(s, watch);
    server.engine().publishSituation(s, alert);
    server.engine().publishSituation(s, alert);

    await().atMost(Duration.ofSeconds(20)).until(() -> annotations.size() == 1);
    JsonNode a = annotations.get(0);
    assertThat(a.get("text").asText()).contains("memory leak").contains("0.91").contains("cache");
    assertThat(a.get("timeEnd").asLong()).isEqualTo(raised.plusSeconds(1800).toEpochMilli());
    assertThat(a.get("tags"))
        .extracting(JsonNode::asText)
        .contains("prediction", "tier:alert", "rootcause:cache");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> annotations.size() == 1);
  }
}
