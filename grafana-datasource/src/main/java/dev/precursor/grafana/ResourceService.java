package dev.precursor.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineException;
import dev.precursor.grafana.engine.EngineModel.Edge;
import dev.precursor.grafana.engine.EngineModel.Node;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.engine.EngineModel.ScoreSeries;
import dev.precursor.grafana.engine.EngineModel.ServiceGraph;
import dev.precursor.grafana.engine.EngineSettings.SettingsException;
import dev.precursor.grafana.pluginv2.CallResourceRequest;
import dev.precursor.grafana.pluginv2.CallResourceResponse;
import dev.precursor.grafana.pluginv2.ResourceGrpc;
import dev.precursor.grafana.pluginv2.StringList;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code pluginv2.Resource/CallResource} for the editors and template variables: {@code GET
 * services} (JSON array of service names: the dependency graph plus services with predictions in
 * the last day) and {@code GET metrics?service=S} (metric names with anomaly scores in the last 6
 * hours). One response message: status, JSON content type, body.
 */
final class ResourceService extends ResourceGrpc.ResourceImplBase {
  private static final Logger LOG = Logger.getLogger(ResourceService.class.getName());
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final DataSources dataSources;
  private final PluginMetrics metrics;
  private final Clock clock;

  ResourceService(DataSources dataSources, PluginMetrics metrics, Clock clock) {
    this.dataSources = dataSources;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void callResource(CallResourceRequest req, StreamObserver<CallResourceResponse> out) {
    metrics.resourceCall();
    int code;
    Object body;
    try {
      if (!req.getMethod().equalsIgnoreCase("GET")) {
        code = 405;
        body =
            Map.of("error", "method " + req.getMethod() + " not allowed: resources are GET only");
      } else {
        String path = req.getPath().replaceAll("^/+|/+$", "");
        Map<String, String> query = query(req.getUrl());
        EngineClient client = dataSources.client(req.getPluginContext());
        switch (path) {
          case "services" -> {
            code = 200;
            body = services(client);
          }
          case "metrics" -> {
            code = 200;
            body = metrics(client, query.get("service"));
          }
          default -> {
            code = 404;
            body =
                Map.of(
                    "error",
                    "no resource '" + path + "': try 'services' or 'metrics?service=NAME'");
          }
        }
      }
    } catch (SettingsException e) {
      code = 400;
      body = Map.of("error", e.getMessage());
    } catch (EngineException e) {
      code = e.status() >= 400 && e.status() < 600 ? e.status() : 502;
      body = Map.of("error", e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "resource " + req.getPath() + " failed", e);
      code = 500;
      body = Map.of("error", "internal error in the Precursor plugin: " + e);
    }
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      code = 500;
      bytes = "{\"error\":\"response not serialisable\"}".getBytes(StandardCharsets.UTF_8);
    }
    out.onNext(
        CallResourceResponse.newBuilder()
            .setCode(code)
            .putHeaders(
                "Content-Type", StringList.newBuilder().addValues("application/json").build())
            .setBody(ByteString.copyFrom(bytes))
            .build());
    out.onCompleted();
  }

  private Set<String> services(EngineClient client) {
    Set<String> out = new TreeSet<>();
    ServiceGraph g = client.services();
    g.nodes().stream().map(Node::service).forEach(out::add);
    for (Edge e : g.edges()) {
      out.add(e.from());
      out.add(e.to());
    }
    Instant now = clock.instant();
    client.predictions(now.minus(Duration.ofDays(1)), null, null).items().stream()
        .map(Prediction::service)
        .forEach(out::add);
    return out;
  }

  private Set<String> metrics(EngineClient client, String service) {
    Set<String> out = new TreeSet<>();
    Instant now = clock.instant();
    for (ScoreSeries s :
        client
            .scores(
                service == null || service.isBlank() ? null : service,
                null,
                now.minus(Duration.ofHours(6)),
                null)
            .items()) {
      if (service == null || service.isBlank() || s.service().equals(service)) {
        out.add(s.metric());
      }
    }
    return out;
  }

  static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String raw;
    try {
      raw = URI.create(url.startsWith("/") ? url : "/" + url).getRawQuery();
    } catch (IllegalArgumentException e) {
      int q = url.indexOf('?');
      raw = q < 0 ? null : url.substring(q + 1);
    }
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
