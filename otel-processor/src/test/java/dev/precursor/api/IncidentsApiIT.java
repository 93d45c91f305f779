package dev.precursor.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.memory.Examples;
import dev.precursor.model.Json;
import dev.precursor.server.EngineServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /api/v1/incidents and GET /api/v1/incidents/similar on a real engine on loopback. */
class IncidentsApiIT {
  private final EngineServer server =
      EngineServer.start(
          PrecursorConfig.defaults()
              .with(
                  Map.of(
                      "store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                      "api.port", "0",
                      "api.host", "127.0.0.1",
                      "api.token", "t0ken",
                      "otlp.grpc-port", "0",
                      "otlp.http-port", "0")),
          Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String body, boolean auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.apiPort() + "/api/v1/incidents"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (auth) {
      b.header("Authorization", "Bearer t0ken");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String markdownBody(String file) throws Exception {
    return Json.mapper()
        .createObjectNode()
        .put("source", file)
        .put("format", "markdown")
        .put("content", Files.readString(Examples.file(file)))
        .toString();
  }

  @Test
  void learnsPostmortemsIdempotentlyAndFindsSimilarOnes() throws Exception {
    HttpResponse<String> created = post(markdownBody("2023-03-14-checkout-memory-leak.md"), true);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue(IncidentsApi.STATUS_HEADER)).contains("created");
    JsonNode incident = Json.mapper().readTree(created.body());
    assertThat(incident.path("family").asText()).isEqualTo("memory-leak");
    assertThat(incident.path("rootCauseService").asText()).isEqualTo("checkout-service");
    assertThat(incident.path("precursors").size()).isGreaterThan(0);

    HttpResponse<String> again = post(markdownBody("2023-03-14-checkout-memory-leak.md"), true);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue(IncidentsApi.STATUS_HEADER)).contains("unchanged");
    assertThat(Json.mapper().readTree(again.body()).path("id").asText())
        .isEqualTo(incident.path("id").asText());

    assertThat(post(markdownBody("2023-02-06-kafka-broker-disk-full.md"), true).statusCode())
        .isEqualTo(201);
    // a JSON postmortem posted as itself
    HttpResponse<String> structured =
        post(Files.readString(Examples.file("2024-12-02-webhook-retry-storm.json")), true);
    assertThat(structured.statusCode()).isEqualTo(201);
    assertThat(Json.mapper().readTree(structured.body()).path("family").asText())
        .isEqualTo("retry-storm");

    HttpResponse<String> similar =
        get(
            "/api/v1/incidents/similar?k=2&q="
                + URLEncoder.encode("heap growing slowly, pods OOMKilled", StandardCharsets.UTF_8));
    assertThat(similar.statusCode()).isEqualTo(200);
    JsonNode items = Json.mapper().readTree(similar.body()).path("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).path("id").asText()).isEqualTo(incident.path("id").asText());
    assertThat(items.get(0).fieldNames())
        .toIterable()
        .contains("id", "title", "similarity", "space", "resolution");
    assertThat(Json.mapper().readTree(similar.body()).has("nextCursor")).isTrue();

    HttpResponse<String> one = get("/api/v1/incidents/" + incident.path("id").asText());
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(get("/api/v1/incidents?limit=2").body()).path("items"))
        .hasSize(2);
  }

  @Test
  void rejectsBadInputWithClearErrors() throws Exception {
    HttpResponse<String> empty = post("{}", true);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(Json.mapper().readTree(empty.body()).path("detail").asText()).contains("content");

    HttpResponse<String> badFormat =
        post("{\"content\": \"# T\\n\\nx\", \"format\": \"docx\"}", true);
    assertThat(badFormat.statusCode()).isEqualTo(400);
    assertThat(badFormat.body()).contains("format");

    HttpResponse<String> badFamily = post("{\"title\": \"t\", \"family\": \"gremlins\"}", true);
    assertThat(badFamily.statusCode()).isEqualTo(400);
    assertThat(badFamily.body()).contains("gremlins");

    assertThat(post("not json", true).statusCode()).isEqualTo(400);
    assertThat(post(markdownBody("2023-03-14-checkout-memory-leak.md"), false).statusCode())
        .isEqualTo(401);
    assertThat(get("/api/v1/incidents/similar").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/incidents/similar?q=x&k=0").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/incidents/inc-nope").statusCode()).isEqualTo(404);
  }
}
