package dev.precursor.draft;

/**
 * Writes the ticket body and the postmortem draft of a situation. The default is the deterministic
 * template drafter; LLM drafters plug in behind the same interface and fall back to the template
 * when their output fails validation. Thread-safe; never returns null; a drafter that cannot reach
 * its LLM falls back rather than throwing.
 */
public interface Drafter {
  /** The ticket body: summary, blast radius, timeline, evidence, hypotheses, similar incidents. */
  Document ticket(DraftContext context);

  /** The postmortem draft, in the shape real postmortem templates use. */
  Document postmortem(DraftContext context);
}
