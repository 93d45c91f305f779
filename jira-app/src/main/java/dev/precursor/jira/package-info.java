/**
 * Jira connector: a {@link dev.precursor.ticket.TicketSink} (Cloud REST v3 with ADF, Data Center
 * REST v2 with wiki markup), an {@link dev.precursor.memory.IncidentSource} for {@code precursor
 * learn jira:PROJECT}, and the {@code /api/v1/webhooks/jira} handler. Talks to Jira's REST API with
 * the JDK HTTP client.
 */
@NullMarked
package dev.precursor.jira;

import org.jspecify.annotations.NullMarked;
