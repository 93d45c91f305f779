package dev.precursor.grafana;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The engine's HTTP API on 127.0.0.1:0, answering the JSON shapes of DESIGN.md (list envelope
 * {@code {"items","nextCursor"}}, errors {@code {"error","detail"}}) with a small fixed scenario: a
 * memory leak in {@code cart} after deploy v2.3.1 predicted to hit {@code checkout}. Writes need
 * {@code Authorization: Bearer <token>} like the engine's {@code api.token}. Records every request.
 */
final class FakeEngine implements AutoCloseable {
  record Request(String method, String path, Map<String, String> query, String authorization) {}

  static final String T0 = "2026-03-01T10:00:00Z";
  private final HttpServer server;
  private final String token;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeEngine(String token) throws IOException {
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(ex.getRequestMethod(), path, q, auth == null ? "" : auth));
    if (ex.getRequestMethod().equals("POST")) {
      if (!("Bearer " + token).equals(auth)) {
        send(
            ex,
            401,
            "{\"error\":\"unauthorized\",\"detail\":\"the bearer token does not match api.token\"}");
      } else if (path.equals("/api/v1/deploys")) {
        send(
            ex,
            400,
            "{\"error\":\"invalid deploy\",\"detail\":\"'service' is required; 'version' is required\"}");
      } else {
        send(ex, 404, "{\"error\":\"not found\",\"detail\":\"no route\"}");
      }
      return;
    }
    switch (path) {
      case "/api/v1/health" ->
          send(
              ex,
              200,
              "{\"status\":\"ok\",\"version\":\"0.1.0\",\"store\":\"h2\",\"storeHealthy\":true,\"uptimeSeconds\":5,\"watermark\":\"2026-03-01T10:30:00Z\"}");
      case "/api/v1/predictions" -> predictions(ex, q);
      case "/api/v1/situations" -> send(ex, 200, page("[" + SITUATION + "]", null));
      case "/api/v1/deploys" -> send(ex, 200, page("[" + DEPLOY + "]", null));
      case "/api/v1/scores" -> scores(ex, q);
      case "/api/v1/services" -> send(ex, 200, GRAPH);
      default -> {
        if (path.startsWith("/api/v1/situations/")) {
          send(ex, 404, "{\"error\":\"not found\",\"detail\":\"situation\"}");
        } else {
          send(ex, 404, "{\"error\":\"not found\",\"detail\":\"no route GET " + path + "\"}");
        }
      }
    }
  }

  /** Two pages, to exercise nextCursor. */
  private void predictions(HttpExchange ex, Map<String, String> q) throws IOException {
    String service = q.get("service");
    if (q.get("cursor") == null) {
      String items =
          service == null || service.equals("checkout") ? "[" + PREDICTION_1 + "]" : "[]";
      send(ex, 200, page(items, "page-2"));
    } else {
      String items =
          service == null || service.equals("checkout")
              ? "[" + PREDICTION_2 + "," + PREDICTION_WATCH + "]"
              : "[]";
      send(ex, 200, page(items, null));
    }
  }

  private void scores(HttpExchange ex, Map<String, String> q) throws IOException {
    if ("explode".equals(q.get("service"))) {
      send(ex, 500, "{\"error\":\"internal error\",\"detail\":\"scorer unavailable\"}");
      return;
    }
    send(
        ex,
        200,
        page(
            "[{\"service\":\"cart\",\"metric\":\"process.memory.usage\",\"attributes\":{},\"points\":["
                + "{\"at\":\"2026-03-01T10:00:00Z\",\"score\":0.1},{\"at\":\"2026-03-01T10:05:00Z\",\"score\":0.55},"
                + "{\"at\":\"2026-03-01T10:10:00Z\",\"score\":0.93}]},"
                + "{\"service\":\"checkout\",\"metric\":\"http.server.duration\",\"attributes\":{\"route\":\"/pay\"},\"points\":["
                + "{\"at\":\"2026-03-01T10:00:00Z\",\"score\":0.05},{\"at\":\"2026-03-01T10:10:00Z\",\"score\":0.4}]}]",
            null));
  }

  static final String PREDICTION_1 =
      "{\"id\":\"p1\",\"situationId\":\"s1\",\"service\":\"checkout\",\"tier\":\"watch\",\"confidence\":0.74,"
          + "\"raisedAt\":\"2026-03-01T10:05:00Z\",\"expectedAt\":\"2026-03-01T10:40:00Z\",\"pattern\":\"memory leak after deploy\","
          + "\"similarIncidents\":[{\"id\":\"INC-42\",\"title\":\"cart OOM after v2.1 rollout\",\"similarity\":0.81}],"
          + "\"rootCause\":{\"service\":\"cart\",\"kind\":\"deploy\",\"summary\":\"heap grows since deploy v2.3.1\"},"
          + "\"recommendedAction\":\"roll back cart to v2.3.0\",\"state\":\"open\"}";
  static final String PREDICTION_2 =
      "{\"id\":\"p2\",\"situationId\":\"s1\",\"service\":\"checkout\",\"tier\":\"alert\",\"confidence\":0.91,"
          + "\"raisedAt\":\"2026-03-01T10:12:00Z\",\"expectedAt\":\"2026-03-01T10:37:00Z\",\"pattern\":\"memory leak after deploy\","
          + "\"similarIncidents\":[{\"id\":\"INC-42\",\"title\":\"cart OOM after v2.1 rollout\",\"similarity\":0.88}],"
          + "\"rootCause\":{\"service\":\"cart\",\"kind\":\"deploy\",\"summary\":\"heap grows since deploy v2.3.1\"},"
          + "\"recommendedAction\":\"roll back cart to v2.3.0\",\"state\":\"open\"}";
  static final String PREDICTION_WATCH =
      "{\"id\":\"p3\",\"situationId\":\"s2\",\"service\":\"checkout\",\"tier\":\"log\",\"confidence\":0.4,"
          + "\"raisedAt\":\"2026-03-01T10:20:00Z\",\"expectedAt\":null,\"pattern\":\"retry storm\","
          + "\"similarIncidents\":[],\"rootCause\":null,\"recommendedAction\":\"\",\"state\":\"open\"}";
  static final String DEPLOY =
      "{\"id\":\"d1\",\"service\":\"cart\",\"version\":\"v2.3.1\",\"environment\":\"prod\",\"at\":\"2026-03-01T09:58:00Z\","
          + "\"kind\":\"deploy\",\"commit\":\"abc123\",\"url\":null,\"source\":\"jenkins\"}";
  static final String SITUATION =
      "{\"id\":\"s1\",\"state\":\"open\",\"openedAt\":\"2026-03-01T10:03:00Z\",\"resolvedAt\":null,"
          + "\"services\":[\"cart\",\"checkout\"],\"anomalies\":[{\"series\":{\"service\":\"cart\",\"metric\":\"process.memory.usage\",\"attributes\":{}}}],"
          + "\"hypotheses\":[{\"service\":\"cart\",\"cause\":\"deploy v2.3.1\",\"confidence\":0.82,\"evidence\":[]}],"
          + "\"deploys\":["
          + DEPLOY
          + "],\"tickets\":[{\"system\":\"jira\",\"key\":\"OPS-17\",\"url\":\"https://jira.example/browse/OPS-17\"}]}";
  static final String GRAPH =
      "{\"nodes\":[{\"service\":\"checkout\",\"requestRate\":42.0,\"errorRatio\":0.01},"
          + "{\"service\":\"cart\",\"requestRate\":40.0,\"errorRatio\":0.12},{\"service\":\"payments\",\"requestRate\":10.0,\"errorRatio\":0.0}],"
          + "\"edges\":[{\"from\":\"checkout\",\"to\":\"cart\",\"callRate\":38.5,\"errorRatio\":0.12},"
          + "{\"from\":\"checkout\",\"to\":\"payments\",\"callRate\":9.5,\"errorRatio\":0.0}]}";

  private static String page(String items, String next) {
    return "{\"items\":"
        + items
        + ",\"nextCursor\":"
        + (next == null ? "null" : "\"" + next + "\"")
        + "}";
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String p : raw.split("&")) {
      int i = p.indexOf('=');
      m.put(
          URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8),
          i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
