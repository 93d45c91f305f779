package dev.precursor.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.precursor.ConfigException;
import dev.precursor.ingest.IngestQueueFullException;
import dev.precursor.ingest.IngestResult;
import dev.precursor.ingest.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Scale-out ingestion from Kafka: records written by the Collector's {@code kafka} exporter with
 * {@code otlp_proto} encoding ({@code MetricsData}/{@code TracesData}/{@code LogsData}, which are
 * wire-identical to the OTLP export requests). The signal of a topic comes from its name ({@code
 * metric}, {@code span}/{@code trace}, {@code log}). Engines in one consumer group share the
 * partitions. Offsets are committed only after the polled records are processed (at-least-once;
 * redelivered points are deduplicated by the pipeline). When the ingest queue is full the consumer
 * waits and retries, which stops polling: Kafka keeps the backlog.
 */
public final class OtlpKafkaConsumer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OtlpKafkaConsumer.class.getName());
  private static final Duration POLL = Duration.ofMillis(500);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Signal> topics;
  private final OtlpIngestor ingestor;
  private final Thread thread;
  private volatile boolean running = true;

  private OtlpKafkaConsumer(
      KafkaConsumer<byte[], byte[]> consumer, Map<String, Signal> topics, OtlpIngestor ingestor) {
    this.consumer = consumer;
    this.topics = topics;
    this.ingestor = ingestor;
    this.thread = new Thread(this::run, "precursor-kafka");
    thread.setDaemon(true);
  }

  /** The signal a topic carries, from its name. */
  static Signal signalOf(String topic) {
    String t = topic.toLowerCase(Locale.ROOT);
    if (t.contains("metric")) {
      return Signal.METRICS;
    }
    if (t.contains("span") || t.contains("trace")) {
      return Signal.TRACES;
    }
    if (t.contains("log")) {
      return Signal.LOGS;
    }
    throw new ConfigException(
        "kafka.topics: cannot tell the signal of topic '"
            + topic
            + "'; its name must contain 'metric', 'span'/'trace' or 'log'");
  }

  /** Subscribes and starts consuming on its own thread. */
  public static OtlpKafkaConsumer start(
      String bootstrapServers, List<String> topicNames, String groupId, OtlpIngestor ingestor) {
    if (topicNames.isEmpty()) {
      throw new ConfigException("kafka.topics is empty; name at least one OTLP topic");
    }
    Map<String, Signal> topics = new HashMap<>();
    for (String t : topicNames) {
      topics.put(t, signalOf(t));
    }
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
    consumer.subscribe(topics.keySet());
    OtlpKafkaConsumer c = new OtlpKafkaConsumer(consumer, topics, ingestor);
    c.thread.start();
    LOG.info(
        "consuming OTLP from Kafka "
            + bootstrapServers
            + " topics "
            + topics.keySet()
            + " as group "
            + groupId);
    return c;
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
          continue;
        }
        List<CompletableFuture<IngestResult>> pending = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          CompletableFuture<IngestResult> f = ingest(r);
          if (f != null) {
            pending.add(f);
          }
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.log(Level.WARNING, "Kafka consumer woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Kafka ingestion stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private @org.jspecify.annotations.Nullable CompletableFuture<IngestResult> ingest(
      ConsumerRecord<byte[], byte[]> r) {
    Signal signal = topics.getOrDefault(r.topic(), signalOf(r.topic()));
    byte[] value = r.value();
    if (value == null) {
      return null;
    }
    OtlpProtoMapper.Mapped mapped;
    try {
      mapped = OtlpIngestor.decodeProto(signal, value, System.nanoTime());
    } catch (InvalidProtocolBufferException e) {
      ingestor.pipeline().recordReceived(signal, 1);
      ingestor.pipeline().recordInvalid(signal, 1);
      LOG.warning(
          "skipping undecodable Kafka record "
              + r.topic()
              + "/"
              + r.partition()
              + "@"
              + r.offset()
              + ": "
              + e.getMessage());
      return null;
    }
    long backoff = 50;
    while (running) {
      try {
        return ingestor.ingest(mapped);
      } catch (IngestQueueFullException e) {
        // backpressure: stop polling until the engine catches up; Kafka keeps the backlog
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return null;
        }
        backoff = Math.min(1000, backoff * 2);
      }
    }
    return null;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
