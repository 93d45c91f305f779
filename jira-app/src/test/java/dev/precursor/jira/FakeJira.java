package dev.precursor.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.precursor.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Jira on loopback (JDK {@code HttpServer}, port 0) serving the documented request and response
 * shapes of Jira Cloud REST v3 or Data Center REST v2: issues with labels, properties, comments,
 * attachments and a To Do → In Progress → Done workflow; JQL search by project and label (Cloud:
 * {@code /search/jql} with {@code nextPageToken}, the old {@code /search} answering 410; DC: {@code
 * /search} with {@code startAt}/{@code total}); authentication (Cloud: Basic e-mail:token, DC:
 * Bearer PAT); 400 for invalid ADF or wiki bodies; and injected failures (429 with Retry-After,
 * 503, 401).
 */
public final class FakeJira implements AutoCloseable {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One request as received. */
  public record Recorded(
      String method, String path, String query, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A stored issue. */
  public static final class Issue {
    public final String id;
    public final String key;
    public final ObjectNode fields;
    public final Map<String, JsonNode> properties = new LinkedHashMap<>();
    public final List<JsonNode> comments = new ArrayList<>();
    public final Map<String, byte[]> attachments = new LinkedHashMap<>();

    Issue(String id, String key, ObjectNode fields) {
      this.id = id;
      this.key = key;
      this.fields = fields;
    }

    public String statusCategory() {
      return fields.path("status").path("statusCategory").path("key").asText();
    }

    public @Nullable String resolution() {
      JsonNode r = fields.path("resolution");
      return r.isObject() ? r.path("name").asText() : null;
    }

    public List<String> labels() {
      List<String> out = new ArrayList<>();
      fields.path("labels").forEach(l -> out.add(l.asText()));
      return out;
    }
  }

  private record Failure(
      @Nullable String pathContains, int status, @Nullable String retryAfter, String body) {}

  private final boolean cloud;
  private final String expectedAuth;
  private final Clock clock;
  private final HttpServer server;
  private final Map<String, Issue> issues = new LinkedHashMap<>();
  private final List<Recorded> requests = new ArrayList<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private int nextId = 10000;
  private int nextNumber = 1;
  private int maxPage = 50;
  private boolean searchSeesNewIssues = true;
  private final java.util.Set<String> hiddenFromSearch = new java.util.HashSet<>();

  /**
   * @param cloud Cloud (REST v3, Basic) or Data Center (REST v2, Bearer)
   * @param user the account e-mail (Cloud), ignored on DC
   */
  public FakeJira(boolean cloud, String user, String token, Clock clock) {
    this.cloud = cloud;
    this.clock = clock;
    this.expectedAuth =
        cloud
            ? "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8))
            : "Bearer " + token;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int apiVersion() {
    return cloud ? 3 : 2;
  }

  /** The next {@code count} requests (whose path contains {@code pathContains}, if given) fail. */
  public synchronized void failNext(
      int count, int status, @Nullable String retryAfter, @Nullable String pathContains) {
    String body =
        status == 401
            ? "{\"errorMessages\":[\"You are not authenticated. Authentication required to perform"
                + " this operation.\"],\"errors\":{}}"
            : status == 503
                ? "<html><body>Service Unavailable</body></html>"
                : "{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}";
    for (int i = 0; i < count; i++) {
      failures.add(new Failure(pathContains, status, retryAfter, body));
    }
  }

  /** Search pages hold at most this many issues, whatever maxResults asks for. */
  public synchronized void maxPage(int n) {
    maxPage = n;
  }

  /** Whether search sees issues created from now on (false: Cloud's eventual consistency). */
  public synchronized void searchSeesNewIssues(boolean sees) {
    searchSeesNewIssues = sees;
  }

  public synchronized List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<Recorded> requests(String method, String pathPart) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().contains(pathPart))
        .toList();
  }

  public synchronized List<Issue> issues() {
    return List.copyOf(issues.values());
  }

  public synchronized Issue issue(String key) {
    Issue i = issues.get(key);
    if (i == null) {
      throw new IllegalArgumentException("no issue " + key);
    }
    return i;
  }

