package dev.precursor.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.precursor.DownstreamException;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Json;
import dev.precursor.model.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Extracts incidents with an LLM through LangChain4j structured output: the model answers a JSON
 * object constrained by a JSON schema (fields of {@link Incident}, enums for family, metric kind,
 * direction and velocity, a confidence per field). The deterministic extraction runs first and
 * fills whatever the model leaves empty; when the call fails or the answer does not parse, the
 * deterministic result is used and a warning is logged. Thread-safe.
 */
public final class LlmExtractor implements IncidentExtractor {
  private static final Logger LOG = Logger.getLogger(LlmExtractor.class.getName());
  static final int MAX_INPUT_CHARS = 24_000;

  private static final String SYSTEM =
      "You decompose incident postmortems and past incident tickets into structured fields for an"
          + " incident-prediction system. Answer only with the JSON object the schema describes."
          + " Use only facts stated in the document; leave a field empty (\"\" or []) when the"
          + " document does not say. Times are RFC 3339 UTC (e.g. 2024-03-12T14:02:00Z); durations"
          + " are minutes. 'family' is the failure family; 'precursors' are signals that moved"
          + " BEFORE impact (kind of metric, direction, how fast it developed: sudden = minutes,"
          + " fast = within ~2 hours, slow = hours, creeping = days; leadTimeMinutes = how long"
          + " before impact it was visible, 0 if unknown). 'confidence' holds your confidence in"
          + " [0,1] for each field.";

  private final ChatModel model;
  private final IncidentExtractor fallback;

