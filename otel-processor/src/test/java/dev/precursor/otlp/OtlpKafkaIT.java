package dev.precursor.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.precursor.model.SeriesKey;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;

/** OTLP protobuf records on Kafka (the Collector's kafka exporter format) consumed by an engine. */
class OtlpKafkaIT {
  @Test
  void metricsFromKafkaAreScoredAndBadRecordsSkipped() throws Exception {
    try (KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build()) {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      long t = System.currentTimeMillis() * 1_000_000L;
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
        for (int i = 0; i < 5; i++) {
          ExportMetricsServiceRequest req =
              OtlpBadInputIT.gauges(
                  "kafka-svc", "1", OtlpBadInputIT.point(t + i * 1_000_000_000L, 10 + i));
          producer.send(
              new ProducerRecord<>("otlp_metrics", "kafka-svc".getBytes(), req.toByteArray()));
        }
        producer.send(new ProducerRecord<>("otlp_metrics", OtlpBadInputIT.GARBAGE)).get();
        // a redelivered record does not count twice
        producer
            .send(
                new ProducerRecord<>(
                    "otlp_metrics",
                    OtlpBadInputIT.gauges("kafka-svc", "1", OtlpBadInputIT.point(t, 10))
                        .toByteArray()))
            .get();
      }
      try (EngineFixture engine =
          new EngineFixture(
              Map.of(
                  "kafka.bootstrap-servers",
                  cluster.bootstrapServers(),
                  "kafka.topics",
                  "otlp_metrics",
                  "kafka.group-id",
                  "precursor-it"))) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(engine.metrics())
                        .contains("precursor_ingest_received_total{signal=\"metrics\"} 7"));
        assertThat(
                engine
                    .server
                    .engine()
                    .scorer()
                    .scores(
                        SeriesKey.of("kafka-svc", "queue.size"),
                        java.time.Instant.EPOCH,
                        java.time.Instant.now().plusSeconds(60)))
            .extracting(s -> s.value())
            .containsExactly(10.0, 11.0, 12.0, 13.0, 14.0);
        assertThat(engine.metrics())
            .contains("precursor_ingest_rejected_total{signal=\"metrics\",reason=\"invalid\"} 1")
            .contains("precursor_ingest_duplicates_total{signal=\"metrics\"} 1");
      }
    }
  }
}
