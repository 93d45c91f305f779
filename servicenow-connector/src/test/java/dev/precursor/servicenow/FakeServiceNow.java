package dev.precursor.servicenow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.model.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A small ServiceNow instance behind MockWebServer, answering the documented shapes: Table API v2
 * (encoded queries with {@code =}, {@code !=}, {@code IN}, {@code ORDERBY[DESC]}, {@code
 * sysparm_fields/limit/offset}), journal fields written through {@code work_notes} and read from
 * {@code sys_journal_field}, the Attachment API, {@code /oauth_token.do}, basic and bearer auth,
 * the resolve data policy (403 without close fields), and {@code {"error": {...}}} failures.
 * Conditions on fields listed in {@link #ignoreQueryField} are silently dropped, as an instance
 * does with an invalid query part.
 */
final class FakeServiceNow extends Dispatcher {
  static final String USER = "svc.precursor";
  static final String PASSWORD = "s3cr3t-P4ss^word";
  static final String CLIENT_ID = "precursor-client";
  static final String CLIENT_SECRET = "cl13nt-S3cret";
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Pattern CONDITION = Pattern.compile("([a-z0-9_.]+?)(NOT IN|IN|!=|=)(.*)");

  private final Clock clock;
  private final Map<String, List<Map<String, String>>> tables = new HashMap<>();
  private final List<Map<String, String>> attachments = new ArrayList<>();
  private final Map<String, byte[]> attachmentBodies = new HashMap<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<Scripted> scripted = new ArrayList<>();
  private final Set<String> ignoredFields = new HashSet<>();
  private final Map<String, Instant> accessTokens = new HashMap<>();
  private final Set<String> refreshTokens = new HashSet<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, AtomicInteger> numbers = new HashMap<>();
  private boolean oauth;
  private int downStatus;
  private Instant lastCreated = Instant.EPOCH;
  private long tokenLifetimeSeconds = 1799;

  private record Scripted(Predicate<RecordedRequest> when, MockResponse response) {}

  FakeServiceNow(Clock clock) {
    this.clock = clock;
  }

  // ---- test controls ----

  synchronized FakeServiceNow useOAuth() {
    oauth = true;
    return this;
  }

  synchronized void tokenLifetime(long seconds) {
    tokenLifetimeSeconds = seconds;
  }

  synchronized void revokeAccessTokens() {
    accessTokens.clear();
  }

  /** Every request answers {@code status} (e.g. 503) until called with 0. */
  synchronized void down(int status) {
    downStatus = status;
  }

  synchronized void ignoreQueryField(String field) {
    ignoredFields.add(field);
  }

  /** The next request matching {@code when} gets {@code response} instead of normal handling. */
  synchronized void failNext(Predicate<RecordedRequest> when, MockResponse response) {
    scripted.add(new Scripted(when, response));
  }

  static MockResponse error(int status, String message, @Nullable String detail) {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode err = body.putObject("error");
    err.put("message", message);
    if (detail == null) {
      err.putNull("detail");
    } else {
      err.put("detail", detail);
    }
    body.put("status", "failure");
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body.toString())
        .build();
  }

  synchronized Map<String, String> seed(String table, Map<String, String> fields) {
    return insert(table, new LinkedHashMap<>(fields));
  }

  synchronized List<Map<String, String>> records(String table) {
    return tables.getOrDefault(table, List.of()).stream()
        .map(LinkedHashMap::new)
        .map(m -> (Map<String, String>) m)
        .toList();
  }

  synchronized Map<String, String> record(String table, String sysId) {
    return tables.getOrDefault(table, List.of()).stream()
        .filter(r -> r.get("sys_id").equals(sysId))
        .findFirst()
        .orElseThrow();
  }

  /** Work notes of a record, oldest first. */
  synchronized List<String> workNotes(String sysId) {
    return tables.getOrDefault("sys_journal_field", List.of()).stream()
        .filter(j -> j.get("element_id").equals(sysId) && j.get("element").equals("work_notes"))
        .map(j -> j.get("value"))
        .toList();
  }

  synchronized List<Map<String, String>> attachments() {
    return List.copyOf(attachments);
  }

  synchronized byte[] attachmentBody(String sysId) {
    return attachmentBodies.get(sysId);
  }

  synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  synchronized List<RecordedRequest> requests(String method, String pathPrefix) {
    return requests.stream()
        .filter(
            r -> r.getMethod().equals(method) && r.getUrl().encodedPath().startsWith(pathPrefix))
        .toList();
  }

  static String query(RecordedRequest r) {
    String q = r.getUrl().queryParameter("sysparm_query");
    return q == null ? "" : q;
  }

  static JsonNode json(RecordedRequest r) {
    try {
      return Json.mapper().readTree(r.getBody() == null ? "" : r.getBody().utf8());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- dispatch ----

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    for (Iterator<Scripted> it = scripted.iterator(); it.hasNext(); ) {
      Scripted s = it.next();
      if (s.when().test(request)) {
        it.remove();
        return s.response();
      }
    }
    if (downStatus != 0) {
      return error(downStatus, "Service Unavailable", "the instance is being upgraded");
    }
    HttpUrl url = request.getUrl();
    String path = url.encodedPath();
    if (path.equals("/oauth_token.do") && request.getMethod().equals("POST")) {
      return token(request);
    }
    if (!authorized(request)) {
      return error(401, "User Not Authenticated", "Required to provide Auth information");
    }
    List<String> seg = url.pathSegments();
    if (path.startsWith("/api/now/v2/table/")) {
      String table = seg.get(4);
      if (seg.size() == 5 && request.getMethod().equals("GET")) {
        return query(table, url);
      }
      if (seg.size() == 5 && request.getMethod().equals("POST")) {
        return create(table, request);
      }
      if (seg.size() == 6 && request.getMethod().equals("PATCH")) {
        return update(table, seg.get(5), request);
      }
    }
    if (path.equals("/api/now/attachment/file") && request.getMethod().equals("POST")) {
      return attach(request);
    }
    if (path.equals("/api/now/attachment") && request.getMethod().equals("GET")) {
      List<Map<String, String>> rows = filter(attachments, param(url, "sysparm_query"));
      return ok(200, list(rows, null));
    }
    return error(400, "Invalid request", request.getMethod() + " " + path);
  }

  private boolean authorized(RecordedRequest r) {
    String auth = r.getHeaders().get("Authorization");
    if (auth == null) {
      return false;
    }
    if (oauth) {
      if (!auth.startsWith("Bearer ")) {
        return false;
      }
      Instant exp = accessTokens.get(auth.substring(7));
      return exp != null && clock.instant().isBefore(exp);
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return auth.equals(expected);
  }

  private MockResponse token(RecordedRequest r) {
    Map<String, String> form = new HashMap<>();
    String body = r.getBody() == null ? "" : r.getBody().utf8();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    if (!CLIENT_ID.equals(form.get("client_id"))
        || !CLIENT_SECRET.equals(form.get("client_secret"))) {
      return oauthError(401, "access_denied");
    }
    String grant = form.getOrDefault("grant_type", "");
    boolean ok =
        switch (grant) {
          case "password" ->
              USER.equals(form.get("username")) && PASSWORD.equals(form.get("password"));
          case "client_credentials" -> true;
          case "refresh_token" -> refreshTokens.contains(form.get("refresh_token"));
          default -> false;
        };
    if (!ok) {
      return oauthError(401, "access_denied");
    }
    String access = "at-" + ids.incrementAndGet();
    accessTokens.put(access, clock.instant().plusSeconds(tokenLifetimeSeconds));
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("access_token", access);
    if (!grant.equals("client_credentials")) {
      String refresh = "rt-" + ids.incrementAndGet();
      refreshTokens.add(refresh);
      out.put("refresh_token", refresh);
    }
    out.put("scope", "useraccount");
    out.put("token_type", "Bearer");
    out.put("expires_in", tokenLifetimeSeconds);
    return ok(200, out);
  }

  private static MockResponse oauthError(int status, String error) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body("{\"error_description\":\"" + error + "\",\"error\":\"server_error\"}")
        .build();
  }

  private MockResponse query(String table, HttpUrl url) {
    List<Map<String, String>> rows =
        filter(tables.getOrDefault(table, List.of()), param(url, "sysparm_query"));
    int offset = Integer.parseInt(orDefault(url.queryParameter("sysparm_offset"), "0"));
    int limit = Integer.parseInt(orDefault(url.queryParameter("sysparm_limit"), "10000"));
    List<Map<String, String>> page =
        rows.subList(Math.min(offset, rows.size()), Math.min(rows.size(), offset + limit));
    return ok(200, list(page, url.queryParameter("sysparm_fields")));
  }

  private MockResponse create(String table, RecordedRequest request) {
    JsonNode body = json(request);
    Map<String, String> fields = new LinkedHashMap<>();
    body.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
    String notes = fields.remove("work_notes");
    Map<String, String> rec = insert(table, fields);
    if (notes != null) {
      journal(rec.get("sys_id"), notes);
    }
    return ok(201, Json.mapper().createObjectNode().set("result", Json.mapper().valueToTree(rec)));
  }

  private Map<String, String> insert(String table, Map<String, String> fields) {
    Instant created = clock.instant();
    if (!created.isAfter(lastCreated)) {
      created = lastCreated.plusSeconds(1);
    }
    lastCreated = created;
    Map<String, String> rec = new LinkedHashMap<>();
    rec.put("sys_id", String.format(Locale.ROOT, "%032x", ids.incrementAndGet() * 7919L));
    String prefix = table.equals("incident") ? "INC" : table.equals("problem") ? "PRB" : "REC";
    int n = numbers.computeIfAbsent(table, t -> new AtomicInteger(10000)).incrementAndGet();
    rec.put("number", prefix + String.format(Locale.ROOT, "%07d", n));
    rec.put("state", table.equals("problem") ? "101" : "1");
    rec.put("active", "true");
    rec.put("correlation_id", "");
    rec.put("sys_created_on", TS.format(created));
    rec.put("sys_updated_on", TS.format(created));
    rec.putAll(fields);
    tables.computeIfAbsent(table, t -> new ArrayList<>()).add(rec);
    return rec;
  }

  private MockResponse update(String table, String sysId, RecordedRequest request) {
    Map<String, String> rec =
        tables.getOrDefault(table, List.of()).stream()
            .filter(r -> r.get("sys_id").equals(sysId))
            .findFirst()
            .orElse(null);
    if (rec == null) {
      return error(
          404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
    }
    JsonNode body = json(request);
    Map<String, String> fields = new LinkedHashMap<>();
    body.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
    String state = fields.get("state");
    if ("6".equals(state)
        && (isBlank(fields.get("close_code")) || isBlank(fields.get("close_notes")))) {
      return error(
          403, "Operation Failed", "Data Policy Exception: Resolution code, Resolution notes");
    }
    String notes = fields.remove("work_notes");
    if (notes != null && !notes.isBlank()) {
      journal(sysId, notes);
    }
    rec.putAll(fields);
    String now = TS.format(clock.instant());
    rec.put("sys_updated_on", now);
    if ("6".equals(state)) {
      rec.put("resolved_at", now);
    } else if ("7".equals(state) || "8".equals(state)) {
      rec.put("active", "false");
      rec.put("closed_at", now);
    } else if (state != null) {
      rec.put("active", "true");
      rec.put("resolved_at", "");
    }
    return ok(200, Json.mapper().createObjectNode().set("result", Json.mapper().valueToTree(rec)));
  }

  private void journal(String sysId, String value) {
    Map<String, String> j = new LinkedHashMap<>();
    j.put("element_id", sysId);
    j.put("element", "work_notes");
    j.put("value", value);
    insert("sys_journal_field", j);
  }

  private MockResponse attach(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    String table = url.queryParameter("table_name");
    String sysId = url.queryParameter("table_sys_id");
    String name = url.queryParameter("file_name");
    String type = request.getHeaders().get("Content-Type");
    if (table == null || sysId == null || name == null || type == null) {
      return error(
          400,
          "Missing parameters",
          "table_name, table_sys_id, file_name and Content-Type are required");
    }
    boolean exists =
        tables.getOrDefault(table, List.of()).stream().anyMatch(r -> r.get("sys_id").equals(sysId));
    if (!exists) {
      return error(404, "Record not found", null);
    }
    Map<String, String> a = new LinkedHashMap<>();
    a.put("sys_id", String.format(Locale.ROOT, "%032x", ids.incrementAndGet() * 104729L));
    a.put("file_name", name);
    a.put("content_type", type);
    a.put("size_bytes", Long.toString(request.getBodySize()));
    a.put("table_name", table);
    a.put("table_sys_id", sysId);
    attachments.add(a);
    attachmentBodies.put(
        a.get("sys_id"), request.getBody() == null ? new byte[0] : request.getBody().toByteArray());
    return new MockResponse.Builder()
        .code(201)
        .setHeader("Content-Type", "application/json")
        .setHeader("Location", "/api/now/attachment/" + a.get("sys_id"))
        .body(
            Json.mapper().createObjectNode().set("result", Json.mapper().valueToTree(a)).toString())
        .build();
  }

  // ---- encoded queries ----

  private List<Map<String, String>> filter(List<Map<String, String>> rows, String encoded) {
    List<Predicate<Map<String, String>>> conds = new ArrayList<>();
    Comparator<Map<String, String>> order = null;
    for (String part : encoded.isEmpty() ? new String[0] : encoded.split("\\^")) {
      if (part.startsWith("ORDERBYDESC")) {
        String f = part.substring(11);
        Comparator<Map<String, String>> c = Comparator.comparing(r -> r.getOrDefault(f, ""));
        order = order == null ? c.reversed() : order.thenComparing(c.reversed());
        continue;
      }
      if (part.startsWith("ORDERBY")) {
        String f = part.substring(7);
        Comparator<Map<String, String>> c = Comparator.comparing(r -> r.getOrDefault(f, ""));
        order = order == null ? c : order.thenComparing(c);
        continue;
      }
      if (part.startsWith("OR") || part.startsWith("NQ")) {
        throw new IllegalArgumentException("fake does not support " + part);
      }
      Matcher m = CONDITION.matcher(part);
      if (!m.matches() || ignoredFields.contains(m.group(1))) {
        continue; // an instance silently ignores what it cannot apply
      }
      String field = m.group(1);
      String value = m.group(3);
      Set<String> values = Set.of(value.split(","));
      conds.add(
          switch (m.group(2)) {
            case "=" -> r -> r.getOrDefault(field, "").equals(value);
            case "!=" -> r -> !r.getOrDefault(field, "").equals(value);
            case "IN" -> r -> values.contains(r.getOrDefault(field, ""));
            default -> r -> !values.contains(r.getOrDefault(field, ""));
          });
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      if (conds.stream().allMatch(c -> c.test(r))) {
        out.add(r);
      }
    }
    if (order != null) {
      out.sort(order);
    }
    return out;
  }

  private static ObjectNode list(List<Map<String, String>> rows, @Nullable String fields) {
    ObjectNode out = Json.mapper().createObjectNode();
    ArrayNode arr = out.putArray("result");
    for (Map<String, String> r : rows) {
      ObjectNode o = arr.addObject();
      if (fields == null || fields.isBlank()) {
        r.forEach(o::put);
      } else {
        for (String f : fields.split(",")) {
          o.put(f, r.getOrDefault(f, ""));
        }
      }
    }
    return out;
  }

  private static MockResponse ok(int status, JsonNode body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json;charset=UTF-8")
        .body(body.toString())
        .build();
  }

  private static String param(HttpUrl url, String name) {
    return orDefault(url.queryParameter(name), "");
  }

  private static String orDefault(@Nullable String s, String d) {
    return s == null ? d : s;
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
