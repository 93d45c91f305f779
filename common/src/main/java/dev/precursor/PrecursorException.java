package dev.precursor;

/** Root of every unchecked exception Precursor throws; subclasses name the cause. */
public class PrecursorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PrecursorException(String message) {
    super(message);
  }

  public PrecursorException(String message, Throwable cause) {
    super(message, cause);
  }
}
