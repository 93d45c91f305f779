package dev.precursor.api;

import dev.precursor.model.ServiceGraph;
import dev.precursor.server.Engine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/services}: the service dependency graph learned from traces, {@code {"nodes":
 * [{service, requestRate, errorRatio}], "edges": [{from, to, callRate, errorRatio}]}} (rates per
 * second over the last closed window). {@code ?service=S} keeps S and its direct neighbours.
 */
public final class ServicesApi implements ApiModule {
  private final Engine engine;

  public ServicesApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.get("/api/v1/services", this::graph);
  }

  private void graph(Context ctx) {
    ServiceGraph g = engine.serviceGraph();
    String service = Params.string(ctx, "service");
    if (service != null) {
      List<ServiceGraph.Edge> edges =
          g.edges().stream()
              .filter(e -> e.from().equals(service) || e.to().equals(service))
              .toList();
      Set<String> keep = new HashSet<>();
      keep.add(service);
      edges.forEach(
          e -> {
            keep.add(e.from());
            keep.add(e.to());
          });
      g =
          new ServiceGraph(
              g.nodes().stream().filter(n -> keep.contains(n.service())).toList(), edges);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("nodes", g.nodes());
    body.put("edges", g.edges());
    ctx.json(body);
  }
}
