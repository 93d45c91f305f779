package dev.precursor.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened to a batch: how many items were accepted and rejected, and why (an English message,
 * empty when nothing was rejected). Adapters turn it into OTLP {@code partial_success}.
 */
public record IngestResult(long accepted, long rejected, String message) {
  public static IngestResult accepted(long n) {
    return new IngestResult(n, 0, "");
  }

  /** Adds the adapter's own rejections (invalid items it never handed on) to this result. */
  public IngestResult plusRejected(long n, String reason) {
    if (n == 0) {
      return this;
    }
    List<String> parts = new ArrayList<>();
    if (!reason.isEmpty()) {
      parts.add(reason);
    }
    if (!message.isEmpty()) {
      parts.add(message);
    }
    return new IngestResult(accepted, rejected + n, String.join("; ", parts));
  }
}
