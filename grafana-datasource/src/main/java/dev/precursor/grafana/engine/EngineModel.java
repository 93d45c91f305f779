package dev.precursor.grafana.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's JSON shapes (DESIGN.md, HTTP API), as far as the data source reads them. Unknown
 * fields are ignored, so the engine can add fields freely.
 */
public final class EngineModel {
  private EngineModel() {}

  /**
   * {@code GET /api/v1/predictions} item. {@code tier} is {@code alert}, {@code watch} or {@code
   * log}.
   */
  public record Prediction(
      String id,
      String situationId,
      String service,
      String tier,
      double confidence,
      Instant raisedAt,
      @Nullable Instant expectedAt,
      String pattern,
      List<SimilarIncident> similarIncidents,
      @Nullable RootCause rootCause,
      String recommendedAction,
      String state) {
    public Prediction {
      similarIncidents = List.copyOf(similarIncidents);
    }
  }

  public record SimilarIncident(String id, String title, double similarity) {}

  public record RootCause(String service, String kind, String summary) {}

  /** {@code GET /api/v1/situations} item; hypotheses best first. */
  public record Situation(
      String id,
      String state,
      Instant openedAt,
      @Nullable Instant resolvedAt,
      List<String> services,
      int anomalyCount,
      List<Hypothesis> hypotheses,
      List<Deploy> deploys,
      List<Ticket> tickets) {
    public Situation {
      services = List.copyOf(services);
      hypotheses = List.copyOf(hypotheses);
      deploys = List.copyOf(deploys);
      tickets = List.copyOf(tickets);
    }
  }

  public record Hypothesis(String service, String cause, double confidence) {}

  public record Ticket(String system, String key, String url) {}

  /** {@code GET /api/v1/deploys} item; {@code kind} is {@code deploy} or {@code config}. */
  public record Deploy(
      String id,
      String service,
      String version,
      @Nullable String environment,
      Instant at,
      String kind,
      @Nullable String commit,
      @Nullable String url,
      String source) {}

  /** One anomaly-score series from {@code GET /api/v1/scores}, points in ascending time. */
  public record ScoreSeries(
      String service, String metric, Map<String, String> attributes, List<ScorePoint> points) {
    public ScoreSeries {
      attributes = Map.copyOf(attributes);
      points = List.copyOf(points);
    }
  }

  public record ScorePoint(Instant at, double score) {}

  /** {@code GET /api/v1/services}: the dependency graph. */
  public record ServiceGraph(List<Node> nodes, List<Edge> edges) {
    public ServiceGraph {
      nodes = List.copyOf(nodes);
      edges = List.copyOf(edges);
    }
  }

  public record Node(String service, double requestRate, double errorRatio) {}

  public record Edge(String from, String to, double callRate, double errorRatio) {}

  /** {@code GET /api/v1/health}. */
  public record Health(int httpStatus, String status, String version, @Nullable String watermark) {}
}