  /** Adds a resolved issue directly (history for import tests). */
  public synchronized Issue seedResolved(
      String summary, String description, String resolution, Instant resolvedAt) {
    ObjectNode fields = F.objectNode();
    fields.put("summary", summary);
    if (cloud) {
      ObjectNode doc = F.objectNode().put("type", "doc").put("version", 1);
      doc.putArray("content")
          .addObject()
          .put("type", "paragraph")
          .putArray("content")
          .addObject()
          .put("type", "text")
          .put("text", description);
      fields.set("description", doc);
    } else {
      fields.put("description", description);
    }
    fields.putArray("labels").add("incident");
    fields.putObject("project").put("key", "OPS");
    Issue i = create(fields);
    setStatus(i, "Done");
    i.fields.putObject("resolution").put("name", resolution);
    i.fields.put("resolutiondate", JiraJsonMapper.format(resolvedAt));
    return i;
  }

  /** A human moves the issue (as through the UI). */
  public synchronized void humanTransition(String key, String status, @Nullable String resolution) {
    Issue i = issue(key);
    setStatus(i, status);
    if (status.equals("Done")) {
      i.fields.putObject("resolution").put("name", resolution == null ? "Done" : resolution);
      i.fields.put("resolutiondate", JiraJsonMapper.format(clock.instant()));
    } else {
      i.fields.putNull("resolution");
      i.fields.putNull("resolutiondate");
    }
  }

