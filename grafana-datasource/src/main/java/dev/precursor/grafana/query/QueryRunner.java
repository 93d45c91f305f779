package dev.precursor.grafana.query;

import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.frame.Frame;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Dispatches a parsed query to its query type's handler. Thread-safe and stateless. */
public final class QueryRunner {
  private final Map<QueryType, QueryHandler> handlers = new EnumMap<>(QueryType.class);

  public QueryRunner() {
    handlers.put(QueryType.RISK, new RiskQuery());
    handlers.put(QueryType.ANOMALIES, new AnomalyScoresQuery());
    handlers.put(QueryType.PREDICTIONS, new PredictionsQuery());
    handlers.put(QueryType.SITUATIONS, new SituationsQuery());
    handlers.put(QueryType.GRAPH, new ServiceGraphQuery());
    handlers.put(QueryType.ANNOTATIONS, new AnnotationsQuery());
  }

  /**
   * @throws BadQueryException the query cannot be run as written
   * @throws dev.precursor.grafana.engine.EngineException the engine failed or is unreachable
   */
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    return handlers.get(query.type()).run(engine, query, window);
  }
}
