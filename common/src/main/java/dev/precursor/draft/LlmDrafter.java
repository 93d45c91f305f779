package dev.precursor.draft;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.precursor.draft.Document.Block;
import dev.precursor.draft.Document.BulletList;
import dev.precursor.draft.Document.Heading;
import dev.precursor.draft.Document.Inline;
import dev.precursor.draft.Document.Paragraph;
import dev.precursor.draft.Document.Table;
import dev.precursor.draft.Document.Text;
import dev.precursor.model.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A grounded LLM {@link Drafter} on a LangChain4j {@link ChatModel}. The template draft is always
 * built first and keeps every factual block (signal table, hypotheses, timeline, similar incidents,
 * links); the model only writes the narrative parts (title, summary, analysis, actions; for a
 * postmortem also impact, contributing factors, detection, went well/poorly, action items).
 *
 * <p>The model sees only the evidence JSON of {@link LlmEvidence}, redacted by {@link Redactor}
 * when {@code llm.redact} is on, trimmed to the input token budget; it must answer one JSON object
 * of a fixed schema. Every service, metric, endpoint, version and incident id in the answer is
 * checked against that evidence ({@link Grounding}); sentences and items naming anything unknown
 * are dropped. When the call fails (timeout, 4xx, retries on 429/5xx exhausted), the answer is not
 * valid JSON of the schema, or nothing grounded remains of the summary, the template draft is
 * returned unchanged. Never throws for LLM trouble. Thread-safe if the model is.
 */
public final class LlmDrafter implements Drafter {
  private static final Logger LOG = Logger.getLogger(LlmDrafter.class.getName());
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
  private static final int MAX_TEXT = 1500;
  private static final int MAX_ITEM = 300;
  private static final int MAX_ITEMS = 8;

  private final ChatModel model;
  private final String modelLabel;
  private final Options options;
  private final TemplateDrafter template;
  private final Consumer<Outcome> onOutcome;
  private final Pause pause;

  /**
   * Limits of one drafter.
   *
   * @param redact mask IPs, e-mails, host names and secrets before sending
   * @param maxRetries retries of a call answered 429 or 5xx
   * @param retryBackoff wait before the first retry; doubles with each retry
   * @param maxInputTokens budget of the prompt (estimated at 4 characters a token)
   * @param maxOutputTokens budget of the answer, sent to the model
   */
  public record Options(
      boolean redact,
      int maxRetries,
      Duration retryBackoff,
      int maxInputTokens,
      int maxOutputTokens) {
    public Options {
      Objects.requireNonNull(retryBackoff, "retryBackoff");
      if (maxRetries < 0 || maxInputTokens < 500 || maxOutputTokens < 200) {
        throw new IllegalArgumentException(
            "llm options: max-retries >= 0, max-input-tokens >= 500, max-output-tokens >= 200");
      }
    }
  }

  /**
   * What happened to one draft: whether the LLM's text was used, why not, how many names were
   * dropped, how many calls were made.
   */
  public record Outcome(
      String kind, boolean llmUsed, String detail, List<String> droppedNames, int calls) {}

