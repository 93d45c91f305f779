package dev.precursor.ingest;

import java.util.List;

/**
 * The valid items of one request (one OTLP export, one Kafka record), handed to {@link
 * IngestPipeline#submit}. {@code receivedNanos} is the {@link System#nanoTime()} at which the
 * request arrived, for the end-to-end latency metric.
 */
public sealed interface IngestBatch {
  Signal signal();

  int size();

  long receivedNanos();

  /** Smallest event time of the batch in epoch ms ({@link Long#MAX_VALUE} when empty). */
  long minEventMillis();

  /** Metric data points. */
  record Metrics(List<MetricPoint> points, long receivedNanos) implements IngestBatch {
    public Metrics {
      points = List.copyOf(points);
    }

    @Override
    public Signal signal() {
      return Signal.METRICS;
    }

    @Override
    public int size() {
      return points.size();
    }

    @Override
    public long minEventMillis() {
      long min = Long.MAX_VALUE;
      for (MetricPoint p : points) {
        min = Math.min(min, p.timeNanos() / 1_000_000);
      }
      return min;
    }
  }

  /** Spans. */
  record Spans(List<SpanRecord> spans, long receivedNanos) implements IngestBatch {
    public Spans {
      spans = List.copyOf(spans);
    }

    @Override
    public Signal signal() {
      return Signal.TRACES;
    }

    @Override
    public int size() {
      return spans.size();
    }

    @Override
    public long minEventMillis() {
      long min = Long.MAX_VALUE;
      for (SpanRecord s : spans) {
        min = Math.min(min, s.endNanos() / 1_000_000);
      }
      return min;
    }
  }

  /** Log records. */
  record Logs(List<LogEntry> logs, long receivedNanos) implements IngestBatch {
    public Logs {
      logs = List.copyOf(logs);
    }

    @Override
    public Signal signal() {
      return Signal.LOGS;
    }

    @Override
    public int size() {
      return logs.size();
    }

    @Override
    public long minEventMillis() {
      long min = Long.MAX_VALUE;
      for (LogEntry l : logs) {
        min = Math.min(min, l.timeNanos() / 1_000_000);
      }
      return min;
    }
  }
}
