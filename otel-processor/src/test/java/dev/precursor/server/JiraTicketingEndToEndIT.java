package dev.precursor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.config.ConfigLoader;
import dev.precursor.config.ConfigSchema;
import dev.precursor.draft.AdfValidator;
import dev.precursor.jira.FakeJira;
import dev.precursor.model.Json;
import dev.precursor.model.Situation;
import dev.precursor.model.Tier;
import dev.precursor.ticket.TicketFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine with {@code PRECURSOR_JIRA_*} set, against a fake Jira Cloud on loopback: a replayed
 * situation files exactly one well-formed issue, comments as it evolves, resolves it with the
 * postmortem attached; Jira's webhook reaches the engine.
 */
class JiraTicketingEndToEndIT {
  private static final String SECRET = "webhook-secret";
  private final FakeJira jira =
      new FakeJira(true, "bot@example.com", "api-token", Clock.systemUTC());
  private final EngineServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  JiraTicketingEndToEndIT() {
    Map<String, String> env = new HashMap<>();
    env.put("PRECURSOR_STORE_URL", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    env.put("PRECURSOR_API_HOST", "127.0.0.1");
    env.put("PRECURSOR_API_PORT", "0");
    env.put("PRECURSOR_OTLP_GRPC_PORT", "0");
    env.put("PRECURSOR_OTLP_HTTP_PORT", "0");
    env.put("PRECURSOR_TICKET_POLL_INTERVAL", "100ms");
    env.put("PRECURSOR_JIRA_URL", jira.url());
    env.put("PRECURSOR_JIRA_USER", "bot@example.com");
    env.put("PRECURSOR_JIRA_TOKEN", "api-token");
    env.put("PRECURSOR_JIRA_PROJECT", "OPS");
    env.put("PRECURSOR_JIRA_API_VERSION", "3");
    env.put("PRECURSOR_JIRA_WEBHOOK_SECRET", SECRET);
    server =
        EngineServer.start(
            ConfigLoader.load(ConfigSchema.load(), null, env).config(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    server.close();
    jira.close();
  }

  private void publish(Situation s, Tier tier, double confidence) {
    var p = TicketFixtures.prediction(s.id(), tier, confidence);
    server.engine().predictions().save(p); // as the prediction pipeline does before publishing
    server.engine().publishSituation(s, p);
  }

  @Test
  void replayedSituationFilesOneIssueCommentsAndResolvesWithPostmortem() throws Exception {
    Situation opened = TicketFixtures.checkout("sit-1");
    Situation grown =
        TicketFixtures.situation(
            "sit-1",
            true,
            List.of("checkout", "payments", "cart"),
            "checkout",
            "deploy 1.4.2 raised error rate");
    Situation newCause =
        TicketFixtures.situation(
            "sit-1",
            true,
            List.of("checkout", "payments", "cart"),
            "payments-db",
            "connection pool exhausted");
    Situation recovered =
        TicketFixtures.situation(
            "sit-1", false, List.of("checkout"), "payments-db", "connection pool exhausted");

    publish(opened, Tier.WATCH, 0.74);
    publish(opened, Tier.ALERT, 0.88);
    publish(opened, Tier.ALERT, 0.89);
    publish(grown, Tier.ALERT, 0.91);
    publish(grown, Tier.ALERT, 0.92);
    publish(newCause, Tier.ALERT, 0.93);
    publish(newCause, Tier.ALERT, 0.93);
    server.engine().publishSituation(recovered, null);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> !jira.issues().isEmpty() && jira.issues().get(0).statusCategory().equals("done"));
    assertThat(jira.issues()).hasSize(1);
    FakeJira.Issue issue = jira.issues().get(0);
    assertThat(issue.labels()).contains("precursor").anyMatch(l -> l.startsWith("prc-"));
    JsonNode create = jira.requests("POST", "/rest/api/3/issue").get(0).json();
    assertThat(AdfValidator.validate(create.path("fields").path("description"))).isEmpty();
    assertThat(create.path("fields").path("summary").asText()).isNotBlank();
    assertThat(issue.comments).hasSize(3); // impact grew, new top hypothesis, recovery summary
    assertThat(issue.comments.get(0).toString()).contains("Impact grew from 1 to 3 services");
    assertThat(issue.comments.get(1).toString()).contains("payments-db");
    assertThat(issue.attachments).containsOnlyKeys("postmortem-" + issue.key + ".md");
    assertThat(new String(issue.attachments.values().iterator().next(), StandardCharsets.UTF_8))
        .startsWith("# ");
    assertThat(server.engine().tickets("sit-1"))
        .singleElement()
        .satisfies(t -> assertThat(t.key()).isEqualTo(issue.key));
    assertThat(server.engine().metrics().scrape()).contains("precursor_ticket_outbox_pending 0");

    // a human reopens the issue in Jira: the webhook reaches the engine as feedback
    String key =
        issue.labels().stream().filter(l -> l.startsWith("prc-")).findFirst().orElseThrow();
    String event =
        "{\"webhookEvent\":\"jira:issue_updated\",\"user\":{\"accountId\":\"5b10-dana\",\"displayName\":\"Dana\"},"
            + "\"issue\":{\"key\":\""
            + issue.key
            + "\",\"fields\":{\"status\":{\"name\":\"To Do\",\"statusCategory\":{\"key\":\"new\"}},"
            + "\"labels\":[\"precursor\",\""
            + key
            + "\"]}},"
            + "\"changelog\":{\"items\":[{\"field\":\"status\",\"fromString\":\"Done\",\"toString\":\"To Do\"},"
            + "{\"field\":\"resolution\",\"fromString\":\"Done\",\"toString\":null}]}}";
    HttpResponse<String> r = webhook("jira", event, sign(event));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(r.body()).path("message").asText()).contains("reopened");
    assertThat(server.engine().metrics().scrape())
        .contains("precursor_ticket_feedback_total{system=\"jira\",label=\"delayed_hit\"} 1");
    assertThat(server.engine().predictions().feedback("error-rate-climb"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.label().wire()).isEqualTo("delayed_hit");
              assertThat(f.predictionId()).isEqualTo("p-sit-1-alert");
              assertThat(f.note()).contains(issue.key);
            });
    assertThat(webhook("jira", event, "sha256=00").statusCode()).isEqualTo(401);
    assertThat(webhook("nowhere", event, sign(event)).statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> webhook(String name, String body, String signature)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.apiPort() + "/api/v1/webhooks/" + name))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
