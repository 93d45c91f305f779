package dev.precursor.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.model.Json;
import dev.precursor.ticket.DedupKeys;
import dev.precursor.ticket.TicketEvents;
import dev.precursor.ticket.WebhookHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/webhooks/jira}: Jira's {@code jira:issue_updated} deliveries for Precursor's
 * issues (those with a dedup-key label). Authenticated by the shared secret {@code
 * jira.webhook-secret}: an HMAC-SHA256 signature of the raw body in {@code X-Hub-Signature:
 * sha256=<hex>} (Jira Cloud admin webhooks with a secret) or {@code ?secret=<secret>} in the
 * webhook URL (Data Center, whose webhooks cannot sign). A human moving the issue to Done becomes a
 * postmortem draft plus feedback (false positive when the resolution is Won't-Do-like, else true
 * positive); a human reopening it becomes feedback ({@code delayed_hit}) and reopens the key.
 * Deliveries by Precursor's own account ({@code jira.account-id}) and repeated deliveries ({@code
 * X-Atlassian-Webhook-Identifier}) are ignored.
 */
public final class JiraWebhookHandler implements WebhookHandler {
  private static final Logger LOG = Logger.getLogger(JiraWebhookHandler.class.getName());
  private static final int SEEN = 1000;
  private final JiraConfig config;
  private final TicketEvents events;
  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > SEEN;
        }
      };

  public JiraWebhookHandler(JiraConfig config, TicketEvents events) {
    this.config = config;
    this.events = events;
  }

  @Override
  public String name() {
    return "jira";
  }

  @Override
  public Response handle(Map<String, String> headers, Map<String, String> query, String body) {
    if (config.webhookSecret() == null) {
      return new Response(
          403, "Jira webhooks are disabled: set jira.webhook-secret and use it in the webhook");
    }
    if (!authentic(headers, query, body)) {
      return new Response(
          401,
          "bad or missing webhook secret: expected X-Hub-Signature: sha256=<HMAC of the body> or"
              + " ?secret=<jira.webhook-secret>");
    }
    JsonNode event;
    try {
      event = Json.mapper().readTree(body);
    } catch (IOException e) {
      return new Response(400, "not a JSON webhook body: " + e.getMessage());
    }
    if (event == null || !event.isObject()) {
      return new Response(400, "not a Jira webhook event: expected a JSON object");
    }
    String delivery = headers.get("x-atlassian-webhook-identifier");
    if (delivery != null) {
      synchronized (seen) {
        if (seen.put(delivery, Boolean.TRUE) != null) {
          return new Response(200, "already handled delivery " + delivery);
        }
      }
    }
    String type = event.path("webhookEvent").asText("");
    if (!type.equals("jira:issue_updated")) {
      return new Response(202, "ignored: event " + type);
    }
    JsonNode user = event.path("user");
    if (config.accountId() != null
        && (config.accountId().equals(user.path("accountId").asText(null))
            || config.accountId().equals(user.path("name").asText(null))
            || config.accountId().equals(user.path("key").asText(null)))) {
      return new Response(202, "ignored: change made by Precursor's own account");
    }
    JsonNode issue = event.path("issue");
    String issueKey = issue.path("key").asText("");
    String dedupKey = null;
    for (JsonNode l : issue.path("fields").path("labels")) {
      if (DedupKeys.isKey(l.asText())) {
        dedupKey = l.asText();
      }
    }
    if (issueKey.isEmpty() || dedupKey == null) {
      return new Response(202, "ignored: not a Precursor issue");
    }
    boolean statusChanged = false;
    String resolutionFrom = null;
    String resolutionTo = null;
    boolean resolutionChanged = false;
    for (JsonNode item : event.path("changelog").path("items")) {
      String field = item.path("field").asText("");
      if (field.equalsIgnoreCase("status")) {
        statusChanged = true;
      } else if (field.equalsIgnoreCase("resolution")) {
        resolutionChanged = true;
        resolutionFrom = text(item.path("fromString"));
        resolutionTo = text(item.path("toString"));
      }
    }
    if (!statusChanged && !resolutionChanged) {
      return new Response(202, "ignored: no status change");
    }
    String category =
        issue.path("fields").path("status").path("statusCategory").path("key").asText("");
    if (category.equals("done")) {
      String resolution =
          resolutionTo != null
              ? resolutionTo
              : text(issue.path("fields").path("resolution").path("name"));
      String who = user.path("displayName").asText("a user");
      if (config.isWontDo(resolution)) {
        LOG.info(issueKey + " closed as '" + resolution + "' by " + who + ": false positive");
        events.feedback("jira", issueKey, dedupKey, "false_positive");
        return new Response(200, issueKey + ": recorded as false positive (" + resolution + ")");
      }
      LOG.info(issueKey + " resolved by " + who + ": drafting the postmortem");
      events.feedback("jira", issueKey, dedupKey, "true_positive");
      events.resolvedByHuman("jira", issueKey, dedupKey);
      return new Response(200, issueKey + ": resolved by a human; postmortem requested");
    }
    if (resolutionChanged && resolutionTo == null && resolutionFrom != null) {
      LOG.info(issueKey + " reopened by " + user.path("displayName").asText("a user"));
      events.feedback("jira", issueKey, dedupKey, "delayed_hit");
      events.reopenedByHuman("jira", issueKey, dedupKey);
      return new Response(200, issueKey + ": reopened by a human; recorded as delayed hit");
    }
    return new Response(202, "ignored: status change within the open statuses");
  }

  private boolean authentic(Map<String, String> headers, Map<String, String> query, String body) {
    String secret = config.webhookSecret();
    if (secret == null) {
      return false;
    }
    String q = query.get("secret");
    if (q != null
        && MessageDigest.isEqual(
            q.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
      return true;
    }
    String sig = headers.get("x-hub-signature");
    if (sig == null || !sig.startsWith("sha256=")) {
      return false;
    }
    byte[] expected = hmac(secret, body);
    try {
      byte[] given = HexFormat.of().parseHex(sig.substring("sha256=".length()).trim());
      return MessageDigest.isEqual(given, expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** HMAC-SHA256 of the body under the secret (what Jira puts in {@code X-Hub-Signature}). */
  static byte[] hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  private static @Nullable String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank() ? null : n.asText();
  }
}
