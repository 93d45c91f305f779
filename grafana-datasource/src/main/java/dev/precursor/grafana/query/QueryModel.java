package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The query model dashboards store: {@code {"queryType", "service", "metric", "minConfidence"}}.
 * {@code service} may name several services separated by commas (a multi-value template variable);
 * empty, {@code *}, {@code All} or {@code $__all} mean all services. {@code minConfidence} is a
 * number in [0,1] (or such a number as text).
 */
public record QueryModel(
    QueryType type, Set<String> services, @Nullable String metric, @Nullable Double minConfidence) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public QueryModel {
    services = Set.copyOf(services);
  }

  /**
   * Parses the query JSON Grafana sends; {@code queryTypeField} is DataQuery.queryType, used when
   * the JSON has none.
   */
  public static QueryModel parse(byte[] json, String queryTypeField) {
    JsonNode n;
    try {
      n = json.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(json);
    } catch (IOException e) {
      throw new BadQueryException("query JSON is malformed: " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new BadQueryException("query JSON must be an object");
    }
    String type = n.hasNonNull("queryType") ? n.get("queryType").asText() : queryTypeField;
    QueryType qt = QueryType.parse(type);
    String metric = n.hasNonNull("metric") ? n.get("metric").asText().trim() : null;
    return new QueryModel(
        qt,
        services(n.get("service")),
        metric == null || metric.isEmpty() ? null : metric,
        minConfidence(n.get("minConfidence")));
  }

  private static Set<String> services(@Nullable JsonNode n) {
    Set<String> out = new LinkedHashSet<>();
    if (n == null || n.isNull()) {
      return out;
    }
    List<String> raw = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(v -> raw.add(v.asText()));
    } else if (n.isTextual()) {
      String s = n.asText().trim();
      if (s.startsWith("{") && s.endsWith("}")) {
        s = s.substring(1, s.length() - 1);
      }
      raw.addAll(List.of(s.split(",")));
    } else {
      throw new BadQueryException("'service' must be text, got " + n);
    }
    for (String s : raw) {
      String t = s.trim();
      if (t.isEmpty() || t.equals("*") || t.equalsIgnoreCase("all") || t.equals("$__all")) {
        return new LinkedHashSet<>();
      }
      out.add(t);
    }
    return out;
  }

  private static @Nullable Double minConfidence(@Nullable JsonNode n) {
    if (n == null || n.isNull() || (n.isTextual() && n.asText().isBlank())) {
      return null;
    }
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      try {
        v = Double.parseDouble(n.asText().trim());
      } catch (NumberFormatException e) {
        throw new BadQueryException(
            "'minConfidence' must be a number between 0 and 1, got '" + n.asText() + "'");
      }
    } else {
      throw new BadQueryException("'minConfidence' must be a number between 0 and 1, got " + n);
    }
    if (!(v >= 0 && v <= 1)) {
      throw new BadQueryException("'minConfidence' must be between 0 and 1, got " + v);
    }
    return v;
  }

  /** True when {@code service} passes the service filter. */
  public boolean includes(String service) {
    return services.isEmpty() || services.contains(service);
  }

  /** The single service to pass to the engine as a filter, or null for all / several. */
  public @Nullable String engineServiceFilter() {
    return services.size() == 1 ? services.iterator().next() : null;
  }

  /** True when a prediction's confidence passes {@code minConfidence} (none = all pass). */
  public boolean passes(double confidence) {
    return minConfidence == null || confidence >= minConfidence;
  }
}
