package dev.precursor.memory;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.precursor.ConfigException;
import dev.precursor.config.PrecursorConfig.LlmConfig;

/**
 * The LangChain4j chat model for {@code llm.*}: {@code openai} (any OpenAI-compatible endpoint,
 * JSON-schema structured output) and {@code ollama} through Ollama's OpenAI-compatible {@code /v1}
 * API.
 */
final class ChatModels {
  private ChatModels() {}

  static boolean supports(String provider) {
    return provider.equals("openai") || provider.equals("ollama");
  }

  static ChatModel create(LlmConfig llm) {
    String provider = llm.provider();
    String baseUrl = llm.baseUrl();
    String model = llm.model();
    switch (provider) {
      case "openai" -> {
        if (baseUrl == null) {
          baseUrl = "https://api.openai.com/v1";
        }
        if (llm.apiKey() == null) {
          throw new ConfigException("llm.provider=openai needs llm.api-key");
        }
      }
      case "ollama" -> {
        if (baseUrl == null) {
          baseUrl = "http://localhost:11434";
        }
        if (!baseUrl.replaceAll("/+$", "").endsWith("/v1")) {
          baseUrl = baseUrl.replaceAll("/+$", "") + "/v1";
        }
      }
      default ->
          throw new ConfigException(
              "llm.provider="
                  + provider
                  + ": incident extraction supports 'openai' (any OpenAI-compatible endpoint) and"
                  + " 'ollama'; set llm.provider to one of them, or to 'none' for the"
                  + " deterministic extractor");
    }
    if (model == null) {
      throw new ConfigException("llm.provider=" + provider + " needs llm.model");
    }
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey(llm.apiKey() == null ? "none" : llm.apiKey())
        .modelName(model)
        .timeout(llm.timeout())
        .temperature(0.0)
        .maxRetries(1)
        .strictJsonSchema(true)
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .build();
  }
}
