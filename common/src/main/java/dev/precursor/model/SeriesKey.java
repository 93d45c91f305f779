package dev.precursor.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Identity of one series: {@code service.name} (with namespace when present, as {@code ns/name}),
 * metric name and the data point's attributes. Per-instance resource attributes are never part of
 * it, so restarts and deploys keep a service's baselines.
 */
public record SeriesKey(String service, String metric, Map<String, String> attributes) {
  public SeriesKey {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(metric, "metric");
    attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }

  public static SeriesKey of(String service, String metric) {
    return new SeriesKey(service, metric, Map.of());
  }

  /** Canonical text form, stable across runs: {@code service|metric|k=v,k=v}. */
  public String id() {
    StringBuilder sb = new StringBuilder(service).append('|').append(metric);
    if (!attributes.isEmpty()) {
      sb.append('|');
      boolean first = true;
      for (Map.Entry<String, String> e : attributes.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        sb.append(e.getKey()).append('=').append(e.getValue());
        first = false;
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return id();
  }
}
