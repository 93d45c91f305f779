package dev.precursor.grafana;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Formats log records as the JSON lines Grafana reads from a plugin's stderr (hclog): {@code
 * @level}, {@code @message}, {@code @timestamp}, {@code @module}, plus {@code error} for a
 * throwable. Grafana re-logs each line at its level; plain lines would only show at debug.
 */
final class HclogFormatter extends Formatter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  @Override
  public String format(LogRecord r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("@level", level(r.getLevel()));
    n.put("@message", formatMessage(r));
    n.put("@timestamp", TS.format(Instant.ofEpochMilli(r.getMillis())));
    String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
    n.put("@module", logger.substring(logger.lastIndexOf('.') + 1));
    if (r.getThrown() != null) {
      StringWriter sw = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(sw));
      n.put("error", sw.toString());
    }
    try {
      return MAPPER.writeValueAsString(n) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      return "[ERROR] log record not serialisable: " + r.getMessage() + System.lineSeparator();
    }
  }

  static String level(Level l) {
    int v = l.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "error";
    }
    if (v >= Level.WARNING.intValue()) {
      return "warn";
    }
    if (v >= Level.INFO.intValue()) {
      return "info";
    }
    if (v >= Level.FINE.intValue()) {
      return "debug";
    }
    return "trace";
  }

  /** Parses Grafana's level names (trace, debug, info, warn, error); INFO when unknown. */
  static Level parse(String s) {
    return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "trace" -> Level.FINEST;
      case "debug" -> Level.FINE;
      case "warn", "warning" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }
}
