package dev.precursor.memory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A past incident as a ticketing system holds it (a resolved Jira issue, a closed ServiceNow
 * incident): the raw text that incident memory decomposes like a postmortem. {@code body} holds the
 * description, comments / work notes and close notes as plain text.
 */
public record PastTicket(
    String source,
    String key,
    String title,
    String body,
    @Nullable Instant openedAt,
    @Nullable Instant resolvedAt,
    List<String> labels,
    @Nullable String url) {
  public PastTicket {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(key, "key");
    labels = List.copyOf(labels);
  }
}
