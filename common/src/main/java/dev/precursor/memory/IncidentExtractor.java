package dev.precursor.memory;

import dev.precursor.config.PrecursorConfig;

/**
 * Decomposes a postmortem or past ticket into a structured {@link Incident}. Two implementations:
 * the {@link DeterministicExtractor} (headings, timestamps, a failure-family vocabulary; no LLM)
 * and the {@link LlmExtractor} (LangChain4j structured output against a JSON schema), chosen by
 * {@code llm.provider}. Implementations are thread-safe.
 */
public interface IncidentExtractor {
  /** {@code deterministic} or {@code llm}; recorded in {@link Incident#extractor()}. */
  String name();

  /**
   * The incident the document describes; {@code id} is left empty for the memory to assign, {@code
   * source} is the document's.
   *
   * @throws dev.precursor.InvalidTelemetryException when the document is not a usable postmortem
   *     (malformed JSON, no title), naming what is wrong
   */
  Incident extract(SourceDocument document);

  /** The deterministic extractor. */
  static IncidentExtractor deterministic() {
    return new DeterministicExtractor();
  }

  /**
   * The extractor the configuration asks for: the LLM extractor when {@code llm.provider} is {@code
   * openai} or {@code ollama} (falling back to the deterministic one when a call fails), else the
   * deterministic one (a provider without JSON-schema structured output is logged and not used for
   * extraction).
   *
   * @throws dev.precursor.ConfigException when the LLM settings are incomplete
   */
  static IncidentExtractor create(PrecursorConfig config) {
    String provider = config.llm().provider();
    if (!config.llm().isEnabled()) {
      return deterministic();
    }
    if (!ChatModels.supports(provider)) {
      java.util.logging.Logger.getLogger(IncidentExtractor.class.getName())
          .warning(
              "llm.provider="
                  + provider
                  + ": incident extraction needs an OpenAI-compatible endpoint (openai, ollama);"
                  + " using the deterministic extractor");
      return deterministic();
    }
    return new LlmExtractor(ChatModels.create(config.llm()), deterministic());
  }
}
