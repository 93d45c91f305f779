package dev.precursor.memory;

import java.util.function.Consumer;

/**
 * A system holding past incidents ({@code precursor learn jira:PROJECT}, {@code learn
 * servicenow:incident}). Implementations page through the remote system and hand each ticket to the
 * consumer as it arrives, so imports of thousands of tickets run in constant memory.
 */
public interface IncidentSource extends AutoCloseable {
  /** The scheme of the learn argument: {@code jira}, {@code servicenow}. */
  String scheme();

  /**
   * Fetches the past incidents selected by {@code query} (the text after the scheme's colon: a Jira
   * project key with optional JQL, a ServiceNow table with optional encoded query).
   *
   * @return the number of tickets delivered
   * @throws dev.precursor.DownstreamException when the remote system fails for good
   * @throws IllegalArgumentException when the query is malformed
   */
  long fetch(String query, Consumer<PastTicket> sink);

  @Override
  default void close() {}
}
