package dev.precursor.grafana.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.grafana.engine.EngineModel.Deploy;
import dev.precursor.grafana.engine.EngineModel.Edge;
import dev.precursor.grafana.engine.EngineModel.Hypothesis;
import dev.precursor.grafana.engine.EngineModel.Node;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.engine.EngineModel.RootCause;
import dev.precursor.grafana.engine.EngineModel.ScorePoint;
import dev.precursor.grafana.engine.EngineModel.ScoreSeries;
import dev.precursor.grafana.engine.EngineModel.ServiceGraph;
import dev.precursor.grafana.engine.EngineModel.SimilarIncident;
import dev.precursor.grafana.engine.EngineModel.Situation;
import dev.precursor.grafana.engine.EngineModel.Ticket;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns the engine's JSON into {@link EngineModel} records. Times are RFC 3339 text or epoch
 * milliseconds (DESIGN.md). An item without a field the plugin cannot do without fails with an
 * {@link EngineException} (status 502) naming the endpoint and the field.
 */
public final class EngineJsonMapper {
  private EngineJsonMapper() {}

  public static Prediction prediction(JsonNode n) {
    String where = "/api/v1/predictions";
    List<SimilarIncident> similar = new ArrayList<>();
    for (JsonNode s : n.path("similarIncidents")) {
      similar.add(
          new SimilarIncident(
              text(s, "id", ""), text(s, "title", ""), s.path("similarity").asDouble(0)));
    }
    JsonNode rc = n.path("rootCause");
    RootCause rootCause =
        rc.isObject()
            ? new RootCause(text(rc, "service", ""), text(rc, "kind", ""), text(rc, "summary", ""))
            : null;
    return new Prediction(
        required(n, "id", where),
        text(n, "situationId", ""),
        required(n, "service", where),
        text(n, "tier", ""),
        number(n, "confidence", where),
        requiredTime(n, "raisedAt", where),
        time(n.get("expectedAt")),
        text(n, "pattern", ""),
        similar,
        rootCause,
        text(n, "recommendedAction", ""),
        text(n, "state", ""));
  }

  public static Situation situation(JsonNode n) {
    String where = "/api/v1/situations";
    List<String> services = new ArrayList<>();
    for (JsonNode s : n.path("services")) {
      services.add(s.asText());
    }
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (JsonNode h : n.path("hypotheses")) {
      hypotheses.add(
          new Hypothesis(
              text(h, "service", ""), text(h, "cause", ""), h.path("confidence").asDouble(0)));
    }
    List<Deploy> deploys = new ArrayList<>();
    for (JsonNode d : n.path("deploys")) {
      if (d.hasNonNull("service") && d.hasNonNull("at")) {
        deploys.add(deploy(d));
      }
    }
    List<Ticket> tickets = new ArrayList<>();
    for (JsonNode t : n.path("tickets")) {
      tickets.add(new Ticket(text(t, "system", ""), text(t, "key", ""), text(t, "url", "")));
    }
    return new Situation(
        required(n, "id", where),
        text(n, "state", ""),
        requiredTime(n, "openedAt", where),
        time(n.get("resolvedAt")),
        services,
        n.path("anomalies").size(),
        hypotheses,
        deploys,
        tickets);
  }

  public static Deploy deploy(JsonNode n) {
    String where = "/api/v1/deploys";
    return new Deploy(
        text(n, "id", ""),
        required(n, "service", where),
        text(n, "version", ""),
        nullableText(n, "environment"),
        requiredTime(n, "at", where),
        text(n, "kind", "deploy"),
        nullableText(n, "commit"),
        nullableText(n, "url"),
        text(n, "source", ""));
  }

