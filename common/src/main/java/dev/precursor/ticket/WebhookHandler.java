package dev.precursor.ticket;

import java.util.Map;

/**
 * Handles an inbound webhook from a ticketing system ({@code POST /api/v1/webhooks/<name>}); found
 * through {@link java.util.ServiceLoader} via {@link WebhookHandlerProvider}. Authenticates the
 * call itself (shared secret), since webhooks cannot send the API's bearer token.
 */
public interface WebhookHandler {
  /** Path segment: {@code jira} serves {@code /api/v1/webhooks/jira}. */
  String name();

  /**
   * Handles one delivery.
   *
   * @param headers request headers, lower-cased names
   * @param query query parameters (first value each)
   * @return the HTTP status to answer with and a short JSON-able message
   */
  Response handle(Map<String, String> headers, Map<String, String> query, String body);

  /** What to answer. */
  record Response(int status, String message) {}
}
