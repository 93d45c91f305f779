package dev.precursor.otlp;

import com.google.protobuf.ByteString;
import dev.precursor.ingest.IngestBatch;
import dev.precursor.ingest.LogEntry;
import dev.precursor.ingest.MetricPoint;
import dev.precursor.ingest.Resource;
import dev.precursor.ingest.Signal;
import dev.precursor.ingest.SpanRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Maps OTLP protobuf requests (also Kafka's {@code MetricsData}/{@code TracesData}/{@code
 * LogsData}, which are wire-identical) to ingest batches, checking the OTLP validity rules: a data
 * point needs a time and a value, histogram buckets must match their bounds, a span needs a 16-byte
 * trace id and an 8-byte span id (not all zero) and an end time, a log record a time. Invalid items
 * are counted and described, never handed on. Stateless and thread-safe.
 */
public final class OtlpProtoMapper {
  private static final int MAX_REASONS = 5;
  private static final Set<String> PEER_KEYS = Set.copyOf(SpanRecord.PEER_ATTRIBUTES);

  private OtlpProtoMapper() {}

  /** A mapped request: the valid items as a batch, how many items came, which were invalid. */
  public record Mapped(IngestBatch batch, long received, long invalid, String invalidMessage) {
    public Signal signal() {
      return batch.signal();
    }
  }

  /** Collects the distinct reasons for invalid items (the first few) and counts them all. */
  private static final class Problems {
    final Set<String> reasons = new LinkedHashSet<>();
    long count;

    void add(String reason) {
      count++;
      if (reasons.size() < MAX_REASONS) {
        reasons.add(reason);
      }
    }

    String message(String items) {
      if (count == 0) {
        return "";
      }
      return count + " invalid " + items + " rejected: " + String.join("; ", reasons);
    }
  }

