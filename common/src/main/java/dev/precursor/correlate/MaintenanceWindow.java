package dev.precursor.correlate;

import dev.precursor.ConfigException;
import dev.precursor.model.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A period in which anomalies are expected and must not open situations: of one service, or of all
 * services when {@code service} is null. Written {@code [service=]START/END} with RFC 3339 or epoch
 * times, e.g. {@code checkout=2026-05-01T02:00:00Z/2026-05-01T04:00:00Z}.
 */
public record MaintenanceWindow(@Nullable String service, Instant start, Instant end) {
  public MaintenanceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("maintenance window ends before it starts");
    }
  }

  /** Whether an anomaly of {@code service} at {@code at} falls in this window. */
  public boolean covers(String service, Instant at) {
    return (this.service == null || this.service.equals(service))
        && !at.isBefore(start)
        && at.isBefore(end);
  }

  /**
   * Parses the entries of {@code correlate.maintenance-windows}.
   *
   * @throws ConfigException naming the bad entry
   */
  public static List<MaintenanceWindow> parseAll(List<String> entries) {
    List<MaintenanceWindow> out = new ArrayList<>();
    for (String raw : entries) {
      String e = raw.trim();
      if (e.isEmpty()) {
        continue;
      }
      String service = null;
      int eq = e.indexOf('=');
      if (eq > 0) {
        service = e.substring(0, eq).trim();
        e = e.substring(eq + 1).trim();
      }
      int slash = e.indexOf('/');
      if (slash < 0) {
        throw new ConfigException(
            "correlate.maintenance-windows: '"
                + raw
                + "' is not [service=]START/END (e.g. checkout=2026-05-01T02:00:00Z/2026-05-01T04:00:00Z)");
      }
      try {
        out.add(
            new MaintenanceWindow(
                service, Times.parse(e.substring(0, slash)), Times.parse(e.substring(slash + 1))));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(
            "correlate.maintenance-windows: '" + raw + "': " + ex.getMessage());
      }
    }
    return out;
  }
}