  /** Waits between retries; the default sleeps. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  public LlmDrafter(ChatModel model, String modelLabel, Options options) {
    this(model, modelLabel, options, LlmDrafter::log, d -> Thread.sleep(d.toMillis()));
  }

  public LlmDrafter(
      ChatModel model,
      String modelLabel,
      Options options,
      Consumer<Outcome> onOutcome,
      Pause pause) {
    this.model = Objects.requireNonNull(model, "model");
    this.modelLabel = modelLabel;
    this.options = options;
    this.template = new TemplateDrafter();
    this.onOutcome = onOutcome;
    this.pause = pause;
  }

  private static void log(Outcome o) {
    if (o.llmUsed()) {
      LOG.fine(() -> "LLM " + o.kind() + " draft used: " + o.detail());
    } else {
      LOG.warning("LLM " + o.kind() + " draft not used, template instead: " + o.detail());
    }
  }

  @Override
  public Document ticket(DraftContext context) {
    return draft(Kind.TICKET, context);
  }

  @Override
  public Document postmortem(DraftContext context) {
    return draft(Kind.POSTMORTEM, context);
  }

  private enum Kind {
    TICKET,
    POSTMORTEM;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Document draft(Kind kind, DraftContext context) {
    DraftFacts f = new DraftFacts(context);
    Document base = kind == Kind.TICKET ? template.ticket(context) : template.postmortem(context);
    String system = systemPrompt(kind);
    String evidence = null;
    for (int level = 0; level <= LlmEvidence.MAX_LEVEL; level++) {
      String e = Json.mapper().valueToTree(LlmEvidence.build(f, level)).toString();
      if ((system.length() + e.length()) / 4 <= options.maxInputTokens()) {
        evidence = e;
        break;
      }
    }
    if (evidence == null) {
      return fallback(
          kind,
          base,
          "the evidence does not fit llm.max-input-tokens ("
              + options.maxInputTokens()
              + ") even trimmed",
          List.of(),
          0);
    }
    Redactor.Session session = null;
    if (options.redact()) {
      Set<String> keep = new LinkedHashSet<>();
      keep.addAll(f.knownServices());
      keep.addAll(f.knownMetrics());
      keep.addAll(f.knownVersions());
      keep.addAll(f.endpoints);
      session = new Redactor(keep).session();
      evidence = session.redact(evidence);
    }
    ChatRequest.Builder request =
        ChatRequest.builder()
            .messages(SystemMessage.from(system), UserMessage.from("Evidence (JSON):\n" + evidence))
            .maxOutputTokens(options.maxOutputTokens())
            .temperature(0.2);
    if (model.supportedCapabilities().contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA)) {
      request.responseFormat(
          ResponseFormat.builder()
              .type(ResponseFormatType.JSON)
              .jsonSchema(
                  JsonSchema.builder()
                      .name(kind.wire() + "_draft")
                      .rootElement(kind == Kind.TICKET ? ticketSchema() : postmortemSchema())
                      .build())
              .build());
    }
    int calls = 0;
    String answer;
    try {
      ChatResponse response = null;
      for (int attempt = 0; ; attempt++) {
        calls++;
        try {
          response = model.chat(request.build());
          break;
        } catch (RuntimeException e) {
          if (!isRetryable(e) || attempt >= options.maxRetries()) {
            throw e;
          }
          pause.pause(options.retryBackoff().multipliedBy(1L << Math.min(attempt, 10)));
        }
      }
      answer = response.aiMessage() == null ? null : response.aiMessage().text();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback(kind, base, "interrupted", List.of(), calls);
    } catch (RuntimeException e) {
      return fallback(
          kind,
          base,
          "the LLM call failed after "
              + calls
              + " attempt"
              + (calls == 1 ? "" : "s")
              + ": "
              + describe(e),
          List.of(),
          calls);
    }
    if (answer == null || answer.isBlank()) {
      return fallback(kind, base, "the LLM answered with no text", List.of(), calls);
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(stripFences(answer));
    } catch (JsonProcessingException e) {
      return fallback(
          kind, base, "the answer is not valid JSON: " + e.getOriginalMessage(), List.of(), calls);
    }
    List<String> problems = kind == Kind.TICKET ? checkTicket(json) : checkPostmortem(json);
    if (!problems.isEmpty()) {
      return fallback(
          kind,
          base,
          "the answer does not match the schema: " + String.join("; ", problems),
          List.of(),
          calls);
    }
    Grounding grounding = new Grounding(evidence);
    Composer c = new Composer(grounding, session);
    Document doc = kind == Kind.TICKET ? c.ticket(base, json) : c.postmortem(base, json);
    if (doc == null) {
      return fallback(
          kind,
          base,
          "nothing of the summary survived the evidence check (unknown "
              + "names: "
              + String.join(", ", c.dropped)
              + ")",
          List.copyOf(c.dropped),
          calls);
    }
    onOutcome.accept(
        new Outcome(
            kind.wire(),
            true,
            "drafted by "
                + modelLabel
                + (c.dropped.isEmpty()
                    ? ""
                    : "; dropped statements naming " + String.join(", ", c.dropped)),
            List.copyOf(c.dropped),
            calls));
    return doc;
  }

  private Document fallback(Kind kind, Document base, String why, List<String> dropped, int calls) {
    onOutcome.accept(new Outcome(kind.wire(), false, why, List.copyOf(dropped), calls));
    return base;
  }

  static boolean isRetryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RateLimitException || t instanceof InternalServerException) {
        return true;
      }
      if (t instanceof HttpException h && (h.statusCode() == 429 || h.statusCode() >= 500)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg = msg + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return Formats.clip(msg.replace('\n', ' '), 300);
  }

  static String stripFences(String s) {
    String t = s.strip();
    if (t.startsWith("```")) {
      int nl = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (nl > 0 && end > nl) {
        return t.substring(nl + 1, end).strip();
      }
    }
    return t;
  }

  // ---------------------------------------------------------------- prompt and schema

  private static String systemPrompt(Kind kind) {
    String shape =
        kind == Kind.TICKET
            ? "{\"title\": string (at most 120 characters: what is expected where, and the"
                + " probable cause), \"summary\": string (2-4 sentences for the on-call engineer),"
                + " \"rootCauseAnalysis\": string (2-4 sentences: why the top hypothesis is"
                + " likely, what would confirm or refute it), \"recommendedActions\": [string]"
                + " (1-6 concrete, ordered steps)}"
            : "{\"title\": string, \"summary\": string (3-5 sentences), \"impact\": string,"
                + " \"rootCause\": string, \"contributingFactors\": [string], \"detection\":"
                + " string (how early the prediction came against the static threshold alert),"
                + " \"wentWell\": [string], \"wentPoorly\": [string], \"actionItems\":"
                + " [{\"action\": string, \"type\": \"prevent\"|\"mitigate\"|\"detect\"|"
                + "\"process\", \"priority\": \"P1\"|\"P2\"|\"P3\"}]}";
    return "You draft the "
        + (kind == Kind.TICKET
            ? "body of an incident ticket"
            : "first draft of a blameless" + " incident postmortem")
        + " for experienced site reliability engineers.\n"
        + "Rules:\n"
        + "- Use only facts from the evidence JSON. Never invent services, metrics, endpoints,"
        + " versions, hosts, people, incident ids, numbers or times. If something is unknown,"
        + " say so briefly.\n"
        + "- Wrap every service, metric, endpoint, version and incident id you mention in"
        + " backticks, exactly as written in the evidence, e.g. `checkout-api`.\n"
        + "- Placeholders such as <HOST_1> or <IP_2> stand for redacted values: copy them"
        + " unchanged when needed.\n"
        + "- Times are UTC. Give numbers with their units. Be specific and brief; no filler,"
        + " no blame.\n"
        + "- Answer with one JSON object and nothing else, of this shape:\n"
        + shape;
  }

  private static JsonObjectSchema ticketSchema() {
    return JsonObjectSchema.builder()
        .addStringProperty("title")
        .addStringProperty("summary")
        .addStringProperty("rootCauseAnalysis")
        .addProperty("recommendedActions", stringArray())
        .required("title", "summary", "rootCauseAnalysis", "recommendedActions")
        .additionalProperties(false)
        .build();
  }

  private static JsonObjectSchema postmortemSchema() {
    JsonObjectSchema item =
        JsonObjectSchema.builder()
            .addStringProperty("action")
            .addProperty(
                "type",
                JsonEnumSchema.builder()
                    .enumValues("prevent", "mitigate", "detect", "process")
                    .build())
            .addProperty("priority", JsonEnumSchema.builder().enumValues("P1", "P2", "P3").build())
            .required("action", "type", "priority")
            .additionalProperties(false)
            .build();
    return JsonObjectSchema.builder()
        .addStringProperty("title")
        .addStringProperty("summary")
        .addStringProperty("impact")
        .addStringProperty("rootCause")
        .addProperty("contributingFactors", stringArray())
        .addStringProperty("detection")
        .addProperty("wentWell", stringArray())
        .addProperty("wentPoorly", stringArray())
        .addProperty("actionItems", JsonArraySchema.builder().items(item).build())
        .required(
            "title",
            "summary",
            "impact",
            "rootCause",
            "contributingFactors",
            "detection",
            "wentWell",
            "wentPoorly",
            "actionItems")
        .additionalProperties(false)
        .build();
  }

  private static JsonArraySchema stringArray() {
    return JsonArraySchema.builder().items(new JsonStringSchema()).build();
  }

  private static List<String> checkTicket(JsonNode j) {
    List<String> p = new ArrayList<>();
    requireObject(j, p);
    if (!p.isEmpty()) {
      return p;
    }
    requireText(j, "title", p);
    requireText(j, "summary", p);
    optionalText(j, "rootCauseAnalysis", p);
    requireStrings(j, "recommendedActions", p);
    return p;
  }

  private static List<String> checkPostmortem(JsonNode j) {
    List<String> p = new ArrayList<>();
    requireObject(j, p);
    if (!p.isEmpty()) {
      return p;
    }
    requireText(j, "title", p);
    requireText(j, "summary", p);
    for (String k : List.of("impact", "rootCause", "detection")) {
      optionalText(j, k, p);
    }
    for (String k : List.of("contributingFactors", "wentWell", "wentPoorly")) {
      requireStrings(j, k, p);
    }
    JsonNode items = j.get("actionItems");
    if (items == null || !items.isArray()) {
      p.add("'actionItems' must be an array");
    } else {
      for (int i = 0; i < items.size(); i++) {
        JsonNode it = items.get(i);
        if (!it.isObject() || !it.path("action").isTextual()) {
          p.add("'actionItems[" + i + "]' needs a string 'action'");
        }
      }
    }
    return p;
  }

  private static void requireObject(JsonNode j, List<String> p) {
    if (j == null || !j.isObject()) {
      p.add("expected a JSON object");
    }
  }

  private static void requireText(JsonNode j, String k, List<String> p) {
    if (!j.path(k).isTextual() || j.path(k).asText().isBlank()) {
      p.add("'" + k + "' must be a non-empty string");
    }
  }

  private static void optionalText(JsonNode j, String k, List<String> p) {
    if (j.has(k) && !j.get(k).isNull() && !j.get(k).isTextual()) {
      p.add("'" + k + "' must be a string");
    }
  }

  private static void requireStrings(JsonNode j, String k, List<String> p) {
    JsonNode a = j.get(k);
    if (a == null || !a.isArray()) {
      p.add("'" + k + "' must be an array of strings");
      return;
    }
    for (JsonNode n : a) {
      if (!n.isTextual()) {
        p.add("'" + k + "' must hold only strings");
        return;
      }
    }
  }

  // ---------------------------------------------------------------- composition

  /** Puts the grounded LLM text into the template document, section by section. */
  private final class Composer {
    private final Grounding grounding;
    private final Redactor.@Nullable Session session;
    final Set<String> dropped = new LinkedHashSet<>();