  public static Mapped metrics(ExportMetricsServiceRequest req, long receivedNanos) {
    List<MetricPoint> out = new ArrayList<>();
    Problems problems = new Problems();
    long received = 0;
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      Resource r = resource(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          received += mapMetric(r, m, out, problems);
        }
      }
    }
    return new Mapped(
        new IngestBatch.Metrics(out, receivedNanos),
        received,
        problems.count,
        problems.message(Signal.METRICS.items()));
  }

  private static int mapMetric(Resource r, Metric m, List<MetricPoint> out, Problems problems) {
    String name = m.getName();
    switch (m.getDataCase()) {
      case GAUGE -> {
        List<NumberDataPoint> pts = m.getGauge().getDataPointsList();
        for (NumberDataPoint p : pts) {
          if (checkNumber(name, p, problems)) {
            out.add(
                new MetricPoint.Gauge(
                    r, name, attributes(p.getAttributesList()), p.getTimeUnixNano(), value(p)));
          }
        }
        return pts.size();
      }
      case SUM -> {
        List<NumberDataPoint> pts = m.getSum().getDataPointsList();
        AggregationTemporality t = m.getSum().getAggregationTemporality();
        for (NumberDataPoint p : pts) {
          if (!checkTemporality(name, t, problems) || !checkNumber(name, p, problems)) {
            continue;
          }
          out.add(
              new MetricPoint.Sum(
                  r,
                  name,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  value(p),
                  m.getSum().getIsMonotonic(),
                  t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
        }
        return pts.size();
      }
      case HISTOGRAM -> {
        List<HistogramDataPoint> pts = m.getHistogram().getDataPointsList();
        AggregationTemporality t = m.getHistogram().getAggregationTemporality();
        for (HistogramDataPoint p : pts) {
          if (!checkTemporality(name, t, problems) || !checkHistogram(name, p, problems)) {
            continue;
          }
          out.add(
              new MetricPoint.Histogram(
                  r,
                  name,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                  p.getCount(),
                  p.getSum(),
                  toDoubles(p.getExplicitBoundsList()),
                  toLongs(p.getBucketCountsList())));
        }
        return pts.size();
      }
      case EXPONENTIAL_HISTOGRAM -> {
        List<ExponentialHistogramDataPoint> pts = m.getExponentialHistogram().getDataPointsList();
        AggregationTemporality t = m.getExponentialHistogram().getAggregationTemporality();
        for (ExponentialHistogramDataPoint p : pts) {
          if (!checkTemporality(name, t, problems)) {
            continue;
          }
          if (p.getTimeUnixNano() == 0) {
            problems.add("time_unix_nano is 0 (metric '" + name + "')");
            continue;
          }
          if (p.getScale() < -10 || p.getScale() > 20) {
            problems.add("scale " + p.getScale() + " outside -10..20 (metric '" + name + "')");
            continue;
          }
          out.add(
              new MetricPoint.ExponentialHistogram(
                  r,
                  name,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
                  p.getCount(),
                  p.getSum(),
                  p.getScale(),
                  p.getZeroCount(),
                  p.getPositive().getOffset(),
                  toLongs(p.getPositive().getBucketCountsList()),
                  p.getNegative().getOffset(),
                  toLongs(p.getNegative().getBucketCountsList())));
        }
        return pts.size();
      }
      case SUMMARY -> {
        List<SummaryDataPoint> pts = m.getSummary().getDataPointsList();
        for (SummaryDataPoint p : pts) {
          if (p.getTimeUnixNano() == 0) {
            problems.add("time_unix_nano is 0 (metric '" + name + "')");
            continue;
          }
          int n = p.getQuantileValuesCount();
          double[] qs = new double[n];
          double[] vs = new double[n];
          boolean ok = true;
          for (int i = 0; i < n; i++) {
            qs[i] = p.getQuantileValues(i).getQuantile();
            vs[i] = p.getQuantileValues(i).getValue();
            if (!(qs[i] >= 0 && qs[i] <= 1)) {
              ok = false;
            }
          }
          if (!ok) {
            problems.add("a quantile outside [0,1] (metric '" + name + "')");
            continue;
          }
          out.add(
              new MetricPoint.Summary(
                  r,
                  name,
                  attributes(p.getAttributesList()),
                  p.getStartTimeUnixNano(),
                  p.getTimeUnixNano(),
                  p.getCount(),
                  p.getSum(),
                  qs,
                  vs));
        }
        return pts.size();
      }
      default -> {
        return 0; // a metric without data carries no points
      }
    }
  }

  private static boolean checkTemporality(
      String name, AggregationTemporality t, Problems problems) {
    if (t == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
        || t == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
      return true;
    }
    problems.add("aggregation_temporality unspecified (metric '" + name + "')");
    return false;
  }

  private static boolean checkNumber(String name, NumberDataPoint p, Problems problems) {
    if (p.getTimeUnixNano() == 0) {
      problems.add("time_unix_nano is 0 (metric '" + name + "')");
      return false;
    }
    if (p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
      problems.add("data point without a value (metric '" + name + "')");
      return false;
    }
    return true;
  }

  private static boolean checkHistogram(String name, HistogramDataPoint p, Problems problems) {
    if (p.getTimeUnixNano() == 0) {
      problems.add("time_unix_nano is 0 (metric '" + name + "')");
      return false;
    }
    int b = p.getExplicitBoundsCount();
    int c = p.getBucketCountsCount();
    if (!(b == 0 && c == 0) && c != b + 1) {
      problems.add(
          "histogram with "
              + c
              + " bucket counts for "
              + b
              + " explicit bounds, expected "
              + (b + 1)
              + " (metric '"
              + name
              + "')");
      return false;
    }
    for (int i = 1; i < b; i++) {
      if (!(p.getExplicitBounds(i) > p.getExplicitBounds(i - 1))) {
        problems.add("explicit bounds not strictly increasing (metric '" + name + "')");
        return false;
      }
    }
    return true;
  }

  private static double value(NumberDataPoint p) {
    return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
  }

  private static double[] toDoubles(List<Double> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  private static long[] toLongs(List<Long> list) {
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  public static Mapped traces(ExportTraceServiceRequest req, long receivedNanos) {
    List<SpanRecord> out = new ArrayList<>();
    Problems problems = new Problems();
    long received = 0;
    for (ResourceSpans rs : req.getResourceSpansList()) {
      Resource r = resource(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          received++;
          SpanRecord mapped = mapSpan(r, s, problems);
          if (mapped != null) {
            out.add(mapped);
          }
        }
      }
    }
    return new Mapped(
        new IngestBatch.Spans(out, receivedNanos),
        received,
        problems.count,
        problems.message(Signal.TRACES.items()));
  }

  private static @Nullable SpanRecord mapSpan(Resource r, Span s, Problems problems) {
    ByteString trace = s.getTraceId();
    if (trace.size() != 16 || isZero(trace)) {
      problems.add("trace_id must be 16 bytes, not all zero (span '" + s.getName() + "')");
      return null;
    }
    ByteString span = s.getSpanId();
    if (span.size() != 8 || isZero(span)) {
      problems.add("span_id must be 8 bytes, not all zero (span '" + s.getName() + "')");
      return null;
    }
    ByteString parent = s.getParentSpanId();
    if (!parent.isEmpty() && parent.size() != 8) {
      problems.add("parent_span_id must be empty or 8 bytes (span '" + s.getName() + "')");
      return null;
    }
    if (s.getEndTimeUnixNano() == 0) {
      problems.add("end_time_unix_nano is 0 (span '" + s.getName() + "')");
      return null;
    }
    List<SpanRecord.Link> links = List.of();
    if (s.getLinksCount() > 0) {
      links = new ArrayList<>(s.getLinksCount());
      for (Span.Link l : s.getLinksList()) {
        if (l.getTraceId().size() == 16 && l.getSpanId().size() == 8) {
          links.add(
              new SpanRecord.Link(
                  readLong(l.getTraceId(), 0),
                  readLong(l.getTraceId(), 8),
                  readLong(l.getSpanId(), 0)));
        }
      }
    }
    Map<String, String> peer = Map.of();
    for (KeyValue kv : s.getAttributesList()) {
      if (PEER_KEYS.contains(kv.getKey())) {
        if (peer.isEmpty()) {
          peer = new HashMap<>(4);
        }
        peer.put(kv.getKey(), text(kv.getValue()));
      }
    }
    return new SpanRecord(
        r,
        readLong(trace, 0),
        readLong(trace, 8),
        readLong(span, 0),
        parent.isEmpty() ? 0 : readLong(parent, 0),
        SpanRecord.Kind.ofNumber(s.getKindValue()),
        s.getStartTimeUnixNano(),
        s.getEndTimeUnixNano(),
        s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
        links,
        peer);
  }

  public static Mapped logs(ExportLogsServiceRequest req, long receivedNanos) {
    List<LogEntry> out = new ArrayList<>();
    Problems problems = new Problems();
    long received = 0;
    for (ResourceLogs rl : req.getResourceLogsList()) {
      Resource r = resource(rl.getResource().getAttributesList());
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord l : sl.getLogRecordsList()) {
          received++;
          long t = l.getTimeUnixNano() != 0 ? l.getTimeUnixNano() : l.getObservedTimeUnixNano();
          if (t == 0) {
            problems.add("log record with neither time_unix_nano nor observed_time_unix_nano");
            continue;
          }
          int sev = l.getSeverityNumberValue();
          if (sev < 0 || sev > 24) {
            problems.add("severity_number " + sev + " outside 0..24");
            continue;
          }
          out.add(new LogEntry(r, t, sev, text(l.getBody())));
        }
      }
    }
    return new Mapped(
        new IngestBatch.Logs(out, receivedNanos),
        received,
        problems.count,
        problems.message(Signal.LOGS.items()));
  }

  /** The resource of a batch, from the semantic-convention resource attributes. */
  static Resource resource(List<KeyValue> attributes) {
    @Nullable String name = null;
    @Nullable String namespace = null;
    @Nullable String version = null;
    @Nullable String env = null;
    @Nullable String envOld = null;
    @Nullable String instance = null;
    @Nullable String pod = null;
    @Nullable String container = null;
    @Nullable String host = null;
    for (KeyValue kv : attributes) {
      switch (kv.getKey()) {
        case "service.name" -> name = text(kv.getValue());
        case "service.namespace" -> namespace = text(kv.getValue());
        case "service.version" -> version = text(kv.getValue());
        case "deployment.environment.name" -> env = text(kv.getValue());
        case "deployment.environment" -> envOld = text(kv.getValue());
        case "service.instance.id" -> instance = text(kv.getValue());
        case "k8s.pod.uid", "k8s.pod.name" -> pod = pod == null ? text(kv.getValue()) : pod;
        case "container.id" -> container = text(kv.getValue());
        case "host.name" -> host = text(kv.getValue());
        default -> {
          // other resource attributes are not part of a series' identity
        }
      }
    }
    String service = name == null || name.isBlank() ? Resource.UNKNOWN_SERVICE : name;
    if (namespace != null && !namespace.isBlank()) {
      service = namespace + "/" + service;
    }
    String inst =
        instance != null ? instance : pod != null ? pod : container != null ? container : host;
    return new Resource(
        service,
        version == null || version.isBlank() ? null : version,
        env != null ? env : envOld,
        inst == null ? "" : inst);
  }

  static Map<String, String> attributes(List<KeyValue> kvs) {
    if (kvs.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> m = new HashMap<>(kvs.size() * 2);
    for (KeyValue kv : kvs) {
      m.put(kv.getKey(), text(kv.getValue()));
    }
    return m;
  }

  /** An attribute or body value as text: strings as they are, numbers and booleans printed. */
  static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE -> {
        List<String> parts = new ArrayList<>();
        for (AnyValue e : v.getArrayValue().getValuesList()) {
          parts.add(text(e));
        }
        yield "[" + String.join(",", parts) + "]";
      }
      case KVLIST_VALUE -> {
        List<String> parts = new ArrayList<>();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          parts.add(kv.getKey() + "=" + text(kv.getValue()));
        }
        yield "{" + String.join(",", parts) + "}";
      }
      default -> "";
    };
  }

  private static boolean isZero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static long readLong(ByteString b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b.byteAt(offset + i) & 0xFF);
    }
    return v;
  }
}
