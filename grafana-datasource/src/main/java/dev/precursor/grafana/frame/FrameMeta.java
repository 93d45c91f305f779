package dev.precursor.grafana.frame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builders for the {@code meta} and field {@code config} JSON Grafana expects; keys and JSON types
 * as Grafana's Go decoder reads them strictly (e.g. {@code typeVersion} is an array of two
 * integers).
 */
public final class FrameMeta {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private FrameMeta() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A typed frame of the dataplane contract, e.g. {@code timeseries-multi}, version 0.1. */
  public static ObjectNode typed(String type, String executedQuery) {
    ObjectNode m = object();
    m.put("type", type);
    ArrayNode v = m.putArray("typeVersion");
    v.add(0).add(1);
    m.put("executedQueryString", executedQuery);
    return m;
  }

  /** An untyped frame with a visualisation hint ({@code table}, {@code nodeGraph}, ...). */
  public static ObjectNode visualisation(String preferred, String executedQuery) {
    ObjectNode m = object();
    m.put("preferredVisualisationType", preferred);
    m.put("executedQueryString", executedQuery);
    return m;
  }

  /** Adds a notice banner ({@code info}, {@code warning} or {@code error}) to a meta object. */
  public static ObjectNode notice(ObjectNode meta, String severity, String text) {
    ArrayNode notices =
        meta.has("notices") ? (ArrayNode) meta.get("notices") : meta.putArray("notices");
    notices.addObject().put("severity", severity).put("text", text);
    return meta;
  }

  /** Field config with a display name and optional unit. */
  public static ObjectNode config(String displayName, String unit) {
    ObjectNode c = object();
    c.put("displayNameFromDS", displayName);
    if (!unit.isEmpty()) {
      c.put("unit", unit);
    }
    return c;
  }
}
