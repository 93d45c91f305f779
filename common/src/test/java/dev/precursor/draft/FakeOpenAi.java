package dev.precursor.draft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.precursor.model.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat-completions endpoint on 127.0.0.1 (port 0) serving scripted answers: a
 * completion with given content, an HTTP error, or a completion held back until {@link #close} (to
 * run into the client's timeout). Records every request body.
 */
final class FakeOpenAi implements AutoCloseable {
  private final HttpServer server;
  private final Deque<Reply> replies = new ArrayDeque<>();
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);

  private record Reply(int status, String body, boolean hold) {}

  FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Answers the next request with a completion whose message content is {@code content}. */
  FakeOpenAi thenContent(String content) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("id", "chatcmpl-test");
    body.put("object", "chat.completion");
    body.put("created", 1_790_000_000L);
    body.put("model", "gpt-test");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    body.putObject("usage")
        .put("prompt_tokens", 900)
        .put("completion_tokens", 300)
        .put("total_tokens", 1200);
    replies.add(new Reply(200, body.toString(), false));
    return this;
  }

  FakeOpenAi thenStatus(int status, String type) {
    replies.add(
        new Reply(
            status,
            "{\"error\":{\"message\":\"scripted " + status + "\",\"type\":\"" + type + "\"}}",
            false));
    return this;
  }

  /** Holds the next answer until the server is closed: the client times out first. */
  FakeOpenAi thenHang() {
    replies.add(new Reply(200, "{}", true));
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      requests.add(Json.mapper().readTree(ex.getRequestBody().readAllBytes()));
      Reply r;
      synchronized (replies) {
        r =
            replies.isEmpty()
                ? new Reply(500, "{\"error\":{\"message\":\"no script\"}}", false)
                : replies.poll();
      }
      if (r.hold()) {
        try {
          released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(r.status(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      } catch (IOException e) {
        // the client gave up (timeout): nothing to answer
      }
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
