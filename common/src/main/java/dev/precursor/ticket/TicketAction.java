package dev.precursor.ticket;

import java.util.Locale;

/** What the outbox delivers to a sink. */
public enum TicketAction {
  /** File the ticket (or find / reopen the existing one). */
  OPEN,
  /** Add a comment describing a material change. */
  COMMENT,
  /** Recovery: closing comment, resolve transition, postmortem attached. */
  RESOLVE,
  /** A human resolved the ticket: attach the postmortem draft only. */
  POSTMORTEM;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TicketAction parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