  /**
   * Reads {@code GET /api/v1/scores} items. Accepted item shapes: a series {@code {service, metric,
   * attributes?, points: [{at|time|timestamp, score}] | [[t, score]]}}, or a single point {@code
   * {service, metric, attributes?, at|time|timestamp, score}}; points of the same series are merged
   * and sorted by time (a repeated timestamp keeps the highest score).
   */
  public static List<ScoreSeries> scores(List<JsonNode> items) {
    String where = "/api/v1/scores";
    Map<String, Map<Instant, Double>> points = new LinkedHashMap<>();
    Map<String, ScoreSeries> keys = new LinkedHashMap<>();
    for (JsonNode n : items) {
      String service = required(n, "service", where);
      String metric = required(n, "metric", where);
      Map<String, String> attrs = new TreeMap<>();
      JsonNode a = n.has("attributes") ? n.get("attributes") : n.path("labels");
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        attrs.put(e.getKey(), e.getValue().asText());
      }
      String key = service + '\u0000' + metric + '\u0000' + attrs;
      keys.putIfAbsent(key, new ScoreSeries(service, metric, attrs, List.of()));
      Map<Instant, Double> series = points.computeIfAbsent(key, k -> new TreeMap<>());
      if (n.has("points")) {
        for (JsonNode p : n.get("points")) {
          if (p.isArray()) {
            addPoint(series, requiredTime(p.get(0), where + " points[][0]"), p.path(1), where);
          } else {
            addPoint(series, pointTime(p, where), scoreNode(p), where);
          }
        }
      } else {
        addPoint(series, pointTime(n, where), scoreNode(n), where);
      }
    }
    List<ScoreSeries> out = new ArrayList<>();
    keys.forEach(
        (k, s) -> {
          List<ScorePoint> ps = new ArrayList<>();
          points.get(k).forEach((t, v) -> ps.add(new ScorePoint(t, v)));
          out.add(new ScoreSeries(s.service(), s.metric(), s.attributes(), ps));
        });
    return out;
  }

  private static void addPoint(Map<Instant, Double> series, Instant t, JsonNode v, String where) {
    if (v.isNull() || v.isMissingNode()) {
      return;
    }
    if (!v.isNumber()) {
      throw new EngineException(502, "engine answered a non-numeric score on " + where + ": " + v);
    }
    series.merge(t, v.asDouble(), Math::max);
  }

  private static JsonNode scoreNode(JsonNode p) {
    return p.has("score") ? p.get("score") : p.path("anomalyScore");
  }

  private static Instant pointTime(JsonNode p, String where) {
    for (String k : List.of("at", "time", "timestamp")) {
      if (p.hasNonNull(k)) {
        return requiredTime(p.get(k), where + " '" + k + "'");
      }
    }
    throw new EngineException(502, "engine answered a score point without 'at' on " + where);
  }

  /**
   * Reads {@code GET /api/v1/services}: {@code {nodes: [{service, requestRate, errorRatio}], edges:
   * [{from, to, callRate, errorRatio}]}} (also accepted inside {@code graph}).
   */
  public static ServiceGraph serviceGraph(JsonNode body) {
    JsonNode g = body.has("graph") ? body.get("graph") : body;
    String where = "/api/v1/services";
    List<Node> nodes = new ArrayList<>();
    JsonNode nodeArray = g.has("nodes") ? g.get("nodes") : g.path("items");
    for (JsonNode n : nodeArray) {
      String service = n.isTextual() ? n.asText() : first(n, where, "service", "name", "id");
      nodes.add(
          new Node(service, n.path("requestRate").asDouble(0), n.path("errorRatio").asDouble(0)));
    }
    List<Edge> edges = new ArrayList<>();
    for (JsonNode e : g.path("edges")) {
      edges.add(
          new Edge(
              first(e, where + " edges", "from", "source"),
              first(e, where + " edges", "to", "target"),
              e.path("callRate").asDouble(0),
              e.path("errorRatio").asDouble(0)));
    }
    return new ServiceGraph(nodes, edges);
  }

  private static String first(JsonNode n, String where, String... names) {
    for (String name : names) {
      if (n.hasNonNull(name)) {
        return n.get(name).asText();
      }
    }
    throw new EngineException(
        502, "engine answered an item without '" + names[0] + "' on " + where);
  }

  /** Parses RFC 3339 text or epoch milliseconds; null for a missing or null node. */
  public static @Nullable Instant time(@Nullable JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isNumber()) {
      return Instant.ofEpochMilli(n.asLong());
    }
    String s = n.asText().trim();
    if (s.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      if (s.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(s));
      }
      throw new IllegalArgumentException("not an RFC 3339 time or epoch milliseconds: '" + s + "'");
    }
  }

  private static Instant requiredTime(JsonNode n, String field, String where) {
    return requiredTime(n.get(field), where + " '" + field + "'");
  }

  private static Instant requiredTime(@Nullable JsonNode n, String where) {
    try {
      Instant t = time(n);
      if (t != null) {
        return t;
      }
    } catch (IllegalArgumentException e) {
      throw new EngineException(
          502, "engine answered a bad time for " + where + ": " + e.getMessage());
    }
    throw new EngineException(502, "engine answered no time for " + where);
  }

  private static String required(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new EngineException(
          502, "engine answered an item without '" + field + "' on " + where + ": " + n);
    }
    return v.asText();
  }

  private static double number(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new EngineException(
          502, "engine answered an item without a numeric '" + field + "' on " + where);
    }
    return v.asDouble();
  }

  private static String text(JsonNode n, String field, String dflt) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static @Nullable String nullableText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
