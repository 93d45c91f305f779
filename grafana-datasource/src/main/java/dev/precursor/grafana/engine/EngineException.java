package dev.precursor.grafana.engine;

/**
 * A failed call to the engine, or an answer the plugin cannot use. {@link #status()} is the
 * HTTP-like status the failed query reports to Grafana; the message says what to fix.
 */
public final class EngineException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public EngineException(int status, String message) {
    super(message);
    this.status = status;
  }

  public EngineException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
