package dev.precursor.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.model.Json;
import dev.precursor.server.EngineServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A whole engine on loopback free ports with an in-memory H2 store, plus small HTTP helpers. */
final class EngineFixture implements AutoCloseable {
  final EngineServer server;
  final HttpClient http = HttpClient.newHttpClient();

  EngineFixture(Map<String, String> overrides) {
    Map<String, String> cfg = new HashMap<>();
    cfg.put("store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    cfg.put("api.port", "0");
    cfg.put("api.host", "127.0.0.1");
    cfg.put("otlp.grpc-port", "0");
    cfg.put("otlp.http-port", "0");
    cfg.putAll(overrides);
    server = EngineServer.start(PrecursorConfig.defaults().with(cfg), Clock.systemUTC());
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + server.otlpGrpcPort();
  }

  String httpEndpoint(String path) {
    return "http://127.0.0.1:" + server.otlpHttpPort() + path;
  }

  HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(httpEndpoint(path)))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b.build());
  }

  JsonNode api(String pathAndQuery) {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.apiPort() + pathAndQuery))
                .build());
    try {
      if (r.statusCode() != 200) {
        throw new AssertionError(pathAndQuery + " answered " + r.statusCode());
      }
      return Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String metrics() {
    return server.engine().metrics().scrape();
  }

  HttpResponse<byte[]> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
