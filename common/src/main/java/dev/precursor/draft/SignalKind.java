package dev.precursor.draft;

import java.util.Locale;

/** What a metric measures, guessed from its name (OpenTelemetry and Prometheus conventions). */
enum SignalKind {
  ERRORS("error rate"),
  LATENCY("latency"),
  SATURATION("saturation"),
  TRAFFIC("traffic"),
  OTHER("signal");

  private final String label;

  SignalKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static SignalKind of(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (m.contains("error")
        || m.contains("5xx")
        || m.contains("fail")
        || m.contains("exception")
        || m.contains("fault")
        || m.contains("timeout")) {
      return ERRORS;
    }
    if (m.contains("duration")
        || m.contains("latency")
        || m.contains("response_time")
        || m.contains("p99")
        || m.contains("p95")
        || m.contains("elapsed")) {
      return LATENCY;
    }
    if (m.contains("cpu")
        || m.contains("memory")
        || m.contains("heap")
        || m.contains("gc")
        || m.contains("pool")
        || m.contains("connection")
        || m.contains("disk")
        || m.contains("queue")
        || m.contains("thread")
        || m.contains("saturation")
        || m.contains("utilization")
        || m.contains("lag")
        || m.contains("fd")) {
      return SATURATION;
    }
    if (m.contains("request")
        || m.contains("calls")
        || m.contains("throughput")
        || m.contains("rps")
        || m.contains("count")
        || m.contains("rate")) {
      return TRAFFIC;
    }
    return OTHER;
  }
}