    Composer(Grounding grounding, Redactor.@Nullable Session session) {
      this.grounding = grounding;
      this.session = session;
    }

    @Nullable Document ticket(Document base, JsonNode j) {
      String summary = text(j, "summary");
      if (summary.isEmpty()) {
        return null;
      }
      List<Block> blocks = new ArrayList<>(base.blocks());
      List<Block> oldSummary = section(blocks, "Summary");
      List<Block> newSummary = new ArrayList<>();
      newSummary.add(paragraph(summary));
      if (!oldSummary.isEmpty()) {
        newSummary.add(oldSummary.get(oldSummary.size() - 1));
      }
      replaceSection(blocks, "Summary", newSummary);
      String analysis = text(j, "rootCauseAnalysis");
      if (!analysis.isEmpty()) {
        List<Block> rc = new ArrayList<>();
        rc.add(paragraph(analysis));
        rc.addAll(section(blocks, "Probable root cause"));
        replaceSection(blocks, "Probable root cause", rc);
      }
      List<String> actions = items(j, "recommendedActions");
      if (!actions.isEmpty()) {
        replaceSection(
            blocks,
            "Recommended actions",
            List.of(new BulletList(true, actions.stream().map(this::inlines).toList())));
      }
      blocks.add(blocks.size() - 1, note());
      return new Document(title(j, base.title()), blocks);
    }

