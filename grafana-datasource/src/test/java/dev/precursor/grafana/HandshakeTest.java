package dev.precursor.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  @Test
  void acceptsGrafanasEnvironmentAndRefusesARunByHand() {
    assertThat(
            Handshake.check(
                Map.of("grafana_plugin_type", "datasource", "PLUGIN_PROTOCOL_VERSIONS", "2")))
        .isEmpty();
    assertThat(Handshake.check(Map.of())).get().asString().contains("This binary is a plugin");
    assertThat(
            Handshake.check(
                Map.of("grafana_plugin_type", "datasource", "PLUGIN_PROTOCOL_VERSIONS", "1")))
        .get()
        .asString()
        .contains("protocol versions 1");
  }

  @Test
  void portRangeAndLine() {
    assertThat(Handshake.ports(Map.of("PLUGIN_MIN_PORT", "12000", "PLUGIN_MAX_PORT", "12010")))
        .isEqualTo(new Handshake.PortRange(12000, 12010));
    assertThat(Handshake.ports(Map.of("PLUGIN_MIN_PORT", "x")))
        .isEqualTo(new Handshake.PortRange(10000, 25000));
    assertThat(Handshake.line(12345)).isEqualTo("1|2|tcp|127.0.0.1:12345|grpc");
  }

  @Test
  void logLinesAreHclogJson() throws Exception {
    LogRecord r = new LogRecord(Level.WARNING, "engine slow: {0}");
    r.setParameters(new Object[] {"3 s"});
    r.setLoggerName("dev.precursor.grafana.DataService");
    r.setThrown(new IllegalStateException("boom"));
    String line = new HclogFormatter().format(r);
    assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n{");
    JsonNode n = new ObjectMapper().readTree(line);
    assertThat(n.get("@level").asText()).isEqualTo("warn");
    assertThat(n.get("@message").asText()).isEqualTo("engine slow: 3 s");
    assertThat(n.get("@module").asText()).isEqualTo("DataService");
    assertThat(n.get("@timestamp").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(n.get("error").asText()).contains("boom");
    assertThat(HclogFormatter.parse("debug")).isEqualTo(Level.FINE);
    assertThat(HclogFormatter.level(Level.SEVERE)).isEqualTo("error");
  }
}
