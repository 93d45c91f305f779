package dev.precursor.detect;

import dev.precursor.model.SeriesKey;
import java.util.Locale;

/**
 * Limits learned from the metric kind, for the trend-to-limit forecaster: OpenTelemetry {@code
 * *.utilization} metrics (memory, filesystem, CPU, pools) are ratios with a hard limit of 1.0, and
 * metrics named as percentages ({@code percent}, {@code pct}, {@code _percentage}) have a limit of
 * 100. Other limits (memory limit in bytes, pool max) are set explicitly with {@link
 * StreamingSeriesScorer#setLimit}.
 */
public final class Limits {
  private Limits() {}

  /** The limit implied by the metric name, or NaN when none is known. */
  public static double inferred(SeriesKey key) {
    String m = key.metric().toLowerCase(Locale.ROOT);
    if (m.endsWith("utilization") || m.endsWith(".ratio") || m.endsWith("_ratio")) {
      return 1.0;
    }
    if (m.contains("percent") || m.endsWith("_pct") || m.endsWith(".pct")) {
      return 100.0;
    }
    return Double.NaN;
  }
}
