package dev.precursor.grafana.query;

/** A query the plugin cannot run as written (status 400, error source {@code plugin}). */
public final class BadQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadQueryException(String message) {
    super(message);
  }
}
