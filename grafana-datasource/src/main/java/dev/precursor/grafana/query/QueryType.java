package dev.precursor.grafana.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code queryType} values of the query model (a contract: dashboards store them). */
public enum QueryType {
  RISK,
  ANOMALIES,
  PREDICTIONS,
  SITUATIONS,
  GRAPH,
  ANNOTATIONS;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire value; an empty value means {@link #RISK}. */
  public static QueryType parse(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return RISK;
    }
    for (QueryType q : values()) {
      if (q.wire().equals(t)) {
        return q;
      }
    }
    throw new BadQueryException(
        "unknown queryType '"
            + s
            + "': expected one of "
            + Arrays.stream(values()).map(QueryType::wire).collect(Collectors.joining(", ")));
  }
}
