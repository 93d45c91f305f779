package dev.precursor.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Json;
import dev.precursor.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON postmortems: the fields of {@link Incident} (with common aliases such as {@code
 * description}, {@code root_cause}, {@code affected_services}), strings or objects for list items.
 * Fields given explicitly are taken with confidence 1; the rest is extracted from the text fields
 * by the deterministic extractor, through a Markdown rendering of the document.
 */
final class JsonPostmortem {
  private JsonPostmortem() {}

  static Incident extract(SourceDocument doc, DeterministicExtractor text) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(doc.content());
    } catch (JsonProcessingException e) {
      throw new InvalidTelemetryException(
          doc.source()
              + ": malformed JSON at line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ": "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidTelemetryException(doc.source() + ": expected a JSON object postmortem");
    }
    String title = str(root, "title", "name", "headline", "short_description", "summary_title");
    if (title == null) {
      throw new InvalidTelemetryException(doc.source() + ": the JSON postmortem has no 'title'");
    }
    List<String> problems = new ArrayList<>();
    String markdown = render(root, title);
    Incident base =
        text.extract(
            new SourceDocument(
                doc.source(),
                markdown,
                SourceDocument.Format.MARKDOWN,
                title,
                doc.occurredAt(),
                doc.labels()));
    Incident.Builder b = base.toBuilder().extractor(text.name());

    String date = str(root, "occurredAt", "date", "startedAt", "started_at", "start", "opened_at");
    if (date != null) {
      try {
        b.occurredAt(Times.parse(date.length() == 10 ? date + "T00:00:00Z" : date))
            .confidence("occurredAt", 1);
      } catch (IllegalArgumentException e) {
        problems.add("'date': " + e.getMessage());
      }
    }
    String sev = str(root, "severity", "sev", "priority");
    if (sev != null) {
      b.severity(sev).confidence("severity", 1);
    }
    List<String> services = strings(root, "services", "affected_services", "affectedServices");
    if (!services.isEmpty()) {
      b.services(services.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList())
          .confidence("services", 1);
    }
    String rcs = str(root, "rootCauseService", "root_cause_service", "culprit");
    if (rcs != null) {
      b.rootCauseService(rcs.toLowerCase(Locale.ROOT)).confidence("rootCauseService", 1);
    }
    String fam = str(root, "family", "failureFamily", "failure_family", "category");
    if (fam != null) {
      try {
        b.family(FailureFamily.parse(fam)).confidence("family", 1);
      } catch (IllegalArgumentException e) {
        problems.add("'family': " + e.getMessage());
      }
    }
    JsonNode pre = first(root, "precursors", "precursor_signals", "signals");
    if (pre != null && pre.isArray() && pre.size() > 0 && pre.get(0).isObject()) {
      List<PrecursorSignal> signals = new ArrayList<>();
      int i = 0;
      for (JsonNode n : pre) {
        try {
          signals.add(signal(n));
        } catch (IllegalArgumentException e) {
          problems.add("'precursors[" + i + "]': " + e.getMessage());
        }
        i++;
      }
      b.precursors(signals).confidence("precursors", 1);
    }
    JsonNode ch = first(root, "changes", "deploys", "deploy", "change");
    if (ch != null && (ch.isObject() || (ch.isArray() && ch.size() > 0 && ch.get(0).isObject()))) {
      List<ChangeRef> changes = new ArrayList<>();
      for (JsonNode n : ch.isArray() ? ch : List.of(ch)) {
        try {
          changes.add(change(n));
        } catch (IllegalArgumentException e) {
          problems.add("'changes': " + e.getMessage());
        }
      }
      b.changes(changes).confidence("changes", 1);
    }
    String d2i = str(root, "deployToImpact", "deploy_to_impact", "deployToImpactMinutes");
    if (d2i != null) {
      try {
        b.deployToImpact(TextPatterns.parseDuration(d2i));
      } catch (IllegalArgumentException e) {
        problems.add("'deployToImpact': " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidTelemetryException(doc.source() + ": " + String.join("; ", problems));
    }
    Incident built = b.build();
    if (built.deployToImpact() == null && built.occurredAt() != null) {
      // the latest change before the incident started
      Duration best = null;
      for (ChangeRef c : built.changes()) {
        if (c.at() != null && c.at().isBefore(built.occurredAt())) {
          Duration d = Duration.between(c.at(), built.occurredAt());
          if (best == null || d.compareTo(best) < 0) {
            best = d;
          }
        }
      }
      if (best != null) {
        built = built.toBuilder().deployToImpact(best).build();
      }
    }
    return built;
  }

  private static PrecursorSignal signal(JsonNode n) {
    String kind = str(n, "kind", "metric", "metricKind", "metric_kind");
    String desc = str(n, "description", "text", "signal");
    if (kind == null && desc == null) {
      throw new IllegalArgumentException("needs 'kind' or 'description'");
    }
    MetricKind k =
        kind != null
            ? MetricKind.parse(kind)
            : MetricKind.ofText(desc)
                .orElseThrow(
                    () -> new IllegalArgumentException("no metric kind in '" + desc + "'"));
    String dir = str(n, "direction");
    Direction d =
        dir != null
            ? Direction.valueOf(dir.trim().toUpperCase(Locale.ROOT))
            : TextPatterns.direction(desc == null ? "" : desc).orElse(Direction.UP);
    String vel = str(n, "velocity", "speed", "band");
    VelocityBand v =
        vel != null
            ? VelocityBand.parse(vel)
            : TextPatterns.band(desc == null ? "" : desc).orElse(VelocityBand.FAST);
    String lead = str(n, "leadTime", "lead_time", "leadTimeMinutes", "lead_time_minutes");
    Duration lt = lead == null ? null : TextPatterns.parseDuration(lead);
    String description =
        desc != null
            ? desc
            : k.wire()
                + " "
                + d.wire()
                + " ("
                + v.wire()
                + ")"
                + (lt == null ? "" : ", " + lt.toMinutes() + " min before impact");
    return new PrecursorSignal(k, d, v, lt, str(n, "service"), description, 1.0);
  }

  private static ChangeRef change(JsonNode n) {
    String kind = str(n, "kind", "type");
    String at = str(n, "at", "time", "timestamp");
    Instant when = at == null ? null : Times.parse(at);
    String desc = str(n, "description", "text", "summary");
    String service = str(n, "service");
    String version = str(n, "version", "revision", "build");
    return new ChangeRef(
        service == null ? null : service.toLowerCase(Locale.ROOT),
        version,
        kind == null ? Deploy.Kind.DEPLOY : Deploy.Kind.parse(kind),
        when,
        desc != null ? desc : (kind == null ? "deploy" : kind) + " of " + service + " " + version);
  }

  /** A Markdown rendering of the JSON, for the deterministic extraction of the remaining fields. */
  private static String render(JsonNode root, String title) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    meta(md, root, "Date", "occurredAt", "date", "startedAt", "started_at", "start", "opened_at");
    meta(md, root, "Severity", "severity", "sev", "priority");
    List<String> services = strings(root, "services", "affected_services", "affectedServices");
    if (!services.isEmpty()) {
      md.append("Services: ").append(String.join(", ", services)).append('\n');
    }
    meta(md, root, "Root cause service", "rootCauseService", "root_cause_service", "culprit");
    md.append('\n');
    section(md, root, "Summary", "summary", "description", "overview", "impact");
    section(md, root, "Timeline", "timeline", "events");
    section(md, root, "Precursor signals", "precursors", "precursor_signals", "signals");
    section(md, root, "Hypotheses", "hypotheses", "investigation");
    section(md, root, "Diagnostics", "diagnostics", "diagnostic_actions");
    section(md, root, "Root cause", "rootCause", "root_cause", "rootCauseFactors", "cause");
    section(md, root, "Contributing factors", "contributingFactors", "contributing_factors");
    section(md, root, "Resolution", "resolution", "remediation", "mitigation", "close_notes");
    section(md, root, "Changes", "changes", "deploys", "deploy", "change");
    section(md, root, "Action items", "actionItems", "action_items", "followUps");
    return md.toString();
  }

  private static void meta(StringBuilder md, JsonNode root, String label, String... names) {
    String v = str(root, names);
    if (v != null) {
      md.append(label).append(": ").append(v).append('\n');
    }
  }

  private static void section(StringBuilder md, JsonNode root, String heading, String... names) {
    JsonNode n = first(root, names);
    if (n == null || n.isNull()) {
      return;
    }
    md.append("## ").append(heading).append("\n\n");
    if (n.isArray()) {
      for (JsonNode item : n) {
        md.append("- ").append(itemText(item)).append('\n');
      }
    } else if (n.isObject()) {
      md.append("- ").append(itemText(n)).append('\n');
    } else {
      md.append(n.asText()).append('\n');
    }
    md.append('\n');
  }

  private static String itemText(JsonNode item) {
    if (!item.isObject()) {
      return item.asText();
    }
    String at = str(item, "at", "time", "timestamp");
    String text =
        str(item, "text", "event", "description", "action", "hypothesis", "summary", "signal");
    StringBuilder sb = new StringBuilder();
    if (at != null) {
      sb.append(at).append(" — ");
    }
    if (text != null) {
      sb.append(text);
    } else {
      List<String> parts = new ArrayList<>();
      item.fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isContainerNode() && !e.getKey().equals("at")) {
                  parts.add(e.getKey() + " " + e.getValue().asText());
                }
              });
      sb.append(String.join(", ", parts));
    }
    String effect = str(item, "effect", "result", "outcome");
    if (effect != null) {
      sb.append(" → ").append(effect);
    }
    JsonNode correct = first(item, "correct", "confirmed");
    if (correct != null && correct.isBoolean()) {
      sb.append(correct.asBoolean() ? " (confirmed)" : " (ruled out)");
    }
    return sb.toString();
  }

  private static @Nullable JsonNode first(JsonNode n, String... names) {
    for (String name : names) {
      JsonNode v = n.get(name);
      if (v != null && !v.isNull()) {
        return v;
      }
    }
    return null;
  }

  private static @Nullable String str(JsonNode n, String... names) {
    JsonNode v = first(n, names);
    if (v == null || v.isContainerNode()) {
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  private static List<String> strings(JsonNode n, String... names) {
    JsonNode v = first(n, names);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v.isArray()) {
      for (JsonNode x : v) {
        String s = x.isObject() ? str(x, "name", "service") : x.asText();
        if (s != null && !s.isBlank()) {
          out.add(s.trim());
        }
      }
    } else {
      for (String s : v.asText().split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }
}
