package dev.precursor.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.model.Direction;
import dev.precursor.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LLM extractor against an OpenAI-compatible chat-completions server on loopback. */
class LlmExtractorIT {
  private HttpServer server;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> answer = new AtomicReference<>();
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/chat/completions",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          requests.add(Json.mapper().readTree(in));
          authHeaders.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          ObjectNode completion = Json.mapper().createObjectNode();
          completion.put("id", "chatcmpl-1").put("object", "chat.completion");
          completion.put("created", 1_700_000_000L).put("model", "fake-model");
          ObjectNode choice = completion.putArray("choices").addObject();
          choice.put("index", 0).put("finish_reason", "stop");
          choice.putObject("message").put("role", "assistant").put("content", answer.get());
          completion
              .putObject("usage")
              .put("prompt_tokens", 100)
              .put("completion_tokens", 50)
              .put("total_tokens", 150);
          byte[] out =
              status == 200
                  ? completion.toString().getBytes(StandardCharsets.UTF_8)
                  : "{\"error\":{\"message\":\"boom\"}}".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private IncidentExtractor extractor() {
    return IncidentExtractor.create(
        PrecursorConfig.defaults()
            .with(
                Map.of(
                    "llm.provider", "openai",
                    "llm.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "llm.model", "fake-model",
                    "llm.api-key", "sk-test",
                    "llm.timeout", "10s")));
  }

  private static final String DOC =
      "# Orders API slow\n\nDate: 2024-05-01\n\n## What happened\n\nThe orders service got slow"
          + " after release 3.1.0. Connections piled up.\n";

  private static String llmAnswer() {
    ObjectNode a = Json.mapper().createObjectNode();
    a.put("title", "Orders API slow after 3.1.0");
    a.put("occurredAt", "2024-05-01T10:15:00Z");
    a.put("severity", "SEV2");
    a.putArray("services").add("orders-api").add("orders-db");
    a.put("rootCauseService", "orders-api");
    a.put("family", "connection-pool-exhaustion");
    a.put("summary", "Pool exhausted after release 3.1.0 held connections during remote calls.");
    a.putArray("timeline").addObject().put("at", "2024-05-01T10:15:00Z").put("text", "p99 up");
    a.putArray("hypotheses").addObject().put("text", "db overload").put("verdict", "wrong");
    a.putArray("diagnostics").add("queried pg_stat_activity");
    a.putArray("rootCauseFactors")
        .addObject()
        .put("text", "remote call inside a transaction")
        .put("kind", "technical");
    ObjectNode p = a.putArray("precursors").addObject();
    p.put("kind", "connection-pool").put("direction", "up").put("velocity", "fast");
    p.put("leadTimeMinutes", 40).put("service", "orders-api");
    p.put("description", "active connections rising for 40 minutes").put("confidence", 0.9);
    a.putArray("contributingFactors").add("no pool alert");
    a.putArray("resolution")
        .addObject()
        .put("action", "rolled back to 3.0.4")
        .put("effect", "recovered")
        .put("at", "");
    a.putArray("changes")
        .addObject()
        .put("service", "orders-api")
        .put("version", "3.1.0")
        .put("kind", "deploy")
        .put("at", "2024-05-01T08:00:00Z")
        .put("description", "release 3.1.0");
    a.put("deployToImpactMinutes", 135);
    ObjectNode c = a.putObject("confidence");
    for (String f : Incident.FIELDS) {
      c.put(f, 0.7);
    }
    c.put("family", 0.95);
    return a.toString();
  }

  @Test
  void extractsStructuredFieldsThroughTheJsonSchema() {
    answer.set(llmAnswer());
    Incident i =
        extractor().extract(SourceDocument.of("doc.md", DOC, SourceDocument.Format.MARKDOWN));

    assertThat(i.extractor()).isEqualTo("llm");
    assertThat(i.family()).isEqualTo(FailureFamily.CONNECTION_POOL_EXHAUSTION);
    assertThat(i.confidenceOf("family")).isEqualTo(0.95);
    assertThat(i.services()).containsExactly("orders-api", "orders-db");
    assertThat(i.precursors())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.kind()).isEqualTo(MetricKind.CONNECTION_POOL);
              assertThat(s.direction()).isEqualTo(Direction.UP);
              assertThat(s.velocity()).isEqualTo(VelocityBand.FAST);
              assertThat(s.leadTime()).isEqualTo(Duration.ofMinutes(40));
              assertThat(s.confidence()).isEqualTo(0.9);
            });
    assertThat(i.hypotheses()).singleElement().satisfies(h -> assertThat(h.correct()).isFalse());
    assertThat(i.deployToImpact()).isEqualTo(Duration.ofMinutes(135));
    assertThat(i.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.version()).isEqualTo("3.1.0"));

    JsonNode req = requests.get(0);
    assertThat(authHeaders.get(0)).isEqualTo("Bearer sk-test");
    assertThat(req.path("model").asText()).isEqualTo("fake-model");
    assertThat(req.path("response_format").path("type").asText()).isEqualTo("json_schema");
    JsonNode schema = req.path("response_format").path("json_schema");
    assertThat(schema.path("name").asText()).isEqualTo("incident");
    assertThat(schema.path("schema").path("properties").has("precursors")).isTrue();
    assertThat(schema.path("schema").path("properties").path("family").path("enum").toString())
        .contains("memory-leak");
    assertThat(req.path("messages").toString()).contains("Connections piled up");
  }

  @Test
  void fallsBackToTheDeterministicExtractionWhenTheLlmFails() {
    status = 500;
    Incident i =
        extractor().extract(SourceDocument.of("doc.md", DOC, SourceDocument.Format.MARKDOWN));
    assertThat(i.extractor()).isEqualTo("deterministic");
    assertThat(i.title()).isEqualTo("Orders API slow");
    assertThat(requests).isNotEmpty();
  }

  @Test
  void fallsBackWhenTheAnswerIsNotJson() {
    answer.set("Sorry, I cannot help with that.");
    Incident i =
        extractor().extract(SourceDocument.of("doc.md", DOC, SourceDocument.Format.MARKDOWN));
    assertThat(i.extractor()).isEqualTo("deterministic");
  }
}
