package dev.precursor.model;

import java.util.List;

/**
 * A snapshot of the service dependency graph learned from traces: nodes with their request rate and
 * error ratio, directed caller→callee edges with call rate and error ratio.
 */
public record ServiceGraph(List<Node> nodes, List<Edge> edges) {
  public static final ServiceGraph EMPTY = new ServiceGraph(List.of(), List.of());

  public ServiceGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** One service: requests per second served and the fraction that failed. */
  public record Node(String service, double requestRate, double errorRatio) {}

  /** Calls from {@code from} to {@code to}: per second, and the fraction that failed. */
  public record Edge(String from, String to, double callRate, double errorRatio) {}

  /** Services that {@code service} calls. */
  public List<String> callees(String service) {
    return edges.stream().filter(e -> e.from().equals(service)).map(Edge::to).toList();
  }

  /** Services that call {@code service}. */
  public List<String> callers(String service) {
    return edges.stream().filter(e -> e.to().equals(service)).map(Edge::from).toList();
  }
}
