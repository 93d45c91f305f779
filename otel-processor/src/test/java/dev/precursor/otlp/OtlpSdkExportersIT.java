package dev.precursor.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.model.SeriesKey;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenTelemetry Java SDK's real OTLP exporters (gRPC, HTTP/protobuf, with and without gzip)
 * sending to a whole engine on loopback: the data reaches the real scorer, the service graph and
 * the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpSdkExportersIT {
  final EngineFixture engine =
      new EngineFixture(Map.of("ingest.window", "1s", "ingest.out-of-order-tolerance", "2s"));

  @AfterAll
  void stop() {
    engine.close();
  }

  static Resource service(String name, String version) {
    return Resource.create(
        Attributes.of(
            AttributeKey.stringKey("service.name"),
            name,
            AttributeKey.stringKey("service.version"),
            version,
            AttributeKey.stringKey("service.instance.id"),
            name + "-1"));
  }

  /** Exports a counter and a histogram twice (cumulative), so rates and percentiles exist. */
  void exportMetrics(String serviceName, MetricExporter exporter) {
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(service(serviceName, "1.0"))
            .registerMetricReader(
                PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
            .build();
    try {
      Meter meter = provider.get("it");
      LongCounter orders = meter.counterBuilder("orders.placed").build();
      DoubleHistogram latency =
          meter.histogramBuilder("http.server.request.duration").setUnit("s").build();
      Attributes route = Attributes.of(AttributeKey.stringKey("http.route"), "/cart");
      meter.gaugeBuilder("jvm.cpu.recent_utilization").buildWithCallback(m -> m.record(0.25));
      orders.add(10, route);
      latency.record(0.12, route);
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      orders.add(30, route);
      for (int i = 0; i < 50; i++) {
        latency.record(0.1 + i * 0.002, route);
      }
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  void assertMetricsScored(String serviceName) {
    SeriesKey rate =
        new SeriesKey(serviceName, "orders.placed.rate", Map.of("http.route", "/cart"));
    SeriesKey p95 =
        new SeriesKey(
            serviceName, "http.server.request.duration.p95", Map.of("http.route", "/cart"));
    assertThat(engine.server.engine().scorer().series())
        .contains(rate, p95, SeriesKey.of(serviceName, "jvm.cpu.recent_utilization"));
    JsonNode scores = engine.api("/api/v1/scores?service=" + serviceName + "&metric=orders.*");
    assertThat(scores.path("items")).hasSize(1);
    JsonNode series = scores.path("items").get(0);
    assertThat(series.path("metric").asText()).isEqualTo("orders.placed.rate");
    assertThat(series.path("attributes").path("http.route").asText()).isEqualTo("/cart");
    assertThat(series.path("points")).isNotEmpty();
    JsonNode point = series.path("points").get(0);
    assertThat(point.path("value").asDouble()).isPositive();
    assertThat(point.path("score").asDouble()).isBetween(0.0, 1.0);
    assertThat(point.path("at").asText()).endsWith("Z");
  }

  @Test
  void grpcMetricsPlainAndGzip() {
    exportMetrics(
        "cart-grpc", OtlpGrpcMetricExporter.builder().setEndpoint(engine.grpcEndpoint()).build());
    assertMetricsScored("cart-grpc");
    exportMetrics(
        "cart-grpc-gzip",
        OtlpGrpcMetricExporter.builder()
            .setEndpoint(engine.grpcEndpoint())
            .setCompression("gzip")
            .build());
    assertMetricsScored("cart-grpc-gzip");
  }

  @Test
  void httpProtobufMetricsPlainAndGzip() {
    exportMetrics(
        "cart-http",
        OtlpHttpMetricExporter.builder().setEndpoint(engine.httpEndpoint("/v1/metrics")).build());
    assertMetricsScored("cart-http");
    exportMetrics(
        "cart-http-gzip",
        OtlpHttpMetricExporter.builder()
            .setEndpoint(engine.httpEndpoint("/v1/metrics"))
            .setCompression("gzip")
            .build());
    assertMetricsScored("cart-http-gzip");
  }

  /** frontend (SERVER) → CLIENT → backend (SERVER) → CLIENT to an uninstrumented database. */
  void exportTraces(String prefix, SpanExporter frontendExporter, SpanExporter backendExporter) {
    SdkTracerProvider front =
        SdkTracerProvider.builder()
            .setResource(service(prefix + "-frontend", "1.0"))
            .addSpanProcessor(BatchSpanProcessor.builder(frontendExporter).build())
            .build();
    SdkTracerProvider back =
        SdkTracerProvider.builder()
            .setResource(service(prefix + "-backend", "1.0"))
            .addSpanProcessor(BatchSpanProcessor.builder(backendExporter).build())
            .build();
    try {
      Tracer ft = front.get("it");
      Tracer bt = back.get("it");
      for (int i = 0; i < 8; i++) {
        Span server = ft.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
        Span client =
            ft.spanBuilder("POST /pay")
                .setParent(Context.root().with(server))
                .setSpanKind(SpanKind.CLIENT)
                .startSpan();
        Span handler =
            bt.spanBuilder("POST /pay")
                .setParent(Context.root().with(client))
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        Span db =
            bt.spanBuilder("SELECT")
                .setParent(Context.root().with(handler))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system.name", "postgresql")
                .setAttribute("db.namespace", prefix + "-db")
                .startSpan();
        db.end();
        if (i % 4 == 0) {
          handler.setStatus(StatusCode.ERROR);
        }
        handler.end();
        client.end();
        server.end();
      }
      assertThat(front.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(back.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      front.shutdown().join(10, TimeUnit.SECONDS);
      back.shutdown().join(10, TimeUnit.SECONDS);
    }
    engine.server.engine().ingest().flush().join();
  }

  void assertGraph(String prefix) {
    JsonNode graph = engine.api("/api/v1/services?service=" + prefix + "-backend");
    List<String> edges = new ArrayList<>();
    graph
        .path("edges")
        .forEach(e -> edges.add(e.path("from").asText() + "->" + e.path("to").asText()));
    assertThat(edges)
        .containsExactlyInAnyOrder(
            prefix + "-backend->" + prefix + "-db", prefix + "-frontend->" + prefix + "-backend");
    List<String> nodes = new ArrayList<>();
    graph.path("nodes").forEach(n -> nodes.add(n.path("service").asText()));
    assertThat(nodes)
        .containsExactlyInAnyOrder(prefix + "-frontend", prefix + "-backend", prefix + "-db");
    assertThat(engine.server.engine().scorer().series())
        .contains(
            SeriesKey.of(prefix + "-backend", "requests.rate"),
            SeriesKey.of(prefix + "-backend", "requests.error_ratio"),
            SeriesKey.of(prefix + "-frontend", "requests.duration.p95"),
            new SeriesKey(prefix + "-frontend", "calls.rate", Map.of("peer", prefix + "-backend")));
    double errorRatio =
        engine
            .server
            .engine()
            .scorer()
            .scores(
                SeriesKey.of(prefix + "-backend", "requests.error_ratio"),
                java.time.Instant.EPOCH,
                java.time.Instant.now().plusSeconds(60))
            .stream()
            .mapToDouble(p -> p.value())
            .max()
            .orElseThrow();
    assertThat(errorRatio).isPositive();
  }

  @Test
  void grpcTracesBuildTheServiceGraph() {
    exportTraces(
        "g",
        OtlpGrpcSpanExporter.builder().setEndpoint(engine.grpcEndpoint()).build(),
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(engine.grpcEndpoint())
            .setCompression("gzip")
            .build());
    assertGraph("g");
  }

  @Test
  void httpTracesBuildTheServiceGraph() {
    exportTraces(
        "h",
        OtlpHttpSpanExporter.builder().setEndpoint(engine.httpEndpoint("/v1/traces")).build(),
        OtlpHttpSpanExporter.builder()
            .setEndpoint(engine.httpEndpoint("/v1/traces"))
            .setCompression("gzip")
            .build());
    assertGraph("h");
  }

  void exportLogs(String serviceName, LogRecordExporter exporter) {
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(service(serviceName, "1.0"))
            .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build())
            .build();
    try {
      for (int i = 0; i < 5; i++) {
        provider
            .get("it")
            .logRecordBuilder()
            .setSeverity(i % 2 == 0 ? Severity.ERROR : Severity.INFO)
            .setBody("payment " + i + " declined by issuer")
            .emit();
      }
      assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void logsOverGrpcAndHttpGiveErrorRates() {
    exportLogs(
        "pay-grpc",
        OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(engine.grpcEndpoint())
            .setCompression("gzip")
            .build());
    exportLogs(
        "pay-http",
        OtlpHttpLogRecordExporter.builder().setEndpoint(engine.httpEndpoint("/v1/logs")).build());
    engine.server.engine().ingest().flush().join();
    assertThat(engine.server.engine().scorer().series())
        .contains(
            SeriesKey.of("pay-grpc", "logs.error_rate"),
            SeriesKey.of("pay-http", "logs.error_rate"));
    String m = engine.metrics();
    assertThat(m)
        .containsPattern("precursor_ingest_accepted_total\\{signal=\"logs\"\\} ([1-9]\\d+)");
    assertThat(m)
        .containsPattern("precursor_ingest_received_total\\{signal=\"logs\"\\} ([1-9]\\d+)");
  }

  @Test
  void metricsEndpointShowsIngestHealth() {
    exportMetrics(
        "obs", OtlpGrpcMetricExporter.builder().setEndpoint(engine.grpcEndpoint()).build());
    String text =
        new String(
            engine
                .send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(
                                "http://127.0.0.1:" + engine.server.apiPort() + "/metrics"))
                        .build())
                .body(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .contains("precursor_ingest_received_total{signal=\"metrics\"}")
        .contains("precursor_ingest_accepted_total{signal=\"metrics\"}")
        .contains("precursor_ingest_rejected_total{signal=\"metrics\",reason=\"invalid\"}")
        .contains("precursor_ingest_queue_depth")
        .contains("precursor_ingest_active_series")
        .contains("precursor_ingest_latency_seconds{quantile=\"0.99\"}");
    assertThat(engine.api("/api/v1/health").path("watermark").asText()).endsWith("Z");
  }
}
