package dev.precursor.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.DownstreamException;
import dev.precursor.draft.Document;
import dev.precursor.draft.MarkdownRenderer;
import dev.precursor.model.TicketLink;
import dev.precursor.ticket.TicketRequest;
import dev.precursor.ticket.TicketSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Files, updates and resolves Jira issues for situations (Cloud REST v3 or Data Center REST v2).
 *
 * <p>Dedup: every issue carries its dedup key as a label (searchable with JQL) and in the {@code
 * precursor} issue property (the authoritative record: a label match whose property names another
 * key is ignored). {@link #open} searches by label first, so a restart, a replay or a second engine
 * finds the issue instead of filing a duplicate; issues this process created are also checked
 * directly (Cloud search is eventually consistent). A match still open is reused; a match resolved
 * within {@code jira.reopen-window} is reopened (transition found by name) unless its resolution is
 * Won't-Do-like; otherwise a new issue is filed.
 *
 * <p>Resolve: the postmortem draft is attached as Markdown (once per issue), summarised in a
 * comment, and then the resolve transition (found by name) is applied — in that order, because some
 * workflows make resolved issues read-only. Thread-safe.
 */
public final class JiraTicketSink implements TicketSink {
  private static final Logger LOG = Logger.getLogger(JiraTicketSink.class.getName());
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> SEARCH_FIELDS =
      List.of("summary", "status", "resolution", "resolutiondate", "labels", "created");

  private final JiraClient client;
  private final JiraConfig config;
  private final JiraJsonMapper mapper;
  private final Clock clock;

  /** Issues this process created, by dedup key: read-after-write despite search lag. */
  private final Map<String, Created> created = new ConcurrentHashMap<>();

  private record Created(String id, String key) {}

  JiraTicketSink(JiraClient client, Clock clock) {
    this.client = client;
    this.config = client.config();
    this.mapper = new JiraJsonMapper(config);
    this.clock = clock;
  }

  /** A sink on a real HTTP client. */
  public static JiraTicketSink create(JiraConfig config, Clock clock) {
    return new JiraTicketSink(JiraClient.create(config), clock);
  }

  @Override
  public String system() {
    return "jira";
  }

  /** An issue found for a dedup key. */
  record Found(
      String id,
      String key,
      boolean done,
      @Nullable String resolution,
      @Nullable Instant resolvedAt) {}

  @Override
  public Optional<TicketLink> find(TicketRequest request) {
    return lookup(request.dedupKey()).map(f -> link(f.key()));
  }

  /**
   * The issue of a dedup key: the open one if any, else the most recently resolved one within the
   * reopen window whose resolution is not Won't-Do-like.
   */
  Optional<Found> lookup(String dedupKey) {
    List<Found> candidates = new ArrayList<>();
    Created mine = created.get(dedupKey);
    if (mine != null) {
      JsonNode issue =
          client.get(
              client.path("/issue/" + mine.key() + "?fields=status,resolution,resolutiondate"));
      candidates.add(found(issue));
    }
    for (JsonNode issue : search(dedupKey)) {
      if (!matchesProperty(issue, dedupKey)) {
        LOG.warning(
            "Jira issue "
                + issue.path("key").asText()
                + " has label "
                + dedupKey
                + " but its precursor property names another key; ignored");
        continue;
      }
      Found f = found(issue);
      if (candidates.stream().noneMatch(c -> c.key().equals(f.key()))) {
        candidates.add(f);
      }
    }
    Optional<Found> open = candidates.stream().filter(f -> !f.done()).findFirst();
    if (open.isPresent()) {
      return open;
    }
    Instant horizon = clock.instant().minus(config.reopenWindow());
    return candidates.stream()
        .filter(f -> f.resolvedAt() != null && !f.resolvedAt().isBefore(horizon))
        .filter(f -> !config.isWontDo(f.resolution()))
        .max((a, b) -> a.resolvedAt().compareTo(b.resolvedAt()));
  }

  private List<JsonNode> search(String dedupKey) {
    String jql =
        "project = \""
            + config.project()
            + "\" AND labels = \""
            + dedupKey
            + "\" ORDER BY created DESC";
    ObjectNode body = F.objectNode();
    body.put("jql", jql);
    body.put("maxResults", 20);
    ArrayNode fields = body.putArray("fields");
    SEARCH_FIELDS.forEach(fields::add);
    JsonNode answer;
    if (config.cloud()) {
      body.putArray("properties").add(JiraJsonMapper.PROPERTY);
      Created mine = created.get(dedupKey);
      if (mine != null && mine.id().matches("\\d+")) {
        // read-after-write consistency for the issue this process created
        body.putArray("reconcileIssues").add(Long.parseLong(mine.id()));
      }
      answer = client.post(client.path("/search/jql"), body);
    } else {
      body.put("startAt", 0);
      answer = client.post(client.path("/search"), body);
    }
    List<JsonNode> out = new ArrayList<>();
    answer.path("issues").forEach(out::add);
    return out;
  }

  private static boolean matchesProperty(JsonNode issue, String dedupKey) {
    JsonNode p = issue.path("properties").path(JiraJsonMapper.PROPERTY);
    return p.isMissingNode() || p.isNull() || dedupKey.equals(p.path("dedupKey").asText(dedupKey));
  }

  private static Found found(JsonNode issue) {
    JsonNode f = issue.path("fields");
    String category = f.path("status").path("statusCategory").path("key").asText("");
    JsonNode res = f.path("resolution");
    String resolution = res.isObject() ? res.path("name").asText(null) : null;
    return new Found(
        issue.path("id").asText(""),
        issue.path("key").asText(),
        category.equals("done"),
        resolution,
        JiraJsonMapper.time(f.path("resolutiondate")));
  }

  @Override
  public TicketLink open(TicketRequest request) {
    Optional<Found> existing = lookup(request.dedupKey());
    if (existing.isPresent()) {
      Found f = existing.get();
      if (f.done()) {
        reopen(f.key());
        LOG.info("reopened Jira issue " + f.key() + " for " + request.dedupKey());
      }
      return link(f.key());
    }
    JsonNode answer = client.post(client.path("/issue"), mapper.createIssue(request));
    String key = answer.path("key").asText(null);
    if (key == null || key.isBlank()) {
      throw new DownstreamException(
          JiraClient.SERVICE, 201, false, "POST /issue answered without an issue key: " + answer);
    }
    created.put(request.dedupKey(), new Created(answer.path("id").asText(""), key));
    LOG.info("filed Jira issue " + key + " for " + request.dedupKey());
    return link(key);
  }

  private void reopen(String issueKey) {
    JsonNode transitions = client.get(client.path("/issue/" + issueKey + "/transitions"));
    JsonNode chosen = byName(transitions, config.reopenTransition());
    if (chosen == null) {
      for (JsonNode t : transitions.path("transitions")) {
        if (!t.path("to").path("statusCategory").path("key").asText("").equals("done")) {
          chosen = t;
          break;
        }
      }
    }
    if (chosen == null) {
      throw new DownstreamException(
          JiraClient.SERVICE,
          400,
          false,
          "cannot reopen "
              + issueKey
              + ": no transition named '"
              + config.reopenTransition()
              + "' and none out of Done (available: "
              + names(transitions)
              + "); set jira.reopen-transition");
    }
    transition(issueKey, chosen, null);
  }

  @Override
  public void comment(TicketLink ticket, TicketRequest request, Document note) {
    postComment(ticket.key(), note);
  }

  private void postComment(String issueKey, Document note) {
    client.post(client.path("/issue/" + issueKey + "/comment"), mapper.comment(note));
  }

  @Override
  public void resolve(TicketLink ticket, TicketRequest request, Document postmortem) {
    JsonNode issue = attachAndSummarise(ticket, postmortem, true);
    if (config.resolveTransition() == null) {
      return;
    }
    String category =
        issue.path("fields").path("status").path("statusCategory").path("key").asText("");
    if (category.equals("done")) {
      return; // already resolved (by a human, or an earlier attempt)
    }
    JsonNode transitions = client.get(client.path("/issue/" + ticket.key() + "/transitions"));
    JsonNode chosen = byName(transitions, config.resolveTransition());
    if (chosen == null) {
      throw new DownstreamException(
          JiraClient.SERVICE,
          400,
          false,
          "cannot resolve "
              + ticket.key()
              + ": no transition named '"
              + config.resolveTransition()
              + "' from its current status (available: "
              + names(transitions)
              + "); set jira.resolve-transition to one of them, or 'none'");
    }
    transition(ticket.key(), chosen, config.resolution());
    LOG.info(
        "resolved Jira issue " + ticket.key() + " with transition " + chosen.path("name").asText());
  }

  @Override
  public void attachPostmortem(TicketLink ticket, TicketRequest request, Document postmortem) {
    attachAndSummarise(ticket, postmortem, false);
  }

  /**
   * Attaches the postmortem (unless attached already) and comments a summary; returns the issue.
   */
  private JsonNode attachAndSummarise(TicketLink ticket, Document postmortem, boolean recovered) {
    JsonNode issue =
        client.get(client.path("/issue/" + ticket.key() + "?fields=status,attachment"));
    String filename = "postmortem-" + ticket.key() + ".md";
    boolean attached = false;
    for (JsonNode a : issue.path("fields").path("attachment")) {
      if (filename.equals(a.path("filename").asText())) {
        attached = true;
      }
    }
    if (!attached) {
      client.attach(
          client.path("/issue/" + ticket.key() + "/attachments"),
          filename,
          "text/markdown",
          MarkdownRenderer.renderWithTitle(postmortem).getBytes(StandardCharsets.UTF_8));
      postComment(ticket.key(), summary(postmortem, filename, recovered));
    }
    return issue;
  }

  /** The closing comment: what happened, where the postmortem is, and its first section. */
  static Document summary(Document postmortem, String filename, boolean recovered) {
    List<Document.Block> blocks = new ArrayList<>();
    blocks.add(
        new Document.Heading(
            3, recovered ? "Precursor: the situation recovered" : "Precursor: postmortem draft"));
    blocks.add(
        new Document.Paragraph(
            List.of(
                Document.Text.plain("The postmortem draft is attached as "),
                new Document.Text(filename, false, true),
                Document.Text.plain(". Its summary:"))));
    int headings = 0;
    int taken = 0;
    for (Document.Block b : postmortem.blocks()) {
      if (b instanceof Document.Heading) {
        headings++;
        if (headings > 1 && taken > 0) {
          break;
        }
        continue;
      }
      blocks.add(b);
      if (++taken >= 6) {
        break;
      }
    }
    return new Document(postmortem.title(), blocks);
  }

  private void transition(String issueKey, JsonNode t, @Nullable String resolution) {
    ObjectNode body = F.objectNode();
    body.putObject("transition").put("id", t.path("id").asText());
    if (resolution != null) {
      body.putObject("fields").putObject("resolution").put("name", resolution);
    }
    client.post(client.path("/issue/" + issueKey + "/transitions"), body);
  }

  private static @Nullable JsonNode byName(JsonNode transitions, String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (JsonNode t : transitions.path("transitions")) {
      if (t.path("name").asText("").trim().toLowerCase(Locale.ROOT).equals(wanted)) {
        return t;
      }
    }
    for (JsonNode t : transitions.path("transitions")) {
      if (t.path("to").path("name").asText("").trim().toLowerCase(Locale.ROOT).equals(wanted)) {
        return t;
      }
    }
    return null;
  }

  private static String names(JsonNode transitions) {
    List<String> ns = new ArrayList<>();
    transitions.path("transitions").forEach(t -> ns.add(t.path("name").asText()));
    return ns.isEmpty() ? "none" : String.join(", ", ns);
  }

  private TicketLink link(String key) {
    return new TicketLink(
        system(), key, client.browseUrl(URLEncoder.encode(key, StandardCharsets.UTF_8)));
  }
}