    @Nullable Document postmortem(Document base, JsonNode j) {
      String summary = text(j, "summary");
      if (summary.isEmpty()) {
        return null;
      }
      List<Block> blocks = new ArrayList<>(base.blocks());
      replaceSection(blocks, "Summary", List.of(paragraph(summary)));
      prepend(blocks, "Impact", text(j, "impact"));
      String rootCause = text(j, "rootCause");
      List<String> factors = items(j, "contributingFactors");
      List<Block> rc = new ArrayList<>(section(blocks, "Root cause and contributing factors"));
      if (!rootCause.isEmpty() && !rc.isEmpty()) {
        rc.set(0, paragraph(rootCause));
      }
      for (int i = 0; i + 1 < rc.size(); i++) {
        if (rc.get(i) instanceof Paragraph p
            && plain(p).equals("Contributing factors:")
            && !factors.isEmpty()) {
          rc.set(i + 1, bullets(factors));
        }
      }
      replaceSection(blocks, "Root cause and contributing factors", rc);
      prepend(blocks, "Detection", text(j, "detection"));
      List<String> well = items(j, "wentWell");
      if (!well.isEmpty()) {
        well.add("To complete by the responders.");
        replaceSection(blocks, "What went well", List.of(bullets(well)));
      }
      List<String> poorly = items(j, "wentPoorly");
      if (!poorly.isEmpty()) {
        poorly.add("To complete by the responders.");
        replaceSection(blocks, "What went poorly", List.of(bullets(poorly)));
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode it : j.path("actionItems")) {
        String action = clean(it.path("action").asText(""), MAX_ITEM);
        Set<String> unknown = grounding.unknownNames(action);
        if (action.isEmpty() || !unknown.isEmpty()) {
          dropped.addAll(unknown);
          continue;
        }
        String type = it.path("type").asText("prevent");
        String priority = it.path("priority").asText("P2");
        rows.add(
            List.of(
                restore(action.replace("`", "")),
                List.of("prevent", "mitigate", "detect", "process").contains(type)
                    ? type
                    : "prevent",
                "to assign",
                priority.matches("P[1-3]") ? priority : "P2"));
        if (rows.size() >= MAX_ITEMS) {
          break;
        }
      }
      if (!rows.isEmpty()) {
        replaceSection(
            blocks,
            "Action items",
            List.of(new Table(List.of("Action", "Type", "Owner", "Priority"), rows)));
      }
      blocks.add(blocks.size() - 1, note());
      return new Document(title(j, base.title()), blocks);
    }