  /** Moves an issue's resolution date (for reopen-window tests). */
  public synchronized void resolvedAt(String key, Instant at) {
    issue(key).fields.put("resolutiondate", JiraJsonMapper.format(at));
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ------------------------------------------------------------------ HTTP

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      URI uri = ex.getRequestURI();
      Recorded r =
          new Recorded(
              ex.getRequestMethod(),
              uri.getPath(),
              uri.getRawQuery() == null ? "" : uri.getRawQuery(),
              headers,
              body);
      Answer a;
      synchronized (this) {
        requests.add(r);
        a = answer(r);
      }
      a.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      if (a.body == null) {
        ex.sendResponseHeaders(a.status, -1);
      } else {
        byte[] out = a.body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders()
            .add("Content-Type", a.body.startsWith("<") ? "text/html" : "application/json");
        ex.sendResponseHeaders(a.status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  private record Answer(int status, @Nullable String body, Map<String, String> headers) {
    static Answer json(int status, JsonNode body) {
      return new Answer(status, body.toString(), Map.of());
    }

    static Answer error(int status, String message) {
      ObjectNode n = F.objectNode();
      n.putArray("errorMessages").add(message);
      n.putObject("errors");
      return json(status, n);
    }

    static Answer fieldError(String field, String message) {
      ObjectNode n = F.objectNode();
      n.putArray("errorMessages");
      n.putObject("errors").put(field, message);
      return json(400, n);
    }
  }

  private Answer answer(Recorded r) {
    for (Failure f : failures) {
      if (f.pathContains() == null || r.path().contains(f.pathContains())) {
        failures.remove(f);
        Map<String, String> h =
            f.retryAfter() == null ? Map.of() : Map.of("Retry-After", f.retryAfter());
        if (f.status() == 429) {
          h = new LinkedHashMap<>(h);
          h.put("RateLimit-Reason", "jira-burst-based");
        }
        return new Answer(f.status(), f.body(), h);
      }
    }
    if (!expectedAuth.equals(r.headers().get("authorization"))) {
      return Answer.error(
          401, "You are not authenticated. Authentication required to perform this operation.");
    }
    String prefix = "/rest/api/" + apiVersion();
    if (!r.path().startsWith(prefix + "/")) {
      return new Answer(404, "<html><body>Oops, you've found a dead link.</body></html>", Map.of());
    }
    String p = r.path().substring(prefix.length());
    String m = r.method();
    try {
      if (m.equals("POST") && p.equals("/issue")) {
        return createIssue(r.json());
      }
      if (p.equals("/search/jql") && m.equals("POST")) {
        return cloud ? searchCloud(r.json()) : new Answer(404, "<html>dead link</html>", Map.of());
      }
      if (p.equals("/search") && m.equals("POST")) {
        return cloud
            ? Answer.error(
                410,
                "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.")
            : searchDc(r.json());
      }
      Matcher im = Pattern.compile("^/issue/([^/]+)(/.*)?$").matcher(p);
      if (im.matches()) {
        Issue issue = issues.get(URLDecoder.decode(im.group(1), StandardCharsets.UTF_8));
        if (issue == null) {
          return Answer.error(404, "Issue does not exist or you do not have permission to see it.");
        }
        String sub = im.group(2) == null ? "" : im.group(2);
        if (sub.isEmpty() && m.equals("GET")) {
          return Answer.json(200, view(issue, null));
        }
        if (sub.equals("/comment") && m.equals("POST")) {
          return comment(issue, r.json());
        }
        if (sub.equals("/transitions") && m.equals("GET")) {
          return Answer.json(200, F.objectNode().set("transitions", transitions(issue)));
        }
        if (sub.equals("/transitions") && m.equals("POST")) {
          return transition(issue, r.json());
        }
        if (sub.equals("/attachments") && m.equals("POST")) {
          return attach(issue, r);
        }
      }
    } catch (RuntimeException e) {
      return Answer.error(400, "Bad request: " + e.getMessage());
    }
    return new Answer(404, "<html>dead link</html>", Map.of());
  }

  private Answer createIssue(JsonNode body) {
    JsonNode fields = body.path("fields");
    if (!fields.isObject()) {
      return Answer.error(400, "fields are required");
    }
    if (!"OPS".equals(fields.path("project").path("key").asText())
        && !"DC".equals(fields.path("project").path("key").asText())) {
      return Answer.fieldError("project", "valid project is required");
    }
    if (!fields.path("issuetype").has("name") && !fields.path("issuetype").has("id")) {
      return Answer.fieldError("issuetype", "Specify an issue type");
    }
    String summary = fields.path("summary").asText("");
    if (summary.isBlank() || summary.length() > 255 || summary.contains("\n")) {
      return Answer.fieldError(
          "summary", "You must specify a summary of the issue (one line, at most 255 characters).");
    }
    String bad = richTextProblem(fields.path("description"));
    if (bad != null) {
      return Answer.fieldError("description", bad);
    }
    for (JsonNode l : fields.path("labels")) {
      if (l.asText().contains(" ") || l.asText().isEmpty()) {
        return Answer.fieldError(
            "labels", "The label '" + l.asText() + "' contains spaces which is invalid.");
      }
    }
    ObjectNode stored = fields.deepCopy();
    Issue issue = create(stored);
    for (JsonNode p : body.path("properties")) {
      issue.properties.put(p.path("key").asText(), p.path("value"));
    }
    ObjectNode out = F.objectNode();
    out.put("id", issue.id);
    out.put("key", issue.key);
    out.put("self", url() + "/rest/api/" + apiVersion() + "/issue/" + issue.id);
    return Answer.json(201, out);
  }

  private Issue create(ObjectNode fields) {
    String key = fields.path("project").path("key").asText("OPS") + "-" + nextNumber++;
    Issue issue = new Issue(String.valueOf(nextId++), key, fields);
    fields.put("created", JiraJsonMapper.format(clock.instant()));
    fields.putNull("resolution");
    fields.putNull("resolutiondate");
    if (!fields.has("labels")) {
      fields.putArray("labels");
    }
    setStatus(issue, "To Do");
    issues.put(key, issue);
    if (!searchSeesNewIssues) {
      hiddenFromSearch.add(key);
    }
    return issue;
  }

  private static void setStatus(Issue i, String name) {
    String cat =
        switch (name) {
          case "Done" -> "done";
          case "In Progress" -> "indeterminate";
          default -> "new";
        };
    ObjectNode s = F.objectNode();
    s.put("name", name);
    s.putObject("statusCategory").put("key", cat);
    i.fields.set("status", s);
  }

  private ObjectNode view(Issue i, @Nullable JsonNode propertyKeys) {
    ObjectNode n = F.objectNode();
    n.put("id", i.id);
    n.put("key", i.key);
    n.put("self", url() + "/rest/api/" + apiVersion() + "/issue/" + i.id);
    ObjectNode fields = i.fields.deepCopy();
    ObjectNode comment = fields.putObject("comment");
    ArrayNode cs = comment.putArray("comments");
    i.comments.forEach(cs::add);
    comment.put("total", i.comments.size());
    ArrayNode att = fields.putArray("attachment");
    i.attachments.forEach(
        (name, bytes) -> att.addObject().put("filename", name).put("size", bytes.length));
    n.set("fields", fields);
    if (propertyKeys != null) {
      ObjectNode props = n.putObject("properties");
      for (JsonNode k : propertyKeys) {
        JsonNode v = i.properties.get(k.asText());
        if (v != null) {
          props.set(k.asText(), v);
        }
      }
    }
    return n;
  }

  private Answer comment(Issue issue, JsonNode body) {
    String bad = richTextProblem(body.path("body"));
    if (bad != null) {
      return Answer.fieldError("comment", bad);
    }
    ObjectNode c = F.objectNode();
    c.put("id", String.valueOf(nextId++));
    c.set("body", body.path("body"));
    c.put("created", JiraJsonMapper.format(clock.instant()));
    issue.comments.add(c);
    return Answer.json(201, c);
  }

  private ArrayNode transitions(Issue i) {
    ArrayNode ts = F.arrayNode();
    if (i.statusCategory().equals("done")) {
      ts.add(transition("41", "Reopen", "To Do", "new"));
    } else {
      ts.add(transition("21", "Start Progress", "In Progress", "indeterminate"));
      ts.add(transition("31", "Done", "Done", "done"));
    }
    return ts;
  }

  private static ObjectNode transition(String id, String name, String to, String cat) {
    ObjectNode t = F.objectNode();
    t.put("id", id);
    t.put("name", name);
    ObjectNode toNode = t.putObject("to");
    toNode.put("name", to);
    toNode.putObject("statusCategory").put("key", cat);
    t.put("hasScreen", false);
    return t;
  }

  private Answer transition(Issue issue, JsonNode body) {
    String id = body.path("transition").path("id").asText("");
    for (JsonNode t : transitions(issue)) {
      if (t.path("id").asText().equals(id)) {
        String to = t.path("to").path("name").asText();
        setStatus(issue, to);
        if (to.equals("Done")) {
          String res = body.path("fields").path("resolution").path("name").asText("Done");
          issue.fields.putObject("resolution").put("name", res);
          issue.fields.put("resolutiondate", JiraJsonMapper.format(clock.instant()));
        } else {
          issue.fields.putNull("resolution");
          issue.fields.putNull("resolutiondate");
        }
        return new Answer(204, null, Map.of());
      }
    }
    return Answer.error(
        400,
        "It seems that you have tried to perform a workflow operation ("
            + id
            + ") that is not valid for the current state of this issue ("
            + issue.key
            + ").");
  }

  private Answer attach(Issue issue, Recorded r) {
    if (!"no-check".equals(r.headers().get("x-atlassian-token"))) {
      return Answer.error(403, "XSRF check failed");
    }
    String ct = r.headers().getOrDefault("content-type", "");
    Matcher bm = Pattern.compile("boundary=(.+)$").matcher(ct);
    if (!ct.startsWith("multipart/form-data") || !bm.find()) {
      return Answer.error(415, "Unsupported Media Type: expected multipart/form-data");
    }
    String boundary = bm.group(1).trim();
    String all = new String(r.body(), StandardCharsets.ISO_8859_1);
    ArrayNode out = F.arrayNode();
    for (String part : all.split("--" + Pattern.quote(boundary))) {
      int headEnd = part.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        continue;
      }
      String head = part.substring(0, headEnd);
      Matcher nm = Pattern.compile("name=\"([^\"]*)\"; filename=\"([^\"]*)\"").matcher(head);
      if (!nm.find()) {
        continue;
      }
      if (!nm.group(1).equals("file")) {
        return Answer.error(400, "the attachment part must be named 'file'");
      }
      String content = part.substring(headEnd + 4);
      if (content.endsWith("\r\n")) {
        content = content.substring(0, content.length() - 2);
      }
      byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);
      issue.attachments.put(nm.group(2), bytes);
      out.addObject()
          .put("id", String.valueOf(nextId++))
          .put("filename", nm.group(2))
          .put("size", bytes.length);
    }
    if (out.isEmpty()) {
      return Answer.error(400, "no file part in the request");
    }
    return Answer.json(200, out);
  }

  // ------------------------------------------------------------------ search

  private List<Issue> matching(String jql) {
    if (jql.isBlank()) {
      throw new IllegalArgumentException("JQL query is required");
    }
    Matcher pm = Pattern.compile("project\\s*=\\s*\"?([A-Za-z0-9_]+)\"?").matcher(jql);
    Matcher lm = Pattern.compile("labels\\s*=\\s*\"([^\"]+)\"").matcher(jql);
    if (!pm.find()) {
      throw new IllegalArgumentException("unbounded JQL: " + jql);
    }
    String project = pm.group(1);
    String label = lm.find() ? lm.group(1) : null;
    boolean resolvedOnly = jql.toLowerCase(Locale.ROOT).contains("resolution is not empty");
    List<Issue> out = new ArrayList<>();
    for (Issue i : issues.values()) {
      if (hiddenFromSearch.contains(i.key)) {
        continue;
      }
      if (!i.key.startsWith(project + "-")) {
        continue;
      }
      if (label != null && !i.labels().contains(label)) {
        continue;
      }
      if (resolvedOnly && i.resolution() == null) {
        continue;
      }
      out.add(i);
    }
    if (jql.toLowerCase(Locale.ROOT).contains("order by created desc")) {
      java.util.Collections.reverse(out);
    }
    return out;
  }

  private Answer searchCloud(JsonNode body) {
    List<Issue> all = matching(body.path("jql").asText(""));
    for (JsonNode id : body.path("reconcileIssues")) {
      for (Issue i : issues.values()) {
        if (i.id.equals(id.asText()) && hiddenFromSearch.remove(i.key)) {
          all = matching(body.path("jql").asText(""));
        }
      }
    }
    int start = 0;
    if (body.hasNonNull("nextPageToken")) {
      start =
          Integer.parseInt(
              new String(
                  Base64.getDecoder().decode(body.path("nextPageToken").asText()),
                  StandardCharsets.UTF_8));
    }
    int size = Math.min(body.path("maxResults").asInt(50), maxPage);
    int end = Math.min(all.size(), start + size);
    ObjectNode out = F.objectNode();
    ArrayNode is = out.putArray("issues");
    boolean withFields = body.has("fields");
    for (Issue i : all.subList(start, end)) {
      ObjectNode v = view(i, body.path("properties"));
      if (!withFields) {
        v.remove("fields"); // Cloud returns ids only unless fields are asked for
      }
      is.add(v);
    }
    boolean last = end >= all.size();
    out.put("isLast", last);
    if (!last) {
      out.put(
          "nextPageToken",
          Base64.getEncoder().encodeToString(String.valueOf(end).getBytes(StandardCharsets.UTF_8)));
    }
    return Answer.json(200, out);
  }

  private Answer searchDc(JsonNode body) {
    List<Issue> all = matching(body.path("jql").asText(""));
    int start = body.path("startAt").asInt(0);
    int size = Math.min(body.path("maxResults").asInt(50), maxPage);
    int end = Math.min(all.size(), start + size);
    ObjectNode out = F.objectNode();
    out.put("startAt", start);
    out.put("maxResults", size);
    out.put("total", all.size());
    ArrayNode is = out.putArray("issues");
    for (Issue i : all.subList(Math.min(start, all.size()), end)) {
      is.add(view(i, null));
    }
    return Answer.json(200, out);
  }

  // ------------------------------------------------------------------ rich text

  private @Nullable String richTextProblem(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    if (!cloud) {
      return n.isTextual() ? null : "Operation value must be a string";
    }
    List<String> problems = new ArrayList<>();
    AdfCheck.doc(n, problems);
    return problems.isEmpty()
        ? null
        : "Operation value must be an Atlassian Document (see the Atlassian Document Format): "
            + problems;
  }

  /** An independent check of the ADF rules of the fact sheet (§4). */
  static final class AdfCheck {
    private static final Set<String> BLOCKS =
        Set.of(
            "paragraph",
            "heading",
            "bulletList",
            "orderedList",
            "codeBlock",
            "table",
            "rule",
            "blockquote",
            "panel");
    private static final Set<String> MARKS =
        Set.of("strong", "em", "code", "strike", "underline", "link");

    static void doc(JsonNode n, List<String> problems) {
      if (!n.isObject()
          || !"doc".equals(n.path("type").asText())
          || n.path("version").asInt(-1) != 1) {
        problems.add("root must be {type: doc, version: 1}");
        return;
      }
      if (!n.path("content").isArray()) {
        problems.add("doc.content must be an array");
        return;
      }
      for (JsonNode b : n.path("content")) {
        block(b, problems);
      }
    }

    private static void block(JsonNode b, List<String> problems) {
      String t = b.path("type").asText();
      if (!BLOCKS.contains(t)) {
        problems.add("unknown block " + t);
        return;
      }
      switch (t) {
        case "heading" -> {
          int level = b.path("attrs").path("level").asInt(0);
          if (level < 1 || level > 6) {
            problems.add("heading needs attrs.level 1-6");
          }
          inlines(b, problems, false);
        }
        case "paragraph" -> inlines(b, problems, false);
        case "codeBlock" -> inlines(b, problems, true);
        case "bulletList", "orderedList" -> {
          if (b.path("content").isEmpty()) {
            problems.add(t + " must hold list items");
          }
          for (JsonNode li : b.path("content")) {
            if (!"listItem".equals(li.path("type").asText())) {
              problems.add(t + " may only hold listItem");
              continue;
            }
            JsonNode first = li.path("content").path(0);
            String ft = first.path("type").asText();
            if (!ft.equals("paragraph") && !ft.equals("codeBlock")) {
              problems.add("listItem must start with a paragraph, got " + ft);
            }
            for (JsonNode c : li.path("content")) {
              block(c, problems);
            }
          }
        }
        case "table" -> {
          for (JsonNode row : b.path("content")) {
            if (!"tableRow".equals(row.path("type").asText())) {
              problems.add("table may only hold tableRow");
              continue;
            }
            for (JsonNode cell : row.path("content")) {
              String ct = cell.path("type").asText();
              if (!ct.equals("tableCell") && !ct.equals("tableHeader")) {
                problems.add("tableRow may only hold cells, got " + ct);
                continue;
              }
              if (cell.path("content").isEmpty()) {
                problems.add("table cells must hold at least one block");
              }
              for (JsonNode c : cell.path("content")) {
                block(c, problems);
              }
            }
          }
        }
        default -> {
          for (JsonNode c : b.path("content")) {
            block(c, problems);
          }
        }
      }
    }

    private static void inlines(JsonNode b, List<String> problems, boolean code) {
      for (JsonNode i : b.path("content")) {
        String t = i.path("type").asText();
        if (t.equals("hardBreak")) {
          continue;
        }
        if (!t.equals("text")) {
          problems.add("unknown inline " + t);
          continue;
        }
        if (i.path("text").asText("").isEmpty()) {
          problems.add("text nodes must not be empty");
        }
        boolean hasCode = false;
        boolean hasFormat = false;
        for (JsonNode m : i.path("marks")) {
          String mt = m.path("type").asText();
          if (code) {
            problems.add("codeBlock text may not carry marks");
          }
          if (!MARKS.contains(mt)) {
            problems.add("unknown mark " + mt);
          }
          if (mt.equals("link") && m.path("attrs").path("href").asText("").isEmpty()) {
            problems.add("link mark needs attrs.href");
          }
          hasCode |= mt.equals("code");
          hasFormat |= Set.of("strong", "em", "strike", "underline").contains(mt);
        }
        if (hasCode && hasFormat) {
          problems.add("code mark cannot be combined with formatting marks");
        }
      }
    }
  }
}
