package dev.precursor;

/**
 * A system we call (Jira, ServiceNow, an LLM, a peer engine) failed. Carries the service, the HTTP
 * status (0 when there was no response) and whether a retry may succeed.
 */
public class DownstreamException extends PrecursorException {
  private static final long serialVersionUID = 1L;
  private final String service;
  private final int status;
  private final boolean retryable;

  public DownstreamException(String service, int status, boolean retryable, String message) {
    super(service + ": " + message);
    this.service = service;
    this.status = status;
    this.retryable = retryable;
  }

  public DownstreamException(
      String service, int status, boolean retryable, String message, Throwable cause) {
    super(service + ": " + message, cause);
    this.service = service;
    this.status = status;
    this.retryable = retryable;
  }

  public String service() {
    return service;
  }

  /** HTTP status of the failed call, 0 when no response arrived (timeout, refused). */
  public int status() {
    return status;
  }

  public boolean isRetryable() {
    return retryable;
  }
}
