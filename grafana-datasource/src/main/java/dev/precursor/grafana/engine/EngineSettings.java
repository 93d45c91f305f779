package dev.precursor.grafana.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A data source's settings: the engine base URL ({@code jsonData.url}, else the data source's URL
 * field) and the optional API token ({@code secureJsonData.token}).
 */
public record EngineSettings(URI url, @Nullable String token) {

  /** Parses a data source's settings; a missing or malformed URL fails with what to fix. */
  public static EngineSettings parse(
      byte[] jsonData, String fallbackUrl, Map<String, String> secureJsonData) {
    String url = null;
    if (jsonData.length > 0) {
      JsonNode json;
      try {
        json = new ObjectMapper().readTree(jsonData);
      } catch (JsonProcessingException e) {
        throw new SettingsException("jsonData is not valid JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new SettingsException("jsonData cannot be read: " + e.getMessage());
      }
      if (json != null && json.hasNonNull("url")) {
        url = json.get("url").asText().trim();
      }
    }
    if ((url == null || url.isEmpty()) && !fallbackUrl.isBlank()) {
      url = fallbackUrl.trim();
    }
    if (url == null || url.isEmpty()) {
      throw new SettingsException(
          "no engine URL: set 'URL' on the data source page (jsonData.url), e.g."
              + " http://precursor:8470");
    }
    URI uri;
    try {
      uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (URISyntaxException e) {
      throw new SettingsException("jsonData.url '" + url + "' is not a URL: " + e.getReason());
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new SettingsException(
          "jsonData.url '" + url + "' must be an absolute http:// or https:// URL with a host");
    }
    String token = secureJsonData.get("token");
    return new EngineSettings(uri, token == null || token.isBlank() ? null : token.trim());
  }

  /** Settings that cannot be used; the message names the setting and the fix. */
  public static final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
      super(message);
    }
  }
}
