package dev.precursor.ingest;

/**
 * One log record: event time ({@code time_unix_nano}, else the observed time), OTLP severity number
 * (0 unspecified, 17+ error or worse) and the body as text.
 */
public record LogEntry(Resource resource, long timeNanos, int severity, String body) {
  /** The lowest OTLP severity number that counts as an error (ERROR = 17..20, FATAL = 21..24). */
  public static final int ERROR_SEVERITY = 17;

  public boolean isError() {
    return severity >= ERROR_SEVERITY;
  }
}
