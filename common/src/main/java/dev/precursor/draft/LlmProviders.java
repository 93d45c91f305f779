package dev.precursor.draft;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.precursor.ConfigException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.config.PrecursorConfig.LlmConfig;
import java.util.List;

/**
 * Builds the LangChain4j chat model of {@code llm.provider}: {@code openai} (any OpenAI-compatible
 * endpoint via {@code llm.base-url}: OpenAI, vLLM, LM Studio, Ollama's {@code /v1}), {@code
 * anthropic}, {@code ollama} (native API). LangChain4j's own retries are off: {@link LlmDrafter}
 * retries 429/5xx itself with {@code llm.max-retries} and {@code llm.retry-backoff}.
 */
public final class LlmProviders {
  /** The values {@code llm.provider} accepts. */
  public static final List<String> PROVIDERS = List.of("none", "openai", "anthropic", "ollama");

  private LlmProviders() {}

  /**
   * @throws ConfigException naming the key when the provider is unknown or a required key is unset
   */
  public static ChatModel create(PrecursorConfig config) {
    LlmConfig llm = config.llm();
    String model = llm.model();
    if (model == null || model.isBlank()) {
      throw new ConfigException(
          "llm.model: required when llm.provider="
              + llm.provider()
              + " (e.g. gpt-4o-mini,"
              + " claude-3-5-haiku-latest, llama3.1)");
    }
    int maxOut = config.integer("llm.max-output-tokens");
    switch (llm.provider()) {
      case "openai":
        return OpenAiChatModel.builder()
            .baseUrl(llm.baseUrl() == null ? "https://api.openai.com/v1" : llm.baseUrl())
            // local OpenAI-compatible servers need no key, the client needs a value
            .apiKey(llm.apiKey() == null ? "none" : llm.apiKey())
            .modelName(model)
            .timeout(llm.timeout())
            .maxRetries(0)
            .maxTokens(maxOut)
            .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
            .strictJsonSchema(true)
            .build();
      case "anthropic":
        if (llm.apiKey() == null) {
          throw new ConfigException("llm.api-key: required when llm.provider=anthropic");
        }
        AnthropicChatModel.AnthropicChatModelBuilder a =
            AnthropicChatModel.builder()
                .apiKey(llm.apiKey())
                .modelName(model)
                .timeout(llm.timeout())
                .maxRetries(0)
                .maxTokens(maxOut);
        if (llm.baseUrl() != null) {
          a.baseUrl(llm.baseUrl());
        }
        return a.build();
      case "ollama":
        OllamaChatModel.OllamaChatModelBuilder o = OllamaChatModel.builder().maxRetries(0);
        o.baseUrl(llm.baseUrl() == null ? "http://localhost:11434" : llm.baseUrl())
            .modelName(model)
            .timeout(llm.timeout())
            .numPredict(maxOut)
            .responseFormat(ResponseFormat.JSON);
        return o.build();
      default:
        throw new ConfigException(
            "llm.provider: expected one of "
                + String.join(", ", PROVIDERS)
                + ", got '"
                + llm.provider()
                + "'");
    }
  }
}
