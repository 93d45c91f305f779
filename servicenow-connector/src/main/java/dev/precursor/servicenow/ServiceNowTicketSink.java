package dev.precursor.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.DownstreamException;
import dev.precursor.draft.Document;
import dev.precursor.draft.MarkdownRenderer;
import dev.precursor.draft.PlainTextRenderer;
import dev.precursor.model.Prediction;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.TicketLink;
import dev.precursor.model.Times;
import dev.precursor.servicenow.internal.ServiceNowClient;
import dev.precursor.ticket.TicketRequest;
import dev.precursor.ticket.TicketSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Files each alert-tier situation as one ServiceNow incident through the Table API and carries it
 * through its life: work notes on material change, resolve with close code and notes, reopen on a
 * recurrence within {@code servicenow.reopen-window}, the postmortem draft attached, and optionally
 * a {@code problem} record linking the incidents of a recurring pattern.
 *
 * <p><b>Dedup.</b> Every incident carries {@code correlation_id = }{@link
 * CorrelationIds#incident}{@code (environment, dedupKey)}. Before creating, the sink queries {@code
 * correlation_id=<id>^active=true}; since an instance silently drops query parts it cannot apply
 * (an unknown or unreadable field turns the lookup into "all active incidents"), every returned
 * record's {@code correlation_id} must equal the id asked for, or the lookup fails without touching
 * anything. The id is never empty and never contains query syntax.
 *
 * <p>Thread-safe: calls for one correlation id are serialised, so two concurrent opens file one
 * incident. Failures are {@link DownstreamException}s, retryable for 429, 5xx and I/O errors.
 */
public final class ServiceNowTicketSink implements TicketSink {
  static final String SYSTEM = "servicenow";
  private static final Logger LOG = Logger.getLogger(ServiceNowTicketSink.class.getName());
  private static final String INCIDENT = "incident";
  private static final String PROBLEM = "problem";
  private static final String LOOKUP_FIELDS =
      "sys_id,number,state,active,correlation_id,resolved_at,sys_updated_on,sys_created_on,problem_id";

  /** Length of {@code description} and of one journal entry in a base instance. */
  static final int TEXT_LIMIT = 4000;

