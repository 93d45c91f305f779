package dev.precursor.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.ticket.TicketEvents;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JiraWebhookHandlerTest {
  private static final String SECRET = "hook-secret";
  private static final String KEY = "prc-0123456789abcdef";
  private final List<String> events = new ArrayList<>();
  private final TicketEvents sink =
      new TicketEvents() {
        @Override
        public void resolvedByHuman(String system, String ticketKey, String dedupKey) {
          events.add("resolved " + ticketKey + " " + dedupKey);
        }

        @Override
        public void feedback(String system, String ticketKey, String dedupKey, String label) {
          events.add("feedback " + ticketKey + " " + label);
        }

        @Override
        public void reopenedByHuman(String system, String ticketKey, String dedupKey) {
          events.add("reopened " + ticketKey);
        }
      };

  private JiraWebhookHandler handler(Map<String, String> extra) {
    Map<String, String> m =
        new java.util.HashMap<>(
            Map.of(
                "jira.url", "https://example.atlassian.net",
                "jira.user", "bot@example.com",
                "jira.token", "t",
                "jira.project", "OPS",
                "jira.account-id", "5b10-precursor"));
    m.putAll(extra);
    return new JiraWebhookHandler(JiraConfig.from(PrecursorConfig.defaults().with(m)), sink);
  }

  private static String event(
      String user, String status, String category, String resolution, String resolutionFrom) {
    return "{\"timestamp\":1767196800123,\"webhookEvent\":\"jira:issue_updated\","
        + "\"issue_event_type_name\":\"issue_generic\","
        + "\"user\":{\"accountId\":\""
        + user
        + "\",\"displayName\":\"Dana Ops\"},"
        + "\"issue\":{\"id\":\"10421\",\"key\":\"OPS-381\",\"fields\":{\"status\":{\"name\":\""
        + status
        + "\","
        + "\"statusCategory\":{\"key\":\""
        + category
        + "\"}},\"labels\":[\"precursor\",\""
        + KEY
        + "\"]}},"
        + "\"changelog\":{\"id\":\"88213\",\"items\":["
        + "{\"field\":\"status\",\"fieldtype\":\"jira\",\"fromString\":\"In Progress\",\"toString\":\""
        + status
        + "\"},"
        + "{\"field\":\"resolution\",\"fieldtype\":\"jira\",\"fromString\":"
        + (resolutionFrom == null ? "null" : "\"" + resolutionFrom + "\"")
        + ",\"toString\":"
        + (resolution == null ? "null" : "\"" + resolution + "\"")
        + "}]}}";
  }

  private static Map<String, String> signed(String body) {
    return Map.of(
        "x-hub-signature",
        "sha256=" + HexFormat.of().formatHex(JiraWebhookHandler.hmac(SECRET, body)));
  }

  @Test
  void humanResolutionRequestsThePostmortem() {
    String body = event("5b10-dana", "Done", "done", "Done", null);
    var r = handler(Map.of("jira.webhook-secret", SECRET)).handle(signed(body), Map.of(), body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(events).containsExactly("feedback OPS-381 true_positive", "resolved OPS-381 " + KEY);
  }

  @Test
  void notAnIncidentBecomesFalsePositiveFeedback() {
    String body = event("5b10-dana", "Done", "done", "Won't Do", null);
    handler(Map.of("jira.webhook-secret", SECRET)).handle(Map.of(), Map.of("secret", SECRET), body);
    assertThat(events).containsExactly("feedback OPS-381 false_positive");
  }

  @Test
  void reopeningBecomesDelayedHit() {
    String body = event("5b10-dana", "To Do", "new", null, "Done");
    handler(Map.of("jira.webhook-secret", SECRET)).handle(signed(body), Map.of(), body);
    assertThat(events).containsExactly("feedback OPS-381 delayed_hit", "reopened OPS-381");
  }

  @Test
  void rejectsBadSecretsAndIgnoresOwnAndRepeatedDeliveries() {
    String body = event("5b10-dana", "Done", "done", "Done", null);
    JiraWebhookHandler h = handler(Map.of("jira.webhook-secret", SECRET));
    assertThat(h.handle(Map.of("x-hub-signature", "sha256=00"), Map.of(), body).status())
        .isEqualTo(401);
    assertThat(h.handle(Map.of(), Map.of("secret", "wrong"), body).status()).isEqualTo(401);
    assertThat(handler(Map.of()).handle(signed(body), Map.of(), body).status()).isEqualTo(403);
    String own = event("5b10-precursor", "Done", "done", "Done", null);
    assertThat(h.handle(signed(own), Map.of(), own).message()).contains("own account");
    Map<String, String> headers = new java.util.HashMap<>(signed(body));
    headers.put("x-atlassian-webhook-identifier", "d-1");
    assertThat(h.handle(headers, Map.of(), body).status()).isEqualTo(200);
    assertThat(h.handle(headers, Map.of(), body).message()).contains("already handled");
    assertThat(h.handle(signed("not json"), Map.of(), "not json").status()).isEqualTo(400);
    assertThat(events).hasSize(2);
  }
}
