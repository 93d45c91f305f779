package dev.precursor.grafana.query;

import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.frame.Frame;
import java.util.List;

/** Runs one query type against the engine and shapes the answer as Grafana data frames. */
interface QueryHandler {
  /**
   * @throws BadQueryException when the query cannot be run as written
   * @throws dev.precursor.grafana.engine.EngineException when the engine fails or cannot be reached
   */
  List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window);
}
