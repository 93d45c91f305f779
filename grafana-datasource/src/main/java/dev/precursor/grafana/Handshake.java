package dev.precursor.grafana;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * HashiCorp go-plugin's handshake as Grafana runs it: the magic cookie and protocol versions in the
 * environment, and the one line announcing the gRPC address on stdout.
 */
final class Handshake {
  static final String COOKIE_KEY = "grafana_plugin_type";
  static final String COOKIE_VALUE = "datasource";
  static final int CORE_PROTOCOL = 1;
  static final int APP_PROTOCOL = 2;
  static final int DEFAULT_MIN_PORT = 10000;
  static final int DEFAULT_MAX_PORT = 25000;

  private Handshake() {}

  /** A port range to bind in; {@code min == 0} means "any free port". */
  record PortRange(int min, int max) {}

  /**
   * Checks the environment Grafana sets; empty when fine, else a message for stderr (like go-plugin
   * prints when started by hand).
   */
  static Optional<String> check(Map<String, String> env) {
    if (!COOKIE_VALUE.equals(env.get(COOKIE_KEY))) {
      return Optional.of(
          "This binary is a plugin. These are not meant to be executed directly.\n"
              + "Please execute the program that consumes these plugins (Grafana), which will\n"
              + "load any plugins automatically. (environment variable "
              + COOKIE_KEY
              + "="
              + COOKIE_VALUE
              + " is missing)");
    }
    String versions = env.get("PLUGIN_PROTOCOL_VERSIONS");
    if (versions != null
        && !versions.isBlank()
        && Arrays.stream(versions.split(","))
            .map(String::trim)
            .noneMatch(v -> v.equals(Integer.toString(APP_PROTOCOL)))) {
      return Optional.of(
          "Grafana offers plugin protocol versions "
              + versions
              + " but this plugin speaks version "
              + APP_PROTOCOL
              + "; use a Grafana version that supports backend plugin protocol v2");
    }
    return Optional.empty();
  }

  /** PLUGIN_MIN_PORT..PLUGIN_MAX_PORT (go-plugin's defaults when unset or malformed). */
  static PortRange ports(Map<String, String> env) {
    int min = intOr(env.get("PLUGIN_MIN_PORT"), DEFAULT_MIN_PORT);
    int max = intOr(env.get("PLUGIN_MAX_PORT"), DEFAULT_MAX_PORT);
    if (min < 0 || max > 65535 || min > max) {
      return new PortRange(DEFAULT_MIN_PORT, DEFAULT_MAX_PORT);
    }
    return new PortRange(min, max);
  }

  /** {@code 1|2|tcp|127.0.0.1:PORT|grpc} */
  static String line(int port) {
    return CORE_PROTOCOL + "|" + APP_PROTOCOL + "|tcp|127.0.0.1:" + port + "|grpc";
  }

  private static int intOr(String s, int dflt) {
    if (s == null || s.isBlank()) {
      return dflt;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
