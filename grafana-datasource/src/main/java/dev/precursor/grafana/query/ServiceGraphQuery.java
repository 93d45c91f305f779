package dev.precursor.grafana.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineModel.Edge;
import dev.precursor.grafana.engine.EngineModel.Node;
import dev.precursor.grafana.engine.EngineModel.ServiceGraph;
import dev.precursor.grafana.frame.Field;
import dev.precursor.grafana.frame.Frame;
import dev.precursor.grafana.frame.FrameMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code graph}: the dependency graph as the two frames of Grafana's Node Graph panel — {@code
 * nodes} (id, title, request rate, error ratio, arcs) and {@code edges} (id, source, target, call
 * rate, error ratio). With a service, only it and its direct callers and callees.
 */
final class ServiceGraphQuery implements QueryHandler {
  @Override
  public List<Frame> run(EngineClient engine, QueryModel query, QueryWindow window) {
    ServiceGraph g = engine.services();
    List<Edge> edges = new ArrayList<>();
    Set<String> keep = new TreeSet<>();
    for (Edge e : g.edges()) {
      if (query.includes(e.from()) || query.includes(e.to())) {
        edges.add(e);
        keep.add(e.from());
        keep.add(e.to());
      }
    }
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (Node n : g.nodes()) {
      if (query.includes(n.service()) || keep.contains(n.service())) {
        nodes.put(n.service(), n);
      }
    }
    for (String s : keep) {
      nodes.putIfAbsent(s, new Node(s, 0, 0));
    }
    List<String> id = new ArrayList<>();
    List<Double> rate = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    List<Double> ok = new ArrayList<>();
    for (Node n : nodes.values()) {
      id.add(n.service());
      rate.add(n.requestRate());
      double err = clamp(n.errorRatio());
      errors.add(err);
      ok.add(1 - err);
    }
    List<String> eid = new ArrayList<>();
    List<String> source = new ArrayList<>();
    List<String> target = new ArrayList<>();
    List<Double> callRate = new ArrayList<>();
    List<Double> callErrors = new ArrayList<>();
    for (Edge e : edges) {
      eid.add(e.from() + "->" + e.to());
      source.add(e.from());
      target.add(e.to());
      callRate.add(e.callRate());
      callErrors.add(clamp(e.errorRatio()));
    }
    String executed = "GET /api/v1/services";
    Frame nodeFrame =
        new Frame(
            "nodes",
            FrameMeta.visualisation("nodeGraph", executed),
            List.of(
                Field.string("id", null, id),
                Field.string("title", null, new ArrayList<>(id)),
                Field.float64("mainstat", Map.of(), FrameMeta.config("Requests/s", "reqps"), rate),
                Field.float64(
                    "secondarystat",
                    Map.of(),
                    FrameMeta.config("Error ratio", "percentunit"),
                    errors),
                Field.float64(
                    "arc__errors", Map.of(), arc("Errors", "red"), new ArrayList<>(errors)),
                Field.float64("arc__ok", Map.of(), arc("OK", "green"), ok)));
    Frame edgeFrame =
        new Frame(
            "edges",
            FrameMeta.visualisation("nodeGraph", executed),
            List.of(
                Field.string("id", null, eid),
                Field.string("source", null, source),
                Field.string("target", null, target),
                Field.float64("mainstat", Map.of(), FrameMeta.config("Calls/s", "reqps"), callRate),
                Field.float64(
                    "secondarystat",
                    Map.of(),
                    FrameMeta.config("Error ratio", "percentunit"),
                    callErrors)));
    return List.of(nodeFrame, edgeFrame);
  }

  private static ObjectNode arc(String name, String color) {
    ObjectNode c = FrameMeta.config(name, "");
    c.putObject("color").put("mode", "fixed").put("fixedColor", color);
    return c;
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }
}
