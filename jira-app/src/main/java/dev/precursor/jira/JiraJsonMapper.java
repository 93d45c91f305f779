package dev.precursor.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.draft.AdfRenderer;
import dev.precursor.draft.Document;
import dev.precursor.draft.WikiRenderer;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.Situation;
import dev.precursor.ticket.TicketRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns tickets into Jira's JSON and Jira's JSON into values: issue fields (summary, description as
 * ADF or wiki markup, labels, priority, components, custom fields), comment bodies, and Jira's
 * timestamps. The one place that knows Jira's wire shapes.
 */
final class JiraJsonMapper {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Jira rejects text fields over 32 767 characters. */
  static final int MAX_TEXT = 32_767;

  static final String PROPERTY = "precursor";
  private static final DateTimeFormatter JIRA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX", Locale.ROOT);

  private final JiraConfig config;

  JiraJsonMapper(JiraConfig config) {
    this.config = config;
  }

  /** The body of {@code POST /issue}: fields plus the {@code precursor} issue property. */
  ObjectNode createIssue(TicketRequest r) {
    ObjectNode body = F.objectNode();
    ObjectNode fields = body.putObject("fields");
    fields.putObject("project").put("key", config.project());
    String type = config.issueType();
    if (type.chars().allMatch(Character::isDigit)) {
      fields.putObject("issuetype").put("id", type);
    } else {
      fields.putObject("issuetype").put("name", type);
    }
    fields.put("summary", summary(r));
    fields.set("description", richText(r.body()));
    ArrayNode labels = fields.putArray("labels");
    Set<String> ls = new LinkedHashSet<>(config.labels());
    ls.add(r.dedupKey());
    ls.forEach(labels::add);
    String priority = priority(r.prediction(), r.situation());
    if (priority != null) {
      fields.putObject("priority").put("name", priority);
    }
    List<String> components = components(r);
    if (!components.isEmpty()) {
      ArrayNode cs = fields.putArray("components");
      components.forEach(c -> cs.addObject().put("name", c));
    }
    config.customFields().forEach((id, template) -> fields.set(id, customValue(template, r)));
    ArrayNode props = body.putArray("properties");
    ObjectNode p = props.addObject();
    p.put("key", PROPERTY);
    p.set("value", property(r));
    return body;
  }

  /** The {@code precursor} issue property: the authoritative record of the dedup key. */
  ObjectNode property(TicketRequest r) {
    ObjectNode v = F.objectNode();
    v.put("dedupKey", r.dedupKey());
    v.put("environment", r.environment());
    v.put("situationId", r.situation().id());
    v.put("service", r.prediction().service());
    v.put("pattern", r.prediction().pattern());
    return v;
  }

  static String summary(TicketRequest r) {
    String t = r.body().title().replaceAll("\\s+", " ").trim();
    if (t.isEmpty()) {
      t = "Precursor: incident predicted on " + r.prediction().service();
    }
    return t.length() <= 255 ? t : t.substring(0, 254) + "…";
  }

  /**
   * A description or comment body: ADF (v3) or wiki markup (v2), kept under Jira's size limit by
   * dropping trailing blocks and saying so.
   */
  JsonNode richText(Document doc) {
    Document d = doc;
    while (true) {
      JsonNode rendered =
          config.cloud() ? AdfRenderer.render(d) : F.textNode(WikiRenderer.render(d));
      int size = config.cloud() ? rendered.toString().length() : rendered.asText().length();
      if (size <= MAX_TEXT || d.blocks().size() <= 1) {
        if (size > MAX_TEXT && !config.cloud()) {
          return F.textNode(rendered.asText().substring(0, MAX_TEXT - 20) + "\n… (truncated)");
        }
        return rendered;
      }
      List<Document.Block> blocks = new ArrayList<>(d.blocks());
      if (d != doc) {
        blocks.remove(blocks.size() - 1); // the truncation note
      }
      blocks.remove(blocks.size() - 1);
      blocks.add(Document.Paragraph.of("(truncated: the full draft is too long for a Jira field)"));
      d = new Document(doc.title(), blocks);
    }
  }

  /** Priority from confidence and impact: score = confidence + 0.02 per extra service. */
  @Nullable String priority(Prediction p, Situation s) {
    if (config.priorities().isEmpty()) {
      return null;
    }
    double score = Math.min(1.0, p.confidence() + 0.02 * Math.max(0, s.services().size() - 1));
    for (Map.Entry<Double, String> e : config.priorities().entrySet()) {
      if (score >= e.getKey()) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Components mapped from the impacted, root-cause and involved services, in that order. */
  List<String> components(TicketRequest r) {
    if (config.components().isEmpty()) {
      return List.of();
    }
    Set<String> services = new LinkedHashSet<>();
    services.add(r.prediction().service());
    if (r.prediction().rootCause() != null) {
      services.add(r.prediction().rootCause().service());
    }
    services.addAll(r.situation().services());
    Set<String> out = new LinkedHashSet<>();
    for (String s : services) {
      String c = config.components().get(s.toLowerCase(Locale.ROOT));
      if (c != null) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  JsonNode customValue(String template, TicketRequest r) {
    Prediction p = r.prediction();
    String v =
        template
            .replace("{service}", p.service())
            .replace("{rootCauseService}", p.rootCause() == null ? "" : p.rootCause().service())
            .replace("{environment}", r.environment())
            .replace("{tier}", p.tier().wire())
            .replace("{confidence}", String.format(Locale.ROOT, "%.2f", p.confidence()))
            .replace("{dedupKey}", r.dedupKey())
            .replace("{situationId}", r.situation().id());
    String t = v.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
      try {
        return Json.mapper().readTree(t);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "jira.custom-fields: value is not valid JSON after substitution: " + t, e);
      }
    }
    if (!t.isEmpty() && t.matches("-?\\d+(\\.\\d+)?")) {
      return F.numberNode(new java.math.BigDecimal(t));
    }
    return F.textNode(v);
  }

  /** A comment body. */
  ObjectNode comment(Document note) {
    ObjectNode body = F.objectNode();
    body.set("body", richText(note));
    return body;
  }

  /** Parses Jira's {@code 2026-11-23T14:40:00.000+0000} (and ISO-8601) timestamps. */
  static @Nullable Instant time(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode() || n.asText().isBlank()) {
      return null;
    }
    String s = n.asText();
    try {
      return OffsetDateTime.parse(s, JIRA_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** Formats an instant as Jira does. */
  static String format(Instant t) {
    return JIRA_TIME.format(t.atOffset(java.time.ZoneOffset.UTC));
  }

  /** The plain text of a description or comment: ADF (v3) or a wiki string (v2). */
  static String plainText(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    if (n.isTextual()) {
      return n.asText();
    }
    StringBuilder sb = new StringBuilder();
    adfText(n, sb);
    return sb.toString().replaceAll("\n{3,}", "\n\n").trim();
  }

  private static void adfText(JsonNode n, StringBuilder sb) {
    String type = n.path("type").asText("");
    if (type.equals("text")) {
      sb.append(n.path("text").asText(""));
      return;
    }
    if (type.equals("hardBreak")) {
      sb.append('\n');
      return;
    }
    if (type.equals("listItem")) {
      sb.append("- ");
    }
    for (JsonNode c : n.path("content")) {
      adfText(c, sb);
    }
    if (Set.of("paragraph", "heading", "codeBlock", "listItem", "tableRow", "rule", "blockquote")
        .contains(type)) {
      sb.append('\n');
    } else if (type.equals("tableCell") || type.equals("tableHeader")) {
      sb.append(" | ");
    }
  }
}
