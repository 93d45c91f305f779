package dev.precursor.grafana;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The plugin's own counters, served to Grafana by CollectMetrics as Prometheus text. */
final class PluginMetrics {
  private final Map<String, LongAdder> queries = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final LongAdder healthChecks = new LongAdder();
  private final LongAdder resourceCalls = new LongAdder();

  void query(String type) {
    queries.computeIfAbsent(type, k -> new LongAdder()).increment();
  }

  void failure(String type, String source) {
    failures.computeIfAbsent(type + "\u0000" + source, k -> new LongAdder()).increment();
  }

  void healthCheck() {
    healthChecks.increment();
  }

  void resourceCall() {
    resourceCalls.increment();
  }

  String scrape() {
    StringBuilder sb = new StringBuilder();
    sb.append("# HELP precursor_plugin_queries_total Queries run, by query type.\n")
        .append("# TYPE precursor_plugin_queries_total counter\n");
    new TreeMap<>(queries)
        .forEach(
            (t, n) ->
                sb.append("precursor_plugin_queries_total{query_type=\"")
                    .append(t)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    sb.append(
            "# HELP precursor_plugin_query_failures_total Failed queries, by type and error source.\n")
        .append("# TYPE precursor_plugin_query_failures_total counter\n");
    new TreeMap<>(failures)
        .forEach(
            (k, n) -> {
              String[] p = k.split("\u0000", 2);
              sb.append("precursor_plugin_query_failures_total{query_type=\"")
                  .append(p[0])
                  .append("\",error_source=\"")
                  .append(p[1])
                  .append("\"} ")
                  .append(n.sum())
                  .append('\n');
            });
    sb.append("# HELP precursor_plugin_health_checks_total Health checks run.\n")
        .append("# TYPE precursor_plugin_health_checks_total counter\n")
        .append("precursor_plugin_health_checks_total ")
        .append(healthChecks.sum())
        .append('\n');
    sb.append("# HELP precursor_plugin_resource_calls_total Resource calls served.\n")
        .append("# TYPE precursor_plugin_resource_calls_total counter\n")
        .append("precursor_plugin_resource_calls_total ")
        .append(resourceCalls.sum())
        .append('\n');
    return sb.toString();
  }
}
