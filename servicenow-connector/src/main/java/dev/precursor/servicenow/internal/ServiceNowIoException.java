package dev.precursor.servicenow.internal;

import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A failure raised inside the OkHttp chain (interceptors may only throw {@link IOException}) that
 * carries what {@link ServiceNowClient} needs to turn it into a {@link
 * dev.precursor.DownstreamException}: the HTTP status (0 for none) and whether a retry may help.
 */
public final class ServiceNowIoException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean retryable;
  private final transient @Nullable Instant retryAt;

  public ServiceNowIoException(
      int status, boolean retryable, @Nullable Instant retryAt, String message) {
    super(message);
    this.status = status;
    this.retryable = retryable;
    this.retryAt = retryAt;
  }

  public int status() {
    return status;
  }

  public boolean isRetryable() {
    return retryable;
  }

  /** When a retry may succeed (rate-limit cool-down), if known. */
  public @Nullable Instant retryAt() {
    return retryAt;
  }
}
