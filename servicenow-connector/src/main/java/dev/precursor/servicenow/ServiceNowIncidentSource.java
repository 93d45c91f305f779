package dev.precursor.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.DownstreamException;
import dev.precursor.memory.IncidentSource;
import dev.precursor.memory.PastTicket;
import dev.precursor.model.Times;
import dev.precursor.servicenow.internal.ServiceNowClient;
import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.RetryAfterException;
import dev.precursor.ticket.RetryPolicy;
import dev.precursor.ticket.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Imports closed incidents for {@code precursor learn servicenow:incident[?<encoded query>]}: pages
 * through the table ({@code sysparm_limit}/{@code sysparm_offset}, oldest first) with short
 * description, description, close code and notes, and reads each page's work notes from {@code
 * sys_journal_field} in one query per 50 incidents. Only closed records are imported: {@code
 * stateIN6,7} on {@code incident} ({@code active=false} on other task tables), ANDed with the given
 * query. A record that comes back anyway (the instance dropped a query part) is skipped and counted
 * in a warning. Memory stays constant apart from the sys_ids seen, which de-duplicate records that
 * shift between pages while the import runs.
 */
public final class ServiceNowIncidentSource implements IncidentSource {
  private static final Logger LOG = Logger.getLogger(ServiceNowIncidentSource.class.getName());
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*");
  private static final String FIELDS =
      "sys_id,number,state,short_description,description,close_code,close_notes,category,"
          + "cmdb_ci.name,opened_at,resolved_at,closed_at,sys_created_on";
  private static final int JOURNAL_CHUNK = 50;
  private static final int JOURNAL_PAGE = 1000;

  private final ServiceNowConfig config;
  private final ServiceNowClient client;
  private final RetryPolicy retry;

  public ServiceNowIncidentSource(ServiceNowConfig config) {
    this(
        config,
        new ServiceNowClient(config, Clock.systemUTC(), RandomGenerator.getDefault()),
        Sleeper.system(),
        RandomGenerator.getDefault());
  }

  /**
   * A source over a given client; 429/5xx pages are retried in place with the shared {@link
   * RetryPolicy} ({@code servicenow.max-attempts}, backoff 1 s doubling up to {@code
   * servicenow.max-retry-wait}).
   */
  public ServiceNowIncidentSource(
      ServiceNowConfig config, ServiceNowClient client, Sleeper sleeper, RandomGenerator random) {
    this.config = config;
    this.client = client;
    Duration max = config.maxRetryWait();
    Duration base = max.compareTo(Duration.ofSeconds(1)) < 0 ? max : Duration.ofSeconds(1);
    this.retry = new RetryPolicy(config.maxAttempts(), new Backoff(base, max), sleeper, random);
  }

  /**
   * One page query, retried in place; a server-named wait longer than {@code
   * servicenow.max-retry-wait} ends the import with a message instead of blocking for an hour.
   */
  private List<JsonNode> page(String table, String query, String fields, int limit, int offset) {
    return retry.call(
        "ServiceNow " + table + " page at offset " + offset,
        () -> {
          try {
            return client.query(table, query, fields, limit, offset);
          } catch (RetryAfterException e) {
            Duration wait = e.retryAfter().orElse(Duration.ZERO);
            if (wait.compareTo(config.maxRetryWait()) > 0) {
              throw new DownstreamException(
                  ServiceNowClient.SERVICE,
                  e.status(),
                  false,
                  withoutService(e.getMessage())
                      + "; the instance asks to wait "
                      + wait.toSeconds()
                      + " s, longer than servicenow.max-retry-wait: run the import again later",
                  e);
            }
            throw e;
          }
        });
  }

