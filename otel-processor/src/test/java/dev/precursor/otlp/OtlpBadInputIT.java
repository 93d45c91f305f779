package dev.precursor.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import dev.precursor.model.Json;
import dev.precursor.model.SeriesKey;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Malformed, partly invalid and oversized requests, and backpressure, over HTTP and gRPC. */
class OtlpBadInputIT {
  static final String PROTO = "application/x-protobuf";
  static final String JSON = "application/json";
  EngineFixture engine;
  ManagedChannel channel;

  void start(Map<String, String> config) {
    engine = new EngineFixture(config);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", engine.server.otlpGrpcPort())
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (engine != null) {
      engine.close();
    }
  }

  static long now() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static ExportMetricsServiceRequest gauges(
      String service, String version, NumberDataPoint... pts) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(attr("service.name", service))
                        .addAttributes(attr("service.version", version)))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("queue.size")
                                .setGauge(
                                    Gauge.newBuilder().addAllDataPoints(java.util.List.of(pts))))))
        .build();
  }

  static NumberDataPoint point(long timeNanos, double v) {
    return NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(v).build();
  }

  static final MethodDescriptor.Marshaller<byte[]> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** Truncated: field 1, length-delimited, claims far more bytes than follow. */
  static final byte[] GARBAGE = {0x0A, (byte) 0xFF, (byte) 0xFF, 0x03, 0x01, 0x02};

  static com.google.rpc.Status status(byte[] body) throws Exception {
    return com.google.rpc.Status.parseFrom(body);
  }

  @Test
  void undecodableBodiesAreRejectedWhileTheEngineKeepsServing() throws Exception {
    start(Map.of());
    HttpResponse<byte[]> proto = engine.post("/v1/metrics", PROTO, GARBAGE);
    assertThat(proto.statusCode()).isEqualTo(400);
    assertThat(proto.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> v.startsWith(PROTO));
    assertThat(status(proto.body()).getMessage()).contains("undecodable OTLP metrics request");

    HttpResponse<byte[]> json =
        engine.post("/v1/traces", JSON, "{\"resourceSpans\": [ {".getBytes(StandardCharsets.UTF_8));
    assertThat(json.statusCode()).isEqualTo(400);
    JsonNode body = Json.mapper().readTree(json.body());
    assertThat(body.path("code").asInt()).isEqualTo(3);
    assertThat(body.path("message").asText()).contains("malformed JSON");

    HttpResponse<byte[]> wrongType =
        engine.post("/v1/logs", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    assertThat(wrongType.statusCode()).isEqualTo(415);
    HttpResponse<byte[]> badGzip =
        engine.post("/v1/logs", PROTO, GARBAGE, "Content-Encoding", "gzip");
    assertThat(badGzip.statusCode()).isEqualTo(400);
    HttpResponse<byte[]> get =
        engine.send(HttpRequest.newBuilder(URI.create(engine.httpEndpoint("/v1/metrics"))).build());
    assertThat(get.statusCode()).isEqualTo(405);

    MethodDescriptor<byte[], byte[]> raw =
        MethodsServiceRaw.descriptor(MetricsServiceGrpc.getExportMethod().getFullMethodName());
    assertThatThrownBy(
            () -> ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT, GARBAGE))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("undecodable OTLP metrics");
            });

    // still serving
    ExportMetricsServiceResponse ok =
        MetricsServiceGrpc.newBlockingStub(channel).export(gauges("svc", "1", point(now(), 3)));
    assertThat(ok.hasPartialSuccess()).isFalse();
    assertThat(engine.metrics()).contains("precursor_ingest_accepted_total{signal=\"metrics\"} 1");
  }

  @Test
  void invalidItemsArePartialSuccessAndTheRestIsIngested() throws Exception {
    start(Map.of());
    long t = now();
    ExportMetricsServiceResponse r =
        MetricsServiceGrpc.newBlockingStub(channel)
            .export(
                gauges(
                    "grpc-svc",
                    "1",
                    point(t, 1),
                    point(0, 2),
                    NumberDataPoint.newBuilder().setTimeUnixNano(t + 1).build()));
    assertThat(r.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
    assertThat(r.getPartialSuccess().getErrorMessage())
        .contains("time_unix_nano is 0 (metric 'queue.size')")
        .contains("data point without a value");
    assertThat(engine.server.engine().scorer().series())
        .contains(SeriesKey.of("grpc-svc", "queue.size"));

    Span good =
        Span.newBuilder()
            .setTraceId(
                ByteString.copyFrom(
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(t - 1_000_000)
            .setEndTimeUnixNano(t)
            .build();
    Span zeroTrace = good.toBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build();
    ExportTraceServiceResponse tr =
        TraceServiceGrpc.newBlockingStub(channel)
            .export(
                ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(
                        ResourceSpans.newBuilder()
                            .setResource(
                                Resource.newBuilder().addAttributes(attr("service.name", "t")))
                            .addScopeSpans(
                                ScopeSpans.newBuilder().addSpans(good).addSpans(zeroTrace)))
                    .build());
    assertThat(tr.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(tr.getPartialSuccess().getErrorMessage()).contains("trace_id must be 16 bytes");

    String json =
        "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"json-svc\"}}]},"
            + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"queue.size\",\"unknownField\":true,\"gauge\":{\"dataPoints\":["
            + "{\"timeUnixNano\":\""
            + t
            + "\",\"asInt\":\"5\"},"
            + "{\"timeUnixNano\":\"0\",\"asDouble\":1.5}]}}]}]}]}";
    HttpResponse<byte[]> resp =
        engine.post("/v1/metrics", JSON + "; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> v.startsWith(JSON));
    JsonNode ps = Json.mapper().readTree(resp.body()).path("partialSuccess");
    assertThat(ps.path("rejectedDataPoints").asLong()).isEqualTo(1);
    assertThat(ps.path("errorMessage").asText()).contains("time_unix_nano is 0");
    assertThat(
            engine
                .server
                .engine()
                .scorer()
                .scores(
                    SeriesKey.of("json-svc", "queue.size"),
                    java.time.Instant.EPOCH,
                    java.time.Instant.now().plusSeconds(60)))
        .extracting(p -> p.value())
        .containsExactly(5.0);
    assertThat(engine.metrics())
        .contains("precursor_ingest_rejected_total{signal=\"metrics\",reason=\"invalid\"} 3")
        .contains("precursor_ingest_rejected_total{signal=\"traces\",reason=\"invalid\"} 1");
  }

  @Test
  void otlpJsonWithHexIdsIntegerEnumsAndStringInt64() throws Exception {
    start(Map.of("ingest.window", "1s"));
    long t = now();
    String traceId = "5B8EFFF798038103D269B633813FC60C";
    String spans =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":["
            + "{\"key\":\"service.name\",\"value\":{\"stringValue\":\"web\"}}]},"
            + "\"scopeSpans\":[{\"scope\":{\"name\":\"manual\"},\"spans\":["
            + "{\"traceId\":\""
            + traceId
            + "\",\"spanId\":\"EEE19B7EC3C1B174\",\"name\":\"GET /\",\"kind\":2,"
            + "\"startTimeUnixNano\":\""
            + (t - 2_000_000)
            + "\",\"endTimeUnixNano\":\""
            + t
            + "\",\"status\":{\"code\":2},\"futureField\":{\"x\":1}},"
            + "{\"traceId\":\""
            + traceId.toLowerCase(java.util.Locale.ROOT)
            + "\",\"spanId\":\"eee19b7ec3c1b175\",\"parentSpanId\":\"EEE19B7EC3C1B174\","
            + "\"name\":\"SELECT\",\"kind\":3,\"startTimeUnixNano\":"
            + (t - 1_000_000)
            + ",\"endTimeUnixNano\":"
            + t
            + ","
            + "\"attributes\":[{\"key\":\"peer.service\",\"value\":{\"stringValue\":\"pricing\"}}]},"
            + "{\"traceId\":\"zz\",\"spanId\":\"EEE19B7EC3C1B176\",\"name\":\"bad\",\"kind\":2,\"endTimeUnixNano\":\""
            + t
            + "\"}"
            + "]}]}]}";
    HttpResponse<byte[]> r =
        engine.post("/v1/traces", JSON, spans.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(
            Json.mapper().readTree(r.body()).path("partialSuccess").path("rejectedSpans").asLong())
        .isEqualTo(1);
    String logs =
        "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"web\"}}]},"
            + "\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\""
            + t
            + "\",\"severityNumber\":17,\"severityText\":\"ERROR\","
            + "\"body\":{\"stringValue\":\"db timeout after 30 ms\"},\"traceId\":\""
            + traceId
            + "\",\"spanId\":\"EEE19B7EC3C1B174\"}]}]}]}";
    HttpResponse<byte[]> lr = engine.post("/v1/logs", JSON, logs.getBytes(StandardCharsets.UTF_8));
    assertThat(lr.statusCode()).isEqualTo(200);
    assertThat(new String(lr.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    engine.server.engine().ingest().flush().join();
    assertThat(
            engine
                .server
                .engine()
                .scorer()
                .scores(
                    SeriesKey.of("web", "requests.error_ratio"),
                    java.time.Instant.EPOCH,
                    java.time.Instant.now().plusSeconds(60)))
        .extracting(p -> p.value())
        .containsExactly(1.0);
    assertThat(engine.server.engine().serviceGraph().callees("web")).containsExactly("pricing");
    assertThat(engine.server.engine().scorer().series())
        .contains(SeriesKey.of("web", "logs.error_rate"));
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void oversizedRequestsAreRefusedAndNotRetried() throws Exception {
    start(Map.of("otlp.max-request-size", "65536"));
    NumberDataPoint.Builder big = point(now(), 1).toBuilder();
    for (int i = 0; i < 3000; i++) {
      big.addAttributes(attr("k" + i, "value-" + i));
    }
    ExportMetricsServiceRequest request = gauges("big", "1", big.build());
    assertThat(request.getSerializedSize()).isGreaterThan(65536);
    HttpResponse<byte[]> plain = engine.post("/v1/metrics", PROTO, request.toByteArray());
    assertThat(plain.statusCode()).isEqualTo(413);
    assertThat(status(plain.body()).getMessage()).contains("otlp.max-request-size (65536 bytes");
    byte[] compressed = gzip(request.toByteArray());
    assertThat(compressed.length).isLessThan(65536);
    HttpResponse<byte[]> zipped =
        engine.post("/v1/metrics", PROTO, compressed, "Content-Encoding", "gzip");
    assertThat(zipped.statusCode()).isEqualTo(413);
    assertThatThrownBy(() -> MetricsServiceGrpc.newBlockingStub(channel).export(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              assertThat(
                      StatusProto.fromThrowable(e) == null
                          || StatusProto.fromThrowable(e).getDetailsList().isEmpty())
                  .isTrue();
            });
    HttpResponse<byte[]> small =
        engine.post("/v1/metrics", PROTO, gauges("small", "1", point(now(), 1)).toByteArray());
    assertThat(small.statusCode()).isEqualTo(200);
  }

  @Test
  void aFullQueueAsksSendersToRetryLater() throws Exception {
    start(Map.of("ingest.queue-capacity", "1"));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // a deploy listener runs on the ingest worker: holding it keeps the queue full
    engine
        .server
        .engine()
        .addDeployListener(
            d -> {
              entered.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    long t = now();
    MetricsServiceGrpc.newBlockingStub(channel).export(gauges("api", "1.0", point(t, 1)));
    var held =
        MetricsServiceGrpc.newFutureStub(channel).export(gauges("api", "1.1", point(t + 1000, 1)));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      HttpResponse<byte[]> r =
          engine.post("/v1/metrics", PROTO, gauges("api", "1.1", point(t + 2000, 1)).toByteArray());
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).contains("1");
      assertThat(status(r.body()).getMessage()).contains("ingest queue full");
      assertThatThrownBy(
              () ->
                  MetricsServiceGrpc.newBlockingStub(channel)
                      .export(gauges("api", "1.1", point(t + 3000, 1))))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                com.google.rpc.Status s = StatusProto.fromThrowable(e);
                assertThat(s).isNotNull();
                assertThat(s.getDetailsList()).hasSize(1);
                try {
                  RetryInfo info = s.getDetails(0).unpack(RetryInfo.class);
                  assertThat(info.getRetryDelay().getSeconds()).isEqualTo(1);
                } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                  throw new AssertionError(x);
                }
              });
    } finally {
      release.countDown();
    }
    assertThat(held.get(10, TimeUnit.SECONDS).hasPartialSuccess()).isFalse();
    assertThat(engine.metrics())
        .contains("precursor_ingest_rejected_total{signal=\"metrics\",reason=\"queue_full\"} 2");
    assertThat(engine.server.engine().deploys().list(null, null, "api", 10, null).items())
        .extracting(d -> d.version())
        .containsExactly("1.1");
  }

  /** A method descriptor that sends raw bytes, to deliver undecodable requests. */
  static final class MethodsServiceRaw {
    static MethodDescriptor<byte[], byte[]> descriptor(String fullName) {
      return MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(fullName)
          .setRequestMarshaller(RAW)
          .setResponseMarshaller(RAW)
          .build();
    }
  }
}
