package dev.precursor.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.precursor.ingest.IngestPipeline;
import dev.precursor.ingest.IngestQueueFullException;
import dev.precursor.ingest.IngestResult;
import dev.precursor.ingest.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.concurrent.CompletableFuture;

/**
 * What every OTLP transport does with a decoded request: map it, count it, queue the valid items
 * and answer with the OTLP response (partial success when something was rejected). Shared by the
 * gRPC and HTTP receivers and the Kafka consumer. Thread-safe.
 */
public final class OtlpIngestor {
  /** Longest error message put into a response (the Collector reads at most 64 KiB of it). */
  static final int MAX_MESSAGE = 4096;

  private final IngestPipeline pipeline;

  public OtlpIngestor(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  public IngestPipeline pipeline() {
    return pipeline;
  }

  /** Decodes a protobuf body of the given signal (also Kafka's {@code *Data} messages). */
  public static OtlpProtoMapper.Mapped decodeProto(Signal signal, byte[] body, long receivedNanos)
      throws InvalidProtocolBufferException {
    return switch (signal) {
      case METRICS ->
          OtlpProtoMapper.metrics(ExportMetricsServiceRequest.parseFrom(body), receivedNanos);
      case TRACES ->
          OtlpProtoMapper.traces(ExportTraceServiceRequest.parseFrom(body), receivedNanos);
      case LOGS -> OtlpProtoMapper.logs(ExportLogsServiceRequest.parseFrom(body), receivedNanos);
    };
  }

  /** Decodes an OTLP JSON body of the given signal. */
  public static OtlpProtoMapper.Mapped decodeJson(Signal signal, byte[] body, long receivedNanos) {
    return switch (signal) {
      case METRICS ->
          OtlpProtoMapper.metrics(
              OtlpJsonMapper.parse(body, ExportMetricsServiceRequest.newBuilder()).build(),
              receivedNanos);
      case TRACES ->
          OtlpProtoMapper.traces(
              OtlpJsonMapper.parse(body, ExportTraceServiceRequest.newBuilder()).build(),
              receivedNanos);
      case LOGS ->
          OtlpProtoMapper.logs(
              OtlpJsonMapper.parse(body, ExportLogsServiceRequest.newBuilder()).build(),
              receivedNanos);
    };
  }

  /**
   * Counts and queues a mapped request.
   *
   * @return completes with the outcome (adapter rejections included) once the items are scored
   * @throws IngestQueueFullException when the queue has no room; nothing was taken
   */
  public CompletableFuture<IngestResult> ingest(OtlpProtoMapper.Mapped m) {
    pipeline.recordReceived(m.signal(), m.received());
    pipeline.recordInvalid(m.signal(), m.invalid());
    long invalid = m.invalid();
    String reason = m.invalidMessage();
    return pipeline.submit(m.batch()).thenApply(r -> r.plusRejected(invalid, reason));
  }

  /** The OTLP {@code Export*ServiceResponse} for a result; partial success only on rejections. */
  public static Message response(Signal signal, IngestResult r) {
    String msg =
        r.message().length() > MAX_MESSAGE ? r.message().substring(0, MAX_MESSAGE) : r.message();
    boolean partial = r.rejected() > 0 || !msg.isEmpty();
    return switch (signal) {
      case METRICS ->
          partial
              ? ExportMetricsServiceResponse.newBuilder()
                  .setPartialSuccess(
                      ExportMetricsPartialSuccess.newBuilder()
                          .setRejectedDataPoints(r.rejected())
                          .setErrorMessage(msg))
                  .build()
              : ExportMetricsServiceResponse.getDefaultInstance();
      case TRACES ->
          partial
              ? ExportTraceServiceResponse.newBuilder()
                  .setPartialSuccess(
                      ExportTracePartialSuccess.newBuilder()
                          .setRejectedSpans(r.rejected())
                          .setErrorMessage(msg))
                  .build()
              : ExportTraceServiceResponse.getDefaultInstance();
      case LOGS ->
          partial
              ? ExportLogsServiceResponse.newBuilder()
                  .setPartialSuccess(
                      ExportLogsPartialSuccess.newBuilder()
                          .setRejectedLogRecords(r.rejected())
                          .setErrorMessage(msg))
                  .build()
              : ExportLogsServiceResponse.getDefaultInstance();
    };
  }
}
