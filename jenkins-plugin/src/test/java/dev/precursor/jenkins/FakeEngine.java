package dev.precursor.jenkins;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 serving canned answers per path (the engine API's JSON shapes), with
 * a queue per path for sequences (503 then 201), recording every request.
 */
final class FakeEngine implements AutoCloseable {
  record Answer(int status, String body, Map<String, String> headers) {
    static Answer json(int status, String body) {
      return new Answer(status, body, Map.of());
    }
  }

  record Request(String method, String uri, String body, Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final Map<String, Deque<Answer>> queued = new ConcurrentHashMap<>();
  private final Map<String, Answer> fixed = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeEngine() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers this path with this answer from now on. */
  FakeEngine always(String path, Answer a) {
    fixed.put(path, a);
    return this;
  }

  /** Answers the next calls of this path with these answers in turn, then the fixed one. */
  FakeEngine then(String path, Answer... answers) {
    queued.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            ex.getRequestMethod(), ex.getRequestURI().toString(), body, ex.getRequestHeaders()));
    String path = ex.getRequestURI().getPath();
    Deque<Answer> q = queued.get(path);
    Answer a = q != null && !q.isEmpty() ? q.poll() : fixed.get(path);
    if (a == null) {
      a = Answer.json(404, "{\"error\":\"not found\",\"detail\":\"" + path + "\"}");
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", "application/json");
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      ex.getResponseBody().write(out);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