    private Paragraph note() {
      return Paragraph.of(
          "Narrative sections drafted by "
              + modelLabel
              + " from the evidence"
              + " above only; every service, metric, version and incident it named was checked"
              + " against that evidence"
              + (dropped.isEmpty()
                  ? "."
                  : " ("
                      + dropped.size()
                      + " unsupported name"
                      + (dropped.size() == 1 ? "" : "s")
                      + " dropped).")
              + " Tables, timeline and links come from the engine's data.");
    }

    private String title(JsonNode j, String fallback) {
      String t = clean(j.path("title").asText(""), 200).replace("`", "");
      Set<String> unknown = grounding.unknownNames(j.path("title").asText(""));
      if (t.isEmpty() || t.length() > 160 || !unknown.isEmpty()) {
        dropped.addAll(unknown);
        return fallback;
      }
      return restore(t);
    }

    /** A grounded, restored text field; empty when nothing survives. */
    private String text(JsonNode j, String key) {
      String raw = clean(j.path(key).asText(""), MAX_TEXT);
      if (raw.isEmpty()) {
        return "";
      }
      Grounding.Filtered f = grounding.sentences(raw);
      dropped.addAll(f.dropped());
      return f.text();
    }

    private List<String> items(JsonNode j, String key) {
      List<String> raw = new ArrayList<>();
      for (JsonNode n : j.path(key)) {
        String s = clean(n.asText(""), MAX_ITEM);
        if (!s.isEmpty() && raw.size() < MAX_ITEMS) {
          raw.add(s);
        }
      }
      return new ArrayList<>(grounding.items(raw, dropped));
    }

