package dev.precursor.rca;

import java.util.Locale;

/**
 * What a metric measures, from its name: a resource (memory, CPU, pools, threads, GC, disk),
 * latency, errors, traffic or something else. Resource signals point at causes; latency and errors
 * are more often symptoms.
 */
public enum MetricRole {
  MEMORY("memory", true),
  CPU("CPU", true),
  POOL("connection pool", true),
  THREADS("threads", true),
  GC("GC", true),
  DISK("disk", true),
  RETRIES("retries", false),
  ERRORS("errors", false),
  LATENCY("latency", false),
  TRAFFIC("traffic", false),
  OTHER("metric", false);

  private final String label;
  private final boolean resource;

  MetricRole(String label, boolean resource) {
    this.label = label;
    this.resource = resource;
  }

  public String label() {
    return label;
  }

  public boolean isResource() {
    return resource;
  }

  /** Classifies a metric name (OTel semantic-convention names and common exporter names). */
  public static MetricRole of(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    if (m.contains("gc") && (m.contains("pause") || m.contains("duration") || m.contains("time"))
        || m.contains("garbage")) {
      return GC;
    }
    if (m.contains("pool") || m.contains("connection") || m.contains("conn.")) {
      return POOL;
    }
    if (m.contains("mem") || m.contains("heap") || m.contains("rss")) {
      return MEMORY;
    }
    if (m.contains("cpu")) {
      return CPU;
    }
    if (m.contains("thread")) {
      return THREADS;
    }
    if (m.contains("disk")
        || m.contains("filesystem")
        || m.startsWith("io.")
        || m.contains(".io.")) {
      return DISK;
    }
    if (m.contains("retr")) {
      return RETRIES;
    }
    if (m.contains("error") || m.contains("fail") || m.contains("5xx") || m.contains("exception")) {
      return ERRORS;
    }
    if (m.contains("latency") || m.contains("duration") || m.contains("lat") || m.contains("p99")) {
      return LATENCY;
    }
    if (m.contains("rate") || m.contains("request") || m.contains("count") || m.contains("rps")) {
      return TRAFFIC;
    }
    return OTHER;
  }
}
