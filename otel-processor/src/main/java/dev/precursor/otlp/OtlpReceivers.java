package dev.precursor.otlp;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.server.Engine;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The engine's OTLP front door: the gRPC and HTTP receivers on {@code otlp.grpc-port} and {@code
 * otlp.http-port} (bound to {@code api.host}) and, when {@code kafka.bootstrap-servers} is set, the
 * Kafka consumer, all feeding {@link Engine#ingest()}.
 */
public final class OtlpReceivers implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OtlpReceivers.class.getName());
  private final OtlpGrpcReceiver grpc;
  private final OtlpHttpReceiver http;
  private final @Nullable OtlpKafkaConsumer kafka;

  private OtlpReceivers(
      OtlpGrpcReceiver grpc, OtlpHttpReceiver http, @Nullable OtlpKafkaConsumer kafka) {
    this.grpc = grpc;
    this.http = http;
    this.kafka = kafka;
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
    OtlpKafkaConsumer kafka = null;
    String brokers = config.string("kafka.bootstrap-servers").orElse(null);
    if (brokers != null && !brokers.isBlank()) {
      try {
        kafka =
            OtlpKafkaConsumer.start(
                brokers,
                config.list("kafka.topics"),
                config.string("kafka.group-id").orElse("precursor"),
                ingestor);
      } catch (RuntimeException e) {
        http.close();
        grpc.close();
        throw e;
      }
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
    return new OtlpReceivers(grpc, http, kafka);
  }

  public int grpcPort() {
    return grpc.port();
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
    http.close();
    grpc.close();
  }
}
