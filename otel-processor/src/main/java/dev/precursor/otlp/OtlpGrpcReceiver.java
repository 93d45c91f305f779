package dev.precursor.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.precursor.ingest.IngestQueueFullException;
import dev.precursor.ingest.Signal;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OTLP/gRPC receiver: {@code MetricsService/Export}, {@code TraceService/Export}, {@code
 * LogsService/Export} on one port (gzip handled by grpc-java). Requests are decoded here rather
 * than by grpc-java, so an undecodable body gets {@code INVALID_ARGUMENT} with the parser's
 * message; a full ingest queue gets {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} (which the
 * Collector and SDKs retry); a request over the size limit gets grpc-java's {@code
 * RESOURCE_EXHAUSTED} without one (not retried).
 */
public final class OtlpGrpcReceiver implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OtlpGrpcReceiver.class.getName());

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new java.io.ByteArrayInputStream(value);
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

  private final Server server;

  private OtlpGrpcReceiver(Server server) {
    this.server = server;
  }

  /** Starts the receiver on host:port (0 = a free port). */
  public static OtlpGrpcReceiver start(
      String host, int port, int maxRequestBytes, OtlpIngestor ingestor) {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .maxInboundMessageSize(maxRequestBytes)
            .addService(
                service(
                    MetricsServiceGrpc.SERVICE_NAME,
                    MetricsServiceGrpc.getExportMethod().toBuilder(
                            BYTES,
                            ProtoUtils.marshaller(
                                ExportMetricsServiceResponse.getDefaultInstance()))
                        .build(),
                    Signal.METRICS,
                    ingestor))
            .addService(
                service(
                    TraceServiceGrpc.SERVICE_NAME,
                    TraceServiceGrpc.getExportMethod().toBuilder(
                            BYTES,
                            ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                        .build(),
                    Signal.TRACES,
                    ingestor))
            .addService(
                service(
                    LogsServiceGrpc.SERVICE_NAME,
                    LogsServiceGrpc.getExportMethod().toBuilder(
                            BYTES,
                            ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
                        .build(),
                    Signal.LOGS,
                    ingestor))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the OTLP/gRPC receiver on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new OtlpGrpcReceiver(server);
  }

  private static <R extends Message> ServerServiceDefinition service(
      String name, MethodDescriptor<byte[], R> method, Signal signal, OtlpIngestor ingestor) {
    return ServerServiceDefinition.builder(name)
        .addMethod(
            method,
            ServerCalls.asyncUnaryCall(
                (byte[] body, StreamObserver<R> out) -> export(signal, body, out, ingestor)))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static <R extends Message> void export(
      Signal signal, byte[] body, StreamObserver<R> out, OtlpIngestor ingestor) {
    long received = System.nanoTime();
    OtlpProtoMapper.Mapped mapped;
    try {
      mapped = OtlpIngestor.decodeProto(signal, body, received);
    } catch (InvalidProtocolBufferException e) {
      out.onError(
          Status.INVALID_ARGUMENT
              .withDescription("undecodable OTLP " + signal.wire() + " request: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    try {
      ingestor
          .ingest(mapped)
          .whenComplete(
              (r, err) -> {
                if (err == null) {
                  out.onNext((R) OtlpIngestor.response(signal, r));
                  out.onCompleted();
                } else {
                  out.onError(toStatus(err));
                }
              });
    } catch (IngestQueueFullException e) {
      out.onError(toStatus(e));
    }
  }

  private static RuntimeException toStatus(Throwable err) {
    Throwable e =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (e instanceof IngestQueueFullException full) {
      com.google.rpc.Status status =
          com.google.rpc.Status.newBuilder()
              .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
              .setMessage(full.getMessage())
              .addDetails(
                  Any.pack(
                      RetryInfo.newBuilder()
                          .setRetryDelay(
                              com.google.protobuf.Duration.newBuilder()
                                  .setSeconds(full.retryAfter().toSeconds())
                                  .setNanos(full.retryAfter().toNanosPart()))
                          .build()))
              .build();
      return StatusProto.toStatusRuntimeException(status);
    }
    LOG.log(Level.WARNING, "OTLP/gRPC export failed", e);
    return Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException();
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
