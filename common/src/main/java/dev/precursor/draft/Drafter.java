package dev.precursor.draft;

import dev.precursor.config.PrecursorConfig;
import java.util.Locale;

/**
 * Writes the ticket body and the postmortem draft of a situation. The default is the deterministic
 * {@link TemplateDrafter}; the {@link LlmDrafter} plugs in behind the same interface and falls back
 * to the template when its output fails validation. Thread-safe; never returns null; a drafter that
 * cannot reach its LLM falls back rather than throwing.
 */
public interface Drafter {
  /** The ticket body: summary, blast radius, timeline, evidence, hypotheses, similar incidents. */
  Document ticket(DraftContext context);

  /** The postmortem draft, in the shape real postmortem templates use. */
  Document postmortem(DraftContext context);

  /** The deterministic template drafter. */
  static Drafter template() {
    return new TemplateDrafter();
  }

  /**
   * The drafter {@code llm.provider} selects: the template drafter for {@code none}, else an LLM
   * drafter on that provider (with {@code llm.redact}, {@code llm.timeout}, {@code
   * llm.max-retries}, {@code llm.retry-backoff} and the token budgets).
   *
   * @throws dev.precursor.ConfigException when the provider is unknown or a required key is unset
   */
  static Drafter create(PrecursorConfig config) {
    PrecursorConfig.LlmConfig llm = config.llm();
    if (llm.provider().trim().toLowerCase(Locale.ROOT).equals("none")) {
      return new TemplateDrafter();
    }
    return new LlmDrafter(
        LlmProviders.create(config),
        llm.provider() + "/" + llm.model(),
        new LlmDrafter.Options(
            llm.redact(),
            config.integer("llm.max-retries"),
            config.duration("llm.retry-backoff"),
            config.integer("llm.max-input-tokens"),
            config.integer("llm.max-output-tokens")));
  }
}
