package dev.precursor.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.memory.IncidentSource;
import dev.precursor.memory.PastTicket;
import dev.precursor.ticket.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Past incidents from Jira for {@code precursor learn jira:PROJECT [JQL]}: pages through the
 * project's resolved issues (Cloud: {@code /search/jql} with {@code nextPageToken}; Data Center:
 * {@code /search} with {@code startAt}) and hands each one over as a {@link PastTicket} with its
 * description, comments and resolution as plain text. 429 and 5xx answers are retried in place.
 */
public final class JiraIncidentSource implements IncidentSource {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern PROJECT =
      Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9_]*)(?:\\s+|:|$)(.*)$", Pattern.DOTALL);
  private static final Pattern ORDER_BY = Pattern.compile("(?i)\\border\\s+by\\b");
  private static final List<String> FIELDS =
      List.of(
          "summary",
          "description",
          "comment",
          "resolution",
          "resolutiondate",
          "created",
          "labels",
          "components",
          "issuetype",
          "priority");

  private final JiraClient client;
  private final RetryPolicy retry;
  private final int pageSize;

  JiraIncidentSource(JiraClient client, RetryPolicy retry, int pageSize) {
    this.client = client;
    this.retry = retry;
    this.pageSize = pageSize;
  }

  /** A source on a real HTTP client, 100 issues per page. */
  public static JiraIncidentSource create(JiraConfig config) {
    return new JiraIncidentSource(JiraClient.create(config), RetryPolicy.defaults(), 100);
  }

  @Override
  public String scheme() {
    return "jira";
  }

  /**
   * The JQL for a learn query: {@code PROJECT} or {@code PROJECT JQL-condition} (also {@code
   * PROJECT:JQL}); resolved issues only, oldest first unless the condition has its own {@code ORDER
   * BY}.
   *
   * @throws IllegalArgumentException when the query does not start with a project key
   */
  static String jql(String query) {
    Matcher m = PROJECT.matcher(query);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "jira: expected jira:PROJECT or jira:PROJECT JQL (e.g. jira:OPS or 'jira:OPS"
              + " issuetype = Incident'), got 'jira:"
              + query
              + "'");
    }
    String project = m.group(1).toUpperCase(Locale.ROOT);
    String rest = m.group(2).trim();
    String order = "ORDER BY created ASC";
    Matcher ob = ORDER_BY.matcher(rest);
    if (ob.find()) {
      order = rest.substring(ob.start()).trim();
      rest = rest.substring(0, ob.start()).trim();
    }
    StringBuilder sb =
        new StringBuilder("project = \"").append(project).append("\" AND resolution IS NOT EMPTY");
    if (!rest.isEmpty()) {
      sb.append(" AND (").append(rest).append(')');
    }
    return sb.append(' ').append(order).toString();
  }

  @Override
  public long fetch(String query, Consumer<PastTicket> sink) {
    String jql = jql(query);
    long delivered = 0;
    if (client.config().cloud()) {
      String token = null;
      while (true) {
        ObjectNode body = body(jql);
        if (token != null) {
          body.put("nextPageToken", token);
        }
        JsonNode page =
            retry.call("Jira search", () -> client.post(client.path("/search/jql"), body));
        for (JsonNode issue : page.path("issues")) {
          sink.accept(ticket(issue));
          delivered++;
        }
        JsonNode next = page.path("nextPageToken");
        boolean last =
            page.path("isLast").asBoolean(false)
                || next.isMissingNode()
                || next.isNull()
                || next.asText().isEmpty();
        if (last || page.path("issues").isEmpty()) {
          return delivered;
        }
        token = next.asText();
      }
    }
    int startAt = 0;
    while (true) {
      ObjectNode body = body(jql);
      body.put("startAt", startAt);
      JsonNode page = retry.call("Jira search", () -> client.post(client.path("/search"), body));
      int n = 0;
      for (JsonNode issue : page.path("issues")) {
        sink.accept(ticket(issue));
        delivered++;
        n++;
      }
      startAt += n;
      long total = page.path("total").asLong(-1);
      if (n == 0 || (total >= 0 && startAt >= total)) {
        return delivered;
      }
    }
  }

  private ObjectNode body(String jql) {
    ObjectNode body = F.objectNode();
    body.put("jql", jql);
    body.put("maxResults", pageSize);
    ArrayNode fields = body.putArray("fields");
    FIELDS.forEach(fields::add);
    return body;
  }

  private PastTicket ticket(JsonNode issue) {
    JsonNode f = issue.path("fields");
    String key = issue.path("key").asText();
    StringBuilder body = new StringBuilder(JiraJsonMapper.plainText(f.path("description")));
    List<String> comments = new ArrayList<>();
    for (JsonNode c : f.path("comment").path("comments")) {
      String t = JiraJsonMapper.plainText(c.path("body"));
      if (!t.isBlank()) {
        comments.add(t);
      }
    }
    if (!comments.isEmpty()) {
      body.append("\n\nComments:\n").append(String.join("\n\n", comments));
    }
    String resolution = f.path("resolution").path("name").asText("");
    if (!resolution.isEmpty()) {
      body.append("\n\nResolution: ").append(resolution);
    }
    List<String> labels = new ArrayList<>();
    f.path("labels").forEach(l -> labels.add(l.asText()));
    f.path("components").forEach(c -> labels.add("component:" + c.path("name").asText()));
    return new PastTicket(
        "jira",
        key,
        f.path("summary").asText(key),
        body.toString().trim(),
        JiraJsonMapper.time(f.path("created")),
        JiraJsonMapper.time(f.path("resolutiondate")),
        labels,
        client.browseUrl(key));
  }
}
