package dev.precursor.api;

import dev.precursor.model.Times;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Query-parameter parsing shared by the API modules; bad values become 400s naming the parameter.
 */
public final class Params {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private Params() {}

  /** An optional event-time parameter: RFC 3339 or epoch milliseconds. */
  public static @Nullable Instant time(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Times.parse(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid query parameter '" + name + "'", e.getMessage());
    }
  }

  public static @Nullable String string(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** {@code limit}, default 100, at most 1000. */
  public static int limit(Context ctx) {
    String v = ctx.queryParam("limit");
    if (v == null || v.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1 || n > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid query parameter 'limit'",
          "expected an integer 1-" + MAX_LIMIT + ", got '" + v + "'");
    }
  }

  /** The list envelope every list endpoint answers: {@code {"items": [...], "nextCursor": ...}}. */
  public static Map<String, Object> page(List<?> items, @Nullable String nextCursor) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", items);
    m.put("nextCursor", nextCursor);
    return m;
  }

  /** Rejects a from/to pair where from is after to. */
  public static void checkRange(@Nullable Instant from, @Nullable Instant to) {
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badRequest(
          "invalid time range", "'from' (" + from + ") is after 'to' (" + to + ")");
    }
  }
}