    private void prepend(List<Block> blocks, String heading, String text) {
      if (text.isEmpty()) {
        return;
      }
      List<Block> s = new ArrayList<>();
      s.add(paragraph(text));
      s.addAll(section(blocks, heading));
      replaceSection(blocks, heading, s);
    }

    private Paragraph paragraph(String text) {
      return new Paragraph(inlines(text));
    }

    private BulletList bullets(List<String> items) {
      return new BulletList(false, items.stream().map(this::inlines).toList());
    }

    /** Backticked names become code runs; placeholders are restored. */
    private List<Inline> inlines(String text) {
      List<Inline> out = new ArrayList<>();
      Matcher m = CODE_SPAN.matcher(text);
      int last = 0;
      while (m.find()) {
        if (m.start() > last) {
          out.add(Text.plain(restore(text.substring(last, m.start()))));
        }
        out.add(new Text(restore(m.group(1)), false, true));
        last = m.end();
      }
      if (last < text.length()) {
        out.add(Text.plain(restore(text.substring(last))));
      }
      return out;
    }

    private String restore(String s) {
      return session == null ? s : session.restore(s);
    }
  }

  private static String clean(String s, int max) {
    return Formats.clip(s.replaceAll("\\s+", " ").strip(), max);
  }

  private static String plain(Paragraph p) {
    StringBuilder sb = new StringBuilder();
    for (Inline i : p.inlines()) {
      if (i instanceof Text t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** The blocks between a level-2 heading and the next heading of level 1 or 2. */
  static List<Block> section(List<Block> blocks, String heading) {
    int start = indexOf(blocks, heading);
    if (start < 0) {
      return List.of();
    }
    int end = start + 1;
    while (end < blocks.size() && !(blocks.get(end) instanceof Heading h && h.level() <= 2)) {
      end++;
    }
    return List.copyOf(blocks.subList(start + 1, end));
  }

  static void replaceSection(List<Block> blocks, String heading, List<Block> content) {
    int start = indexOf(blocks, heading);
    if (start < 0) {
      return;
    }
    int end = start + 1;
    while (end < blocks.size() && !(blocks.get(end) instanceof Heading h && h.level() <= 2)) {
      end++;
    }
    // the footer paragraph after the last section stays where it is
    if (end == blocks.size() && end - start > 1 && isFooter(blocks.get(end - 1))) {
      end--;
    }
    blocks.subList(start + 1, end).clear();
    blocks.addAll(start + 1, content);
  }

  private static boolean isFooter(Block b) {
    return b instanceof Paragraph p && plain(p).startsWith("Drafted by Precursor");
  }

  private static int indexOf(List<Block> blocks, String heading) {
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i) instanceof Heading h && h.level() == 2 && h.text().equals(heading)) {
        return i;
      }
    }
    return -1;
  }
}
