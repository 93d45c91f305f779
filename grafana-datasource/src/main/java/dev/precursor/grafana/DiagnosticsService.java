package dev.precursor.grafana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineException;
import dev.precursor.grafana.engine.EngineModel.Health;
import dev.precursor.grafana.engine.EngineSettings.SettingsException;
import dev.precursor.grafana.pluginv2.CheckHealthRequest;
import dev.precursor.grafana.pluginv2.CheckHealthResponse;
import dev.precursor.grafana.pluginv2.CheckHealthResponse.HealthStatus;
import dev.precursor.grafana.pluginv2.CollectMetricsRequest;
import dev.precursor.grafana.pluginv2.CollectMetricsResponse;
import dev.precursor.grafana.pluginv2.DiagnosticsGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code pluginv2.Diagnostics}: CheckHealth ("Save &amp; test") checks that the engine answers
 * {@code /api/v1/health}, is ready, and accepts the configured token — each failure with a message
 * that says what to fix; CollectMetrics serves the plugin's own counters.
 */
final class DiagnosticsService extends DiagnosticsGrpc.DiagnosticsImplBase {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final DataSources dataSources;
  private final PluginMetrics metrics;

  DiagnosticsService(DataSources dataSources, PluginMetrics metrics) {
    this.dataSources = dataSources;
    this.metrics = metrics;
  }

  @Override
  public void checkHealth(CheckHealthRequest req, StreamObserver<CheckHealthResponse> out) {
    metrics.healthCheck();
    out.onNext(check(req));
    out.onCompleted();
  }

  private CheckHealthResponse check(CheckHealthRequest req) {
    EngineClient client;
    try {
      client = dataSources.client(req.getPluginContext());
    } catch (SettingsException e) {
      return result(HealthStatus.ERROR, e.getMessage(), null);
    }
    String url = client.settings().url().toString();
    try {
      Health h = client.health();
      ObjectNode details = MAPPER.createObjectNode();
      details.put("url", url).put("engineVersion", h.version()).put("engineStatus", h.status());
      details.put("watermark", h.watermark());
      if (h.httpStatus() != 200) {
        return result(
            HealthStatus.ERROR,
            "the Precursor engine at "
                + url
                + " answers but is not ready (status '"
                + h.status()
                + "'): check the engine's log and its store (store.url)",
            details);
      }
      Optional<String> rejected = client.rejectedToken();
      String auth;
      if (client.settings().token() != null) {
        if (rejected.isPresent()) {
          return result(
              HealthStatus.ERROR,
              "the Precursor engine at "
                  + url
                  + " rejected the token ("
                  + rejected.get()
                  + "): set the data source's token (secureJsonData.token) to the engine's api.token",
              details);
        }
        auth = "token accepted";
      } else {
        auth =
            rejected.isPresent()
                ? "no token set: the engine requires one for writes (api.token), reads work without"
                : "no token needed";
      }
      details.put("auth", auth);
      String version = h.version().isEmpty() ? "" : " " + h.version();
      String wm =
          h.watermark() == null ? "no telemetry scored yet" : "data scored up to " + h.watermark();
      return result(
          HealthStatus.OK,
          "Precursor engine" + version + " at " + url + " is reachable; " + auth + "; " + wm,
          details);
    } catch (EngineException e) {
      return result(HealthStatus.ERROR, e.getMessage(), null);
    }
  }

  private static CheckHealthResponse result(
      HealthStatus status, String message, ObjectNode details) {
    CheckHealthResponse.Builder b =
        CheckHealthResponse.newBuilder().setStatus(status).setMessage(message);
    if (details != null) {
      b.setJsonDetails(ByteString.copyFrom(details.toString(), StandardCharsets.UTF_8));
    }
    return b.build();
  }

  @Override
  public void collectMetrics(
      CollectMetricsRequest req, StreamObserver<CollectMetricsResponse> out) {
    out.onNext(
        CollectMetricsResponse.newBuilder()
            .setMetrics(
                CollectMetricsResponse.Payload.newBuilder()
                    .setPrometheus(ByteString.copyFrom(metrics.scrape(), StandardCharsets.UTF_8)))
            .build());
    out.onCompleted();
  }
}
