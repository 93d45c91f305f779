package dev.precursor.grafana.frame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One column of a data frame: name, type, labels (series identity), Grafana field config, values. A
 * non-nullable field rejects null values, since Grafana reads such a column without its validity
 * bitmap.
 */
public record Field(
    String name,
    FieldType type,
    boolean nullable,
    Map<String, String> labels,
    @Nullable ObjectNode config,
    List<@Nullable Object> values) {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    values = Collections.unmodifiableList(new ArrayList<>(values));
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null) {
        if (!nullable) {
          throw new IllegalArgumentException("field '" + name + "' is not nullable, row " + i);
        }
        continue;
      }
      boolean ok =
          switch (type) {
            case TIME -> v instanceof Instant;
            case FLOAT64 -> v instanceof Double;
            case INT64 -> v instanceof Long;
            case STRING -> v instanceof String;
            case BOOL -> v instanceof Boolean;
          };
      if (!ok) {
        throw new IllegalArgumentException(
            "field '" + name + "' of type " + type + " got " + v.getClass().getSimpleName());
      }
    }
  }

  public static Field time(String name, List<Instant> values) {
    return new Field(name, FieldType.TIME, false, Map.of(), null, new ArrayList<>(values));
  }

  public static Field nullableTime(String name, List<@Nullable Instant> values) {
    return new Field(name, FieldType.TIME, true, Map.of(), null, new ArrayList<>(values));
  }

  public static Field float64(
      String name, Map<String, String> labels, @Nullable ObjectNode config, List<Double> values) {
    return new Field(name, FieldType.FLOAT64, false, labels, config, new ArrayList<>(values));
  }

  public static Field nullableFloat64(
      String name, @Nullable ObjectNode config, List<@Nullable Double> values) {
    return new Field(name, FieldType.FLOAT64, true, Map.of(), config, new ArrayList<>(values));
  }

  public static Field int64(String name, @Nullable ObjectNode config, List<Long> values) {
    return new Field(name, FieldType.INT64, false, Map.of(), config, new ArrayList<>(values));
  }

  public static Field string(String name, @Nullable ObjectNode config, List<String> values) {
    return new Field(name, FieldType.STRING, false, Map.of(), config, new ArrayList<>(values));
  }

  public static Field nullableString(
      String name, @Nullable ObjectNode config, List<@Nullable String> values) {
    return new Field(name, FieldType.STRING, true, Map.of(), config, new ArrayList<>(values));
  }

  public int length() {
    return values.size();
  }
}
