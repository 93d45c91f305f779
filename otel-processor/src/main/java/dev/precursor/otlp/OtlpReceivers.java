package dev.precursor.otlp;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.server.Engine;
import java.util.logging.Logger;

/**
 * The engine's OTLP front door: the gRPC and HTTP receivers on {@code otlp.grpc-port} and {@code
 * otlp.http-port} (bound to {@code api.host}), both feeding {@link Engine#ingest()}.
 */
public final class OtlpReceivers implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OtlpReceivers.class.getName());
  private final OtlpGrpcReceiver grpc;
  private final OtlpHttpReceiver http;

  private OtlpReceivers(OtlpGrpcReceiver grpc, OtlpHttpReceiver http) {
    this.grpc = grpc;
    this.http = http;
  }

  public static OtlpReceivers start(Engine engine) {
    PrecursorConfig config = engine.config();
    String host = config.api().host();
    PrecursorConfig.OtlpConfig otlp = config.otlp();
    OtlpIngestor ingestor = new OtlpIngestor(engine.ingest());
    OtlpGrpcReceiver grpc =
        OtlpGrpcReceiver.start(host, otlp.grpcPort(), otlp.maxRequestBytes(), ingestor);
    OtlpHttpReceiver http;
    try {
      http = OtlpHttpReceiver.start(host, otlp.httpPort(), otlp.maxRequestBytes(), ingestor);
    } catch (RuntimeException e) {
      grpc.close();
      throw e;
    }
    LOG.info(
        "OTLP receivers listening: gRPC on "
            + host
            + ":"
            + grpc.port()
            + ", HTTP on http://"
            + host
            + ":"
            + http.port()
            + "/v1/{metrics,traces,logs}");
    return new OtlpReceivers(grpc, http);
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    http.close();
    grpc.close();
  }
}