  private static final int SHORT_DESCRIPTION_LIMIT = 160;
  private static final Pattern SYS_ID_IN_URL = Pattern.compile("[?&]sys_id=([0-9a-f]{32})");
  private static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern NUMBER = Pattern.compile("[A-Z]{2,10}[0-9]{4,}");
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,80}");
  private static final DateTimeFormatter UTC_TEXT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final ServiceNowConfig config;
  private final ServiceNowClient client;
  private final Clock clock;
  private final Object[] locks = new Object[64];
  private final Map<String, String> lastNote = boundedMap(10_000);
  private final Map<String, String> lastSeverity = boundedMap(10_000);

  /** A sink with the system clock and real waits between retries. */
  public ServiceNowTicketSink(ServiceNowConfig config) {
    this(
        config,
        new ServiceNowClient(config, Clock.systemUTC(), RandomGenerator.getDefault()),
        Clock.systemUTC());
  }

  /**
   * A sink over a given client.
   *
   * @param clock wall clock, compared with ServiceNow's own {@code resolved_at} for the reopen
   *     window
   */
  public ServiceNowTicketSink(ServiceNowConfig config, ServiceNowClient client, Clock clock) {
    this.config = config;
    this.client = client;
    this.clock = clock;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  @Override
  public String system() {
    return SYSTEM;
  }

  /** The correlation id this sink writes and looks up for a request. */
  public String correlationId(TicketRequest request) {
    String env = request.environment().isBlank() ? config.environment() : request.environment();
    return CorrelationIds.incident(env, request.dedupKey());
  }

  @Override
  public Optional<TicketLink> find(TicketRequest request) {
    String cid = correlationId(request);
    List<Incident> found = lookup(cid);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Incident newest = found.get(0);
    return newest.isOpen(config) || isReopenable(newest)
        ? Optional.of(link(newest.sysId(), newest.number()))
        : Optional.empty();
  }

  @Override
  public TicketLink open(TicketRequest request) {
    String cid = correlationId(request);
    synchronized (lockFor(cid)) {
      List<Incident> found = lookup(cid);
      if (found.size() > 1 && found.stream().filter(i -> i.isOpen(config)).count() > 1) {
        LOG.log(
            Level.WARNING,
            "{0} open ServiceNow incidents carry correlation_id {1}; updating the newest, {2}",
            new Object[] {found.size(), cid, found.get(0).number()});
      }
      if (!found.isEmpty()) {
        Incident newest = found.get(0);
        if (newest.isOpen(config)) {
          return link(newest.sysId(), newest.number());
        }
        if (isReopenable(newest)) {
          return reopen(newest, request);
        }
      }
      return create(request, cid);
    }
  }

  @Override
  public void comment(TicketLink ticket, TicketRequest request, Document note) {
    String sysId = sysIdOf(ticket);
    String text = cap(PlainTextRenderer.renderWithTitle(note).strip(), "");
    String severity = impact(request) + "/" + urgency(request);
    Map<String, String> fields = new LinkedHashMap<>();
    String digest = digest(text);
    boolean newNote = !text.isBlank() && !digest.equals(lastNote.get(sysId));
    if (newNote) {
      fields.put("work_notes", text);
    }
    boolean newSeverity = !severity.equals(lastSeverity.get(sysId));
    if (newSeverity) {
      fields.put("impact", impact(request));
      fields.put("urgency", urgency(request));
    }
    if (fields.isEmpty()) {
      LOG.log(Level.FINE, "no material change for {0}; no work note", ticket.key());
      return;
    }
    client.update(INCIDENT, sysId, fields, false);
    if (newNote) {
      lastNote.put(sysId, digest);
    }
    lastSeverity.put(sysId, severity);
  }

  @Override
  public void resolve(TicketLink ticket, TicketRequest request, Document postmortem) {
    String sysId = sysIdOf(ticket);
    String fileName = attachPostmortem(sysId, request, postmortem);
    Map<String, String> fields = new LinkedHashMap<>();
    if (config.problemRecords()) {
      recurringPattern(request)
          .ifPresent(p -> fields.put("problem_id", problemFor(p, request, sysId)));
    }
    Instant recovered = request.situation().resolvedAt();
    String when = UTC_TEXT.format(recovered != null ? recovered : clock.instant());
    fields.put("state", config.resolveState());
    fields.put("close_code", config.closeCode());
    fields.put("close_notes", config.closeNotes() + " Recovered at " + when + ".");
    fields.put(
        "work_notes",
        "Precursor: recovered at " + when + ". Postmortem draft attached as " + fileName + ".");
    client.update(INCIDENT, sysId, fields, false);
    lastNote.remove(sysId);
  }

  /**
   * A human resolved the incident: attach the postmortem draft (once) with a work note saying so;
   * state and close fields stay as the human left them.
   */
  @Override
  public void attachPostmortem(TicketLink ticket, TicketRequest request, Document postmortem) {
    String sysId = sysIdOf(ticket);
    String fileName = attachPostmortem(sysId, request, postmortem);
    String note = "Precursor: postmortem draft attached as " + fileName + ".";
    if (!digest(note).equals(lastNote.get(sysId))) {
      client.update(INCIDENT, sysId, Map.of("work_notes", note), false);
      lastNote.put(sysId, digest(note));
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** Attaches the postmortem as Markdown unless a file of that name is there; its name. */
  private String attachPostmortem(String sysId, TicketRequest request, Document postmortem) {
    String fileName = "postmortem-" + safeName(request.situation().id()) + ".md";
    attachOnce(
        sysId,
        fileName,
        "text/markdown",
        MarkdownRenderer.renderWithTitle(postmortem).getBytes(StandardCharsets.UTF_8));
    return fileName;
  }

  // ---- lookup and dedup guard ----

  private List<Incident> lookup(String cid) {
    String query = "correlation_id=" + guardedKey(cid) + "^active=true^ORDERBYDESCsys_created_on";
    List<JsonNode> rows = client.query(INCIDENT, query, LOOKUP_FIELDS, 10, 0);
    verifyCorrelation(INCIDENT, cid, rows);
    return rows.stream()
        .map(Incident::of)
        .sorted(Comparator.comparing(Incident::createdOn).reversed())
        .toList();
  }

  /**
   * The guard against silently dropped query parts: every record a correlation lookup returns must
   * carry exactly the id asked for; otherwise nothing is matched, updated or closed.
   */
  static void verifyCorrelation(String table, String cid, List<JsonNode> rows) {
    for (JsonNode row : rows) {
      String got = row.path("correlation_id").asText("");
      if (!got.equals(cid)) {
        throw new DownstreamException(
            ServiceNowClient.SERVICE,
            200,
            false,
            "lookup of "
                + table
                + " correlation_id="
                + cid
                + " returned "
                + row.path("number").asText(row.path("sys_id").asText("?"))
                + " whose correlation_id is '"
                + got
                + "': the instance ignored part of the query (is correlation_id readable by the"
                + " integration user?); refusing to match, update or close it");
      }
    }
  }

  private static String guardedKey(String cid) {
    if (!CorrelationIds.isSafe(cid)) {
      // Unreachable through CorrelationIds; kept so no code path can ever query with an empty key.
      throw new IllegalStateException("refusing to query with correlation_id '" + cid + "'");
    }
    return cid;
  }

  private boolean isReopenable(Incident incident) {
    if (!incident.state().equals(config.resolveState())) {
      return false;
    }
    Instant resolved = incident.resolvedAt();
    if (resolved == null) {
      return false;
    }
    Duration since = Duration.between(resolved, clock.instant());
    return since.compareTo(config.reopenWindow()) <= 0;
  }

  // ---- writes ----

  private TicketLink create(TicketRequest request, String cid) {
    String fullText = description(request, cid);
    String fileName = "ticket-" + safeName(request.situation().id()) + ".txt";
    String description = cap(fullText, fileName);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("short_description", shortDescription(request));
    f.put("description", description);
    f.put("impact", impact(request));
    f.put("urgency", urgency(request));
    putIfSet(f, "assignment_group", config.assignmentGroup());
    putIfSet(f, "caller_id", config.caller());
    putIfSet(f, "cmdb_ci", config.cmdbCiFor(impactedService(request)).orElse(null));
    f.put("category", config.category());
    putIfSet(f, "subcategory", config.subcategory());
    f.put("correlation_id", cid);
    f.put("correlation_display", config.correlationDisplay());
    JsonNode rec = client.create(INCIDENT, f, needsDisplayValues(f));
    Incident created = Incident.of(rec);
    String stored = rec.path("correlation_id").asText(cid);
    if (!stored.equals(cid)) {
      LOG.log(
          Level.WARNING,
          "ServiceNow created {0} but stored correlation_id ''{1}'' instead of {2}: the integration"
              + " user cannot write correlation_id, so later lookups cannot find this incident",
          new Object[] {created.number(), stored, cid});
    }
    lastSeverity.put(created.sysId(), f.get("impact") + "/" + f.get("urgency"));
    if (!description.equals(fullText)) {
      attachOnce(
          created.sysId(), fileName, "text/plain", fullText.getBytes(StandardCharsets.UTF_8));
    }
    LOG.log(
        Level.INFO, "filed ServiceNow incident {0} ({1})", new Object[] {created.number(), cid});
    return link(created.sysId(), created.number());
  }

  private TicketLink reopen(Incident incident, TicketRequest request) {
    // Short on purpose: the dispatcher follows a reopen with a comment describing the recurrence.
    String text =
        "Precursor: the situation recurred within "
            + human(config.reopenWindow())
            + " of resolution; reopened.";
    Map<String, String> f = new LinkedHashMap<>();
    f.put("state", config.reopenState());
    f.put("work_notes", text);
    f.put("impact", impact(request));
    f.put("urgency", urgency(request));
    client.update(INCIDENT, incident.sysId(), f, false);
    lastNote.put(incident.sysId(), digest(text));
    lastSeverity.put(incident.sysId(), f.get("impact") + "/" + f.get("urgency"));
    LOG.log(Level.INFO, "reopened ServiceNow incident {0}", incident.number());
    return link(incident.sysId(), incident.number());
  }

  private void attachOnce(String sysId, String fileName, String contentType, byte[] content) {
    List<JsonNode> existing =
        client.attachments(
            "table_name=" + INCIDENT + "^table_sys_id=" + sysId + "^file_name=" + fileName, 10);
    boolean present =
        existing.stream()
            .anyMatch(
                a ->
                    a.path("table_sys_id").asText("").equals(sysId)
                        && a.path("file_name").asText("").equals(fileName));
    if (present) {
      LOG.log(Level.FINE, "{0} already attached to {1}", new Object[] {fileName, sysId});
      return;
    }
    client.attach(INCIDENT, sysId, fileName, contentType, content);
  }

  /** The pattern key of a recurring situation: its pattern was seen before, similar enough. */
  private Optional<String> recurringPattern(TicketRequest request) {
    Prediction p = request.prediction();
    boolean recurring =
        p.similarIncidents().stream().anyMatch(s -> s.similarity() >= config.problemSimilarity());
    if (!recurring) {
      return Optional.empty();
    }
    String pattern =
        p.pattern().isBlank()
            ? p.similarIncidents().stream()
                .max(Comparator.comparingDouble(SimilarIncident::similarity))
                .map(SimilarIncident::id)
                .orElse("unknown")
            : p.pattern();
    String service = p.rootCause() != null ? p.rootCause().service() : p.service();
    return Optional.of(pattern.strip() + ":" + service);
  }

  private String problemFor(String patternKey, TicketRequest request, String incidentSysId) {
    String env = request.environment().isBlank() ? config.environment() : request.environment();
    String pcid = CorrelationIds.problem(env, patternKey);
    List<JsonNode> rows =
        client.query(
            PROBLEM,
            "correlation_id=" + guardedKey(pcid) + "^active=true^ORDERBYDESCsys_created_on",
            "sys_id,number,correlation_id,state",
            5,
            0);
    verifyCorrelation(PROBLEM, pcid, rows);
    if (!rows.isEmpty()) {
      return rows.get(0).path("sys_id").asText();
    }
    Prediction p = request.prediction();
    StringBuilder d = new StringBuilder();
    d.append("Recurring pattern detected by Precursor: ")
        .append(p.pattern().isBlank() ? "(unnamed)" : p.pattern())
        .append(" on ")
        .append(p.rootCause() != null ? p.rootCause().service() : p.service())
        .append(".\n\nSimilar past incidents:\n");
    for (SimilarIncident s : p.similarIncidents()) {
      d.append("- ")
          .append(s.title())
          .append(" (")
          .append(s.id())
          .append(", similarity ")
          .append(String.format(Locale.ROOT, "%.2f", s.similarity()))
          .append(")\n");
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put(
        "short_description",
        oneLine(
            "Recurring: "
                + (p.pattern().isBlank() ? shortDescription(request) : p.pattern())
                + " ("
                + impactedService(request)
                + ")",
            SHORT_DESCRIPTION_LIMIT));
    f.put("description", cap(d.toString(), ""));
    f.put("impact", impact(request));
    f.put("urgency", urgency(request));
    putIfSet(f, "assignment_group", config.assignmentGroup());
    putIfSet(f, "cmdb_ci", config.cmdbCiFor(impactedService(request)).orElse(null));
    f.put("category", config.category());
    f.put("first_reported_by_task", incidentSysId);
    f.put("correlation_id", pcid);
    f.put("correlation_display", config.correlationDisplay());
    JsonNode rec = client.create(PROBLEM, f, needsDisplayValues(f));
    LOG.log(
        Level.INFO,
        "filed ServiceNow problem {0} for recurring pattern {1}",
        new Object[] {rec.path("number").asText(), patternKey});
    return rec.path("sys_id").asText();
  }

  // ---- field mapping ----

  private static String shortDescription(TicketRequest request) {
    String title = request.body().title();
    if (title.isBlank()) {
      title = "Precursor: predicted incident on " + impactedService(request);
    }
    return oneLine(title, SHORT_DESCRIPTION_LIMIT);
  }

  private static String description(TicketRequest request, String cid) {
    String body = PlainTextRenderer.render(request.body());
    return body
        + (body.isEmpty() ? "" : "\n\n")
        + "-- Filed by Precursor (situation "
        + request.situation().id()
        + ", correlation_id "
        + cid
        + ")";
  }

  /**
   * Impact from blast radius: the services the situation touches (plus the one where impact is
   * expected) — 5 or more High (1), 2–4 Medium (2), one Low (3).
   */
  static String impact(TicketRequest request) {
    Set<String> services = new LinkedHashSet<>(request.situation().services());
    services.add(request.prediction().service());
    if (request.prediction().rootCause() != null) {
      services.add(request.prediction().rootCause().service());
    }
    int n = services.size();
    return n >= 5 ? "1" : n >= 2 ? "2" : "3";
  }

  /** Urgency from confidence: 0.95 or more High (1), 0.85 or more Medium (2), else Low (3). */
  static String urgency(TicketRequest request) {
    double c = request.prediction().confidence();
    return c >= 0.95 ? "1" : c >= 0.85 ? "2" : "3";
  }

  private static String impactedService(TicketRequest request) {
    String s = request.prediction().service();
    if (!s.isBlank()) {
      return s;
    }
    Situation sit = request.situation();
    return sit.services().isEmpty() ? "unknown service" : sit.services().get(0);
  }

  /** Reference values given as names rather than sys_ids need display-value input. */
  private static boolean needsDisplayValues(Map<String, String> f) {
    for (String ref : List.of("assignment_group", "caller_id", "cmdb_ci")) {
      String v = f.get(ref);
      if (v != null && !SYS_ID.matcher(v).matches()) {
        return true;
      }
    }
    return false;
  }

  private TicketLink link(String sysId, String number) {
    return new TicketLink(SYSTEM, number, client.baseUrl() + "/incident.do?sys_id=" + sysId);
  }

  /** The sys_id of a ticket: from the link's URL as this sink writes it, else by its number. */
  private String sysIdOf(TicketLink ticket) {
    Matcher m = SYS_ID_IN_URL.matcher(ticket.url());
    if (m.find()) {
      return m.group(1);
    }
    if (!NUMBER.matcher(ticket.key()).matches()) {
      throw new IllegalArgumentException(
          "not a ServiceNow incident link: key '" + ticket.key() + "', url '" + ticket.url() + "'");
    }
    List<JsonNode> rows = client.query(INCIDENT, "number=" + ticket.key(), "sys_id,number", 2, 0);
    for (JsonNode row : rows) {
      if (row.path("number").asText("").equals(ticket.key())) {
        return row.path("sys_id").asText();
      }
    }
    throw new DownstreamException(
        ServiceNowClient.SERVICE, 404, false, "incident " + ticket.key() + " not found");
  }

  private static String cap(String text, String attachedAs) {
    if (text.length() <= TEXT_LIMIT) {
      return text;
    }
    String tail =
        attachedAs.isEmpty()
            ? "\n[truncated]"
            : "\n[truncated: the full text is attached as " + attachedAs + "]";
    return text.substring(0, TEXT_LIMIT - tail.length()) + tail;
  }

  private static String oneLine(String s, int max) {
    String flat = s.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }

  private static String safeName(String id) {
    return SAFE_NAME.matcher(id).matches() ? id : "h" + CorrelationIds.sha256(id).substring(0, 32);
  }

  private static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static void putIfSet(Map<String, String> f, String field, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      f.put(field, value);
    }
  }

  private static String digest(String text) {
    return CorrelationIds.sha256(text);
  }

  private Object lockFor(String cid) {
    return locks[Math.floorMod(cid.hashCode(), locks.length)];
  }

  private static Map<String, String> boundedMap(int max) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > max;
          }
        });
  }

  /** The fields of an incident the lifecycle decides on. */
  private record Incident(
      String sysId, String number, String state, Instant createdOn, @Nullable Instant resolvedAt) {
    static Incident of(JsonNode n) {
      String resolved = n.path("resolved_at").asText("");
      if (resolved.isEmpty()) {
        resolved = n.path("sys_updated_on").asText("");
      }
      return new Incident(
          n.path("sys_id").asText(),
          n.path("number").asText(n.path("sys_id").asText()),
          n.path("state").asText(""),
          time(n.path("sys_created_on").asText("")),
          resolved.isEmpty() ? null : time(resolved));
    }

    boolean isOpen(ServiceNowConfig config) {
      return !(state.equals(config.resolveState()) || state.equals("7") || state.equals("8"));
    }

    private static Instant time(String s) {
      if (s.isEmpty()) {
        return Instant.EPOCH;
      }
      try {
        return Times.parse(s);
      } catch (IllegalArgumentException e) {
        return Instant.EPOCH;
      }
    }
  }
}