  private static String withoutService(@Nullable String message) {
    String m = message == null ? "" : message;
    String prefix = ServiceNowClient.SERVICE + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  @Override
  public String scheme() {
    return "servicenow";
  }

  /** What {@code servicenow:<table>[?<encoded query>]} selects. */
  record Selection(String table, String userQuery) {
    /** The encoded query sent: the closed filter, the user's conditions, oldest first. */
    String encoded() {
      String closed = table.equals("incident") ? "stateIN6,7" : "active=false";
      return closed + (userQuery.isEmpty() ? "" : "^" + userQuery) + "^ORDERBYsys_created_on";
    }
  }

  /**
   * Parses the text after {@code servicenow:}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  static Selection parse(String query) {
    String q = query.strip();
    int mark = q.indexOf('?');
    String table = (mark < 0 ? q : q.substring(0, mark)).strip();
    String user = mark < 0 ? "" : q.substring(mark + 1).strip();
    if (table.isEmpty()) {
      table = "incident";
    }
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "servicenow:"
              + query
              + ": expected a table name such as 'incident', optionally followed by"
              + " ?<encoded query> (e.g. servicenow:incident?priority=1)");
    }
    while (user.startsWith("^")) {
      user = user.substring(1);
    }
    if (user.contains("^NQ")) {
      throw new IllegalArgumentException(
          "servicenow:"
              + query
              + ": ^NQ is not allowed (it would escape the closed-record filter)");
    }
    return new Selection(table, user);
  }

  @Override
  public long fetch(String query, Consumer<PastTicket> sink) {
    Selection sel = parse(query);
    String encoded = sel.encoded();
    int pageSize = config.pageSize();
    Set<String> seen = new HashSet<>();
    long delivered = 0;
    long skipped = 0;
    int offset = 0;
    boolean journalReadable = true;
    while (true) {
      List<JsonNode> rows = page(sel.table(), encoded, FIELDS, pageSize, offset);
      if (rows.isEmpty()) {
        break;
      }
      List<JsonNode> closed = new ArrayList<>();
      for (JsonNode row : rows) {
        if (isClosed(sel.table(), row) && seen.add(row.path("sys_id").asText())) {
          closed.add(row);
        } else if (!isClosed(sel.table(), row)) {
          skipped++;
        }
      }
      Map<String, List<String>> notes = Map.of();
      if (journalReadable && !closed.isEmpty()) {
        try {
          notes = workNotes(closed);
        } catch (DownstreamException e) {
          if (e.status() != 403 && e.status() != 401) {
            throw e;
          }
          journalReadable = false;
          LOG.log(
              Level.WARNING,
              "cannot read work notes from sys_journal_field ({0}); importing without them",
              e.getMessage());
        }
      }
      for (JsonNode row : closed) {
        sink.accept(
            ticket(sel.table(), row, notes.getOrDefault(row.path("sys_id").asText(), List.of())));
        delivered++;
      }
      if (rows.size() < pageSize) {
        break;
      }
      offset += rows.size();
    }
    if (skipped > 0) {
      LOG.log(
          Level.WARNING,
          "skipped {0} {1} records that are not closed: the instance may have ignored part of the"
              + " query ''{2}''",
          new Object[] {skipped, sel.table(), encoded});
    }
    return delivered;
  }

  private static boolean isClosed(String table, JsonNode row) {
    if (!table.equals("incident")) {
      return true; // filtered by active=false; state values differ per table
    }
    String state = row.path("state").asText("");
    return state.equals("6") || state.equals("7");
  }

  /** Work notes per incident sys_id, oldest first, each prefixed with its time. */
  private Map<String, List<String>> workNotes(List<JsonNode> incidents) {
    Map<String, List<String>> notes = new HashMap<>();
    List<String> ids = incidents.stream().map(r -> r.path("sys_id").asText()).toList();
    for (int i = 0; i < ids.size(); i += JOURNAL_CHUNK) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + JOURNAL_CHUNK));
      Set<String> wanted = new LinkedHashSet<>(chunk);
      String q =
          "element_idIN" + String.join(",", chunk) + "^element=work_notes^ORDERBYsys_created_on";
      int offset = 0;
      while (true) {
        List<JsonNode> rows =
            page(
                "sys_journal_field",
                q,
                "element_id,element,value,sys_created_on",
                JOURNAL_PAGE,
                offset);
        for (JsonNode r : rows) {
          String id = r.path("element_id").asText("");
          String element = r.path("element").asText("work_notes");
          if (!wanted.contains(id) || !element.equals("work_notes")) {
            continue; // not asked for: a dropped query part must not mix incidents up
          }
          String at = r.path("sys_created_on").asText("");
          String value = r.path("value").asText("").strip();
          if (!value.isEmpty()) {
            notes
                .computeIfAbsent(id, k -> new ArrayList<>())
                .add((at.isEmpty() ? "" : "[" + at + "] ") + value);
          }
        }
        if (rows.size() < JOURNAL_PAGE) {
          break;
        }
        offset += rows.size();
      }
    }
    return notes;
  }

  private PastTicket ticket(String table, JsonNode row, List<String> notes) {
    String sysId = row.path("sys_id").asText();
    String number = row.path("number").asText(sysId);
    String title = row.path("short_description").asText("").strip();
    StringBuilder body = new StringBuilder(row.path("description").asText("").strip());
    if (!notes.isEmpty()) {
      body.append(body.length() > 0 ? "\n\n" : "").append("Work notes:\n");
      body.append(String.join("\n", notes));
    }
    String closeNotes = row.path("close_notes").asText("").strip();
    String closeCode = row.path("close_code").asText("").strip();
    if (!closeNotes.isEmpty() || !closeCode.isEmpty()) {
      body.append(body.length() > 0 ? "\n\n" : "")
          .append("Resolution")
          .append(closeCode.isEmpty() ? "" : " (" + closeCode + ")")
          .append(":\n")
          .append(closeNotes);
    }
    List<String> labels = new ArrayList<>();
    String category = row.path("category").asText("").strip();
    if (!category.isEmpty()) {
      labels.add(category);
    }
    String ci = row.path("cmdb_ci.name").asText("").strip();
    if (!ci.isEmpty()) {
      labels.add(ci);
    }
    Instant opened = time(row, "opened_at");
    if (opened == null) {
      opened = time(row, "sys_created_on");
    }
    Instant resolved = time(row, "resolved_at");
    if (resolved == null) {
      resolved = time(row, "closed_at");
    }
    return new PastTicket(
        "servicenow",
        number,
        title.isEmpty() ? number : title,
        body.toString(),
        opened,
        resolved,
        labels,
        client.baseUrl() + "/" + table + ".do?sys_id=" + sysId);
  }

  private static @Nullable Instant time(JsonNode row, String field) {
    String s = row.path(field).asText("").strip();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return Times.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
