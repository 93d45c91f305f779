package dev.precursor.api;

import dev.precursor.detect.SeriesScorer;
import dev.precursor.model.SeriesKey;
import dev.precursor.server.Engine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/scores?service&metric&from&to}: the anomaly-score series of the scorer's
 * recent history. Each item is one series {@code {series, service, metric, attributes, points:
 * [{at, value, score}]}}; {@code metric} matches exactly, or as a prefix when it ends with {@code
 * *}. Series are ordered by id and paged with {@code limit}/{@code cursor}; series without points
 * in the range are left out.
 */
public final class ScoresApi implements ApiModule {
  private static final Instant END_OF_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);
  private final Engine engine;

  public ScoresApi(Engine engine) {
    this.engine = engine;
  }

  @Override
  public void routes(RoutesConfig r) {
    r.get("/api/v1/scores", this::scores);
  }

  /** One point of a score series. */
  public record Point(Instant at, double value, double score) {}

  /** One series and its points. */
  public record Series(
      String series,
      String service,
      String metric,
      Map<String, String> attributes,
      List<Point> points) {}

  private void scores(Context ctx) {
    Instant from = Params.time(ctx, "from");
    Instant to = Params.time(ctx, "to");
    Params.checkRange(from, to);
    String service = Params.string(ctx, "service");
    String metric = Params.string(ctx, "metric");
    String cursor = Params.string(ctx, "cursor");
    int limit = Params.limit(ctx);
    SeriesScorer scorer = engine.scorer();
    List<SeriesKey> keys = new ArrayList<>(scorer.series());
    keys.sort(Comparator.comparing(SeriesKey::id));
    List<Series> items = new ArrayList<>();
    String next = null;
    for (SeriesKey k : keys) {
      if ((service != null && !k.service().equals(service))
          || (metric != null && !matches(metric, k.metric()))
          || (cursor != null && k.id().compareTo(cursor) <= 0)) {
        continue;
      }
      List<SeriesScorer.ScorePoint> pts =
          scorer.scores(k, from == null ? Instant.EPOCH : from, to == null ? END_OF_TIME : to);
      if (pts.isEmpty()) {
        continue;
      }
      if (items.size() == limit) {
        next = items.get(items.size() - 1).series();
        break;
      }
      List<Point> points = new ArrayList<>(pts.size());
      for (SeriesScorer.ScorePoint p : pts) {
        points.add(new Point(Instant.ofEpochMilli(p.epochMillis()), p.value(), p.score()));
      }
      items.add(new Series(k.id(), k.service(), k.metric(), k.attributes(), points));
    }
    Map<String, Object> body = new LinkedHashMap<>(Params.page(items, next));
    ctx.json(body);
  }

  private static boolean matches(String pattern, String metric) {
    return pattern.endsWith("*")
        ? metric.startsWith(pattern.substring(0, pattern.length() - 1))
        : metric.equals(pattern);
  }
}
