package dev.precursor.grafana;

import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.engine.EngineSettings;
import dev.precursor.grafana.pluginv2.DataSourceInstanceSettings;
import dev.precursor.grafana.pluginv2.PluginContext;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link EngineClient} per data source, keyed by uid and rebuilt when Grafana reports newer
 * settings ({@code lastUpdatedMS}), as Grafana's Go SDK does. Thread-safe.
 */
final class DataSources {
  private record Entry(long lastUpdatedMs, EngineClient client) {}

  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final String userAgent;

  DataSources(HttpClient http, String userAgent) {
    this.http = http;
    this.userAgent = userAgent;
  }

  /**
   * @throws EngineSettings.SettingsException when the data source's settings are unusable
   */
  EngineClient client(PluginContext ctx) {
    DataSourceInstanceSettings s = ctx.getDataSourceInstanceSettings();
    String key = s.getUid().isEmpty() ? "id:" + s.getId() : s.getUid();
    Entry e = cache.get(key);
    if (e != null && e.lastUpdatedMs() == s.getLastUpdatedMS()) {
      return e.client();
    }
    EngineSettings settings =
        EngineSettings.parse(
            s.getJsonData().toByteArray(), s.getUrl(), s.getDecryptedSecureJsonDataMap());
    EngineClient client = new EngineClient(http, settings, userAgent);
    cache.put(key, new Entry(s.getLastUpdatedMS(), client));
    return client;
  }
}
