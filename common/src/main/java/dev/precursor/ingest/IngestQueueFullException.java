package dev.precursor.ingest;

import dev.precursor.PrecursorException;
import java.time.Duration;

/**
 * The ingest queue has no room for a batch: the sender should retry after {@link #retryAfter()}
 * (OTLP adapters answer HTTP 429 with {@code Retry-After}, gRPC RESOURCE_EXHAUSTED with RetryInfo).
 */
public final class IngestQueueFullException extends PrecursorException {
  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public IngestQueueFullException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
