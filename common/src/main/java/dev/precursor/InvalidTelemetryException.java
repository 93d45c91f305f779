package dev.precursor;

/** Input data (telemetry, CSV, API body) is malformed; the message names what and where. */
public class InvalidTelemetryException extends PrecursorException {
  private static final long serialVersionUID = 1L;

  public InvalidTelemetryException(String message) {
    super(message);
  }

  public InvalidTelemetryException(String message, Throwable cause) {
    super(message, cause);
  }
}
