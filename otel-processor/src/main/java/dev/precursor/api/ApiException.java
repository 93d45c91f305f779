package dev.precursor.api;

import dev.precursor.PrecursorException;

/** An HTTP error with the status and the {@code {"error","detail"}} body the API answers. */
public final class ApiException extends PrecursorException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String detail;

  public ApiException(int status, String error, String detail) {
    super(error);
    this.status = status;
    this.detail = detail;
  }

  public static ApiException badRequest(String error, String detail) {
    return new ApiException(400, error, detail);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not found", what);
  }

  public int status() {
    return status;
  }

  public String detail() {
    return detail;
  }
}