  public LlmExtractor(ChatModel model, IncidentExtractor fallback) {
    this.model = model;
    this.fallback = fallback;
  }

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public Incident extract(SourceDocument doc) {
    Incident base = fallback.extract(doc); // validates the document and fills the gaps
    String content = doc.content();
    if (content.length() > MAX_INPUT_CHARS) {
      content = content.substring(0, MAX_INPUT_CHARS);
    }
    ChatRequest request =
        ChatRequest.builder()
            .messages(
                SystemMessage.from(SYSTEM),
                UserMessage.from("Document format: " + doc.format().wire() + "\n\n" + content))
            .responseFormat(
                ResponseFormat.builder()
                    .type(ResponseFormatType.JSON)
                    .jsonSchema(JsonSchema.builder().name("incident").rootElement(SCHEMA).build())
                    .build())
            .build();
    String answer;
    try {
      ChatResponse response = model.chat(request);
      answer = response.aiMessage().text();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          doc.source()
              + ": LLM extraction failed, using the deterministic extraction: "
              + e.getMessage());
      return base;
    }
    try {
      return merge(base, Json.mapper().readTree(stripFences(answer)));
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          doc.source()
              + ": LLM answer is not the expected JSON, using the deterministic"
              + " extraction: "
              + e.getMessage());
      return base;
    }
  }

  /** Calls the model and fails loudly (for checks and tests); {@link #extract} never throws. */
  Incident extractStrict(SourceDocument doc) {
    Incident base = fallback.extract(doc);
    ChatResponse response;
    try {
      response =
          model.chat(
              ChatRequest.builder()
                  .messages(SystemMessage.from(SYSTEM), UserMessage.from(doc.content()))
                  .responseFormat(
                      ResponseFormat.builder()
                          .type(ResponseFormatType.JSON)
                          .jsonSchema(
                              JsonSchema.builder().name("incident").rootElement(SCHEMA).build())
                          .build())
                  .build());
    } catch (RuntimeException e) {
      throw new DownstreamException("llm", 0, true, e.getMessage(), e);
    }
    try {
      return merge(base, Json.mapper().readTree(stripFences(response.aiMessage().text())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new DownstreamException("llm", 200, false, "answer is not JSON: " + e.getMessage(), e);
    }
  }

  private static String stripFences(String s) {
    String t = s.strip();
    if (t.startsWith("```")) {
      t = t.replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
    }
    return t;
  }

  static Incident merge(Incident base, JsonNode a) {
    Incident.Builder b = base.toBuilder().extractor("llm");
    JsonNode conf = a.path("confidence");
    String title = text(a, "title");
    if (title != null) {
      b.title(title).confidence("title", conf(conf, "title"));
    }
    String date = text(a, "occurredAt");
    if (date != null) {
      try {
        b.occurredAt(Times.parse(date)).confidence("occurredAt", conf(conf, "occurredAt"));
      } catch (IllegalArgumentException e) {
        // keep the deterministic date
      }
    }
    String sev = text(a, "severity");
    if (sev != null) {
      b.severity(sev).confidence("severity", conf(conf, "severity"));
    }
    List<String> services = strings(a.path("services"));
    if (!services.isEmpty()) {
      b.services(services.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList())
          .confidence("services", conf(conf, "services"));
    }
    String rcs = text(a, "rootCauseService");
    if (rcs != null) {
      b.rootCauseService(rcs.toLowerCase(Locale.ROOT))
          .confidence("rootCauseService", conf(conf, "rootCauseService"));
    }
    String fam = text(a, "family");
    if (fam != null) {
      try {
        b.family(FailureFamily.parse(fam)).confidence("family", conf(conf, "family"));
      } catch (IllegalArgumentException e) {
        // keep the deterministic family
      }
    }
    String summary = text(a, "summary");
    if (summary != null) {
      b.summary(summary).confidence("summary", conf(conf, "summary"));
    }
    List<TimelineEntry> timeline = new ArrayList<>();
    for (JsonNode n : a.path("timeline")) {
      String t = text(n, "text");
      if (t != null) {
        timeline.add(new TimelineEntry(time(text(n, "at")), t));
      }
    }
    if (!timeline.isEmpty()) {
      b.timeline(timeline).confidence("timeline", conf(conf, "timeline"));
    }
    List<ConsideredHypothesis> hyps = new ArrayList<>();
    for (JsonNode n : a.path("hypotheses")) {
      String t = text(n, "text");
      if (t != null) {
        String verdict = text(n, "verdict");
        hyps.add(
            new ConsideredHypothesis(
                t,
                verdict == null || verdict.equals("unknown") ? null : verdict.equals("correct")));
      }
    }
    if (!hyps.isEmpty()) {
      b.hypotheses(hyps).confidence("hypotheses", conf(conf, "hypotheses"));
    }
    List<String> diagnostics = strings(a.path("diagnostics"));
    if (!diagnostics.isEmpty()) {
      b.diagnostics(diagnostics).confidence("diagnostics", conf(conf, "diagnostics"));
    }
    List<CauseFactor> factors = new ArrayList<>();
    for (JsonNode n : a.path("rootCauseFactors")) {
      String t = text(n, "text");
      if (t != null) {
        String k = text(n, "kind");
        factors.add(
            new CauseFactor(t, k == null ? CauseFactor.Kind.TECHNICAL : CauseFactor.Kind.parse(k)));
      }
    }
    if (!factors.isEmpty()) {
      b.rootCauseFactors(factors).confidence("rootCauseFactors", conf(conf, "rootCauseFactors"));
    }
    List<PrecursorSignal> signals = new ArrayList<>();
    for (JsonNode n : a.path("precursors")) {
      try {
        String desc = text(n, "description");
        double lead = n.path("leadTimeMinutes").asDouble(0);
        double c = n.path("confidence").asDouble(conf(conf, "precursors"));
        signals.add(
            new PrecursorSignal(
                MetricKind.parse(n.path("kind").asText()),
                Direction.valueOf(n.path("direction").asText().toUpperCase(Locale.ROOT)),
                VelocityBand.parse(n.path("velocity").asText()),
                lead > 0 ? Duration.ofSeconds(Math.round(lead * 60)) : null,
                text(n, "service"),
                desc == null ? n.path("kind").asText() + " " + n.path("direction").asText() : desc,
                Math.max(0, Math.min(1, c))));
      } catch (IllegalArgumentException e) {
        // an item outside the vocabulary is dropped, the rest kept
      }
    }
    if (!signals.isEmpty()) {
      b.precursors(signals).confidence("precursors", conf(conf, "precursors"));
    }
    List<String> contributing = strings(a.path("contributingFactors"));
    if (!contributing.isEmpty()) {
      b.contributingFactors(contributing)
          .confidence("contributingFactors", conf(conf, "contributingFactors"));
    }
    List<ResolutionAction> resolution = new ArrayList<>();
    for (JsonNode n : a.path("resolution")) {
      String action = text(n, "action");
      if (action != null) {
        resolution.add(new ResolutionAction(action, text(n, "effect"), time(text(n, "at"))));
      }
    }
    if (!resolution.isEmpty()) {
      b.resolution(resolution).confidence("resolution", conf(conf, "resolution"));
    }
    List<ChangeRef> changes = new ArrayList<>();
    for (JsonNode n : a.path("changes")) {
      String desc = text(n, "description");
      if (desc != null) {
        String k = text(n, "kind");
        changes.add(
            new ChangeRef(
                text(n, "service"),
                text(n, "version"),
                "config".equalsIgnoreCase(k) ? Deploy.Kind.CONFIG : Deploy.Kind.DEPLOY,
                time(text(n, "at")),
                desc));
      }
    }
    if (!changes.isEmpty()) {
      b.changes(changes).confidence("changes", conf(conf, "changes"));
    }
    double d2i = a.path("deployToImpactMinutes").asDouble(0);
    if (d2i > 0) {
      b.deployToImpact(Duration.ofSeconds(Math.round(d2i * 60)));
    }
    return b.build();
  }

  private static double conf(JsonNode conf, String field) {
    double c = conf.path(field).asDouble(0.8);
    return Double.isNaN(c) ? 0.8 : Math.max(0, Math.min(1, c));
  }

  private static @Nullable Instant time(@Nullable String s) {
    if (s == null) {
      return null;
    }
    try {
      return Times.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : arr) {
      String s = n.asText().trim();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- schema

  private static JsonSchemaElement str(String description) {
    return JsonStringSchema.builder().description(description).build();
  }

  private static JsonSchemaElement strings(String description) {
    return JsonArraySchema.builder()
        .description(description)
        .items(JsonStringSchema.builder().build())
        .build();
  }

  private static JsonSchemaElement enumOf(String description, List<String> values) {
    return JsonEnumSchema.builder().description(description).enumValues(values).build();
  }

  private static JsonSchemaElement object(String description, Object... nameAndSchema) {
    JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
    List<String> required = new ArrayList<>();
    for (int i = 0; i < nameAndSchema.length; i += 2) {
      b.addProperty((String) nameAndSchema[i], (JsonSchemaElement) nameAndSchema[i + 1]);
      required.add((String) nameAndSchema[i]);
    }
    return b.required(required).additionalProperties(false).build();
  }

  private static JsonSchemaElement arrayOf(String description, JsonSchemaElement item) {
    return JsonArraySchema.builder().description(description).items(item).build();
  }

  /** The JSON schema of the answer (strict: every property required, no others). */
  static final JsonObjectSchema SCHEMA = buildSchema();

  private static JsonObjectSchema buildSchema() {
    List<String> kinds = Arrays.stream(MetricKind.values()).map(MetricKind::wire).toList();
    Object[] confidences = new Object[Incident.FIELDS.size() * 2];
    for (int i = 0; i < Incident.FIELDS.size(); i++) {
      confidences[2 * i] = Incident.FIELDS.get(i);
      confidences[2 * i + 1] = JsonNumberSchema.builder().build();
    }
    return (JsonObjectSchema)
        object(
            "A decomposed incident",
            "title",
            str("short title"),
            "occurredAt",
            str("start of the incident, RFC 3339 UTC, or empty"),
            "severity",
            str("severity as written (SEV2, P1), or empty"),
            "services",
            strings("services involved, as named in the document"),
            "rootCauseService",
            str("the service where the root cause was, or empty"),
            "family",
            enumOf("failure family", FailureFamily.wireNames()),
            "summary",
            str("two or three sentences: what happened and the impact"),
            "timeline",
            arrayOf(
                "symptom timeline",
                object("an event", "at", str("RFC 3339 UTC or empty"), "text", str("event"))),
            "hypotheses",
            arrayOf(
                "hypotheses the responders considered",
                object(
                    "a hypothesis",
                    "text",
                    str("the hypothesis"),
                    "verdict",
                    enumOf("how it turned out", List.of("correct", "wrong", "unknown")))),
            "diagnostics",
            strings("diagnostic actions taken (commands, dumps, dashboards)"),
            "rootCauseFactors",
            arrayOf(
                "root-cause factors",
                object(
                    "a factor",
                    "text",
                    str("the factor"),
                    "kind",
                    enumOf("factor kind", List.of("technical", "organisational")))),
            "precursors",
            arrayOf(
                "signals that moved before impact",
                object(
                    "a precursor signal",
                    "kind",
                    enumOf("kind of metric", kinds),
                    "direction",
                    enumOf("direction", List.of("up", "down")),
                    "velocity",
                    enumOf("how fast", List.of("sudden", "fast", "slow", "creeping")),
                    "leadTimeMinutes",
                    JsonNumberSchema.builder()
                        .description("minutes before impact, 0 if unknown")
                        .build(),
                    "service",
                    str("service whose metric moved, or empty"),
                    "description",
                    str("the signal in words"),
                    "confidence",
                    JsonNumberSchema.builder().build())),
            "contributingFactors",
            strings("contributing factors"),
            "resolution",
            arrayOf(
                "resolution actions",
                object(
                    "an action",
                    "action",
                    str("what was done"),
                    "effect",
                    str("what it changed, or empty"),
                    "at",
                    str("RFC 3339 UTC or empty"))),
            "changes",
            arrayOf(
                "deploys or config changes involved",
                object(
                    "a change",
                    "service",
                    str("service"),
                    "version",
                    str("version or revision, or empty"),
                    "kind",
                    enumOf("kind", List.of("deploy", "config")),
                    "at",
                    str("RFC 3339 UTC or empty"),
                    "description",
                    str("the change in words"))),
            "deployToImpactMinutes",
            JsonNumberSchema.builder()
                .description("minutes from the change to impact, 0 if none")
                .build(),
            "confidence",
            object("confidence per field, 0..1", confidences));
  }
}
