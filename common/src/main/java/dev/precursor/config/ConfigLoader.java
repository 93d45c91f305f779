package dev.precursor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.precursor.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Loads {@link PrecursorConfig} from an optional YAML file plus {@code PRECURSOR_*} environment
 * overrides. Every problem (unknown key, bad value, unreadable file) is collected and reported
 * together in one {@link ConfigException}; environment variables that map to no key are returned as
 * warnings, since a shell may carry {@code PRECURSOR_ENGINE_URL} for the CLI.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  /** The loaded configuration and the warnings worth logging. */
  public record Result(PrecursorConfig config, List<String> warnings) {
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Loads the configuration.
   *
   * @param file YAML file, or null for none; a given file that does not exist is an error
   * @param env environment variables (normally {@link System#getenv()})
   * @throws ConfigException listing every problem
   */
  public static Result load(ConfigSchema schema, @Nullable Path file, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    if (file != null) {
      readYaml(schema, file, raw, sources, problems);
    }
    Map<String, ConfigKey> byEnv = new LinkedHashMap<>();
    for (ConfigKey k : schema.keys()) {
      byEnv.put(k.envName(), k);
    }
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("PRECURSOR_"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              ConfigKey k = byEnv.get(e.getKey());
              if (k == null) {
                warnings.add(
                    "environment variable "
                        + e.getKey()
                        + " matches no configuration key; ignored");
              } else {
                raw.put(k.name(), e.getValue());
                sources.put(k.name(), "env " + e.getKey());
              }
            });
    Map<String, Object> values = parse(schema, raw, sources, problems);
    checkCrossKeys(values, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Result(new PrecursorConfig(schema, values, sources), warnings);
  }

  static PrecursorConfig fromRaw(ConfigSchema schema, Map<String, String> raw) {
    List<String> problems = new ArrayList<>();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, Object> values = parse(schema, raw, sources, problems);
    checkCrossKeys(values, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PrecursorConfig(schema, values, sources);
  }

  private static void readYaml(
      ConfigSchema schema,
      Path file,
      Map<String, String> raw,
      Map<String, String> sources,
      List<String> problems) {
    if (!Files.isRegularFile(file)) {
      problems.add("configuration file " + file + " does not exist or is not a file");
      return;
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      problems.add(file + ": not valid YAML: " + firstLine(e.getMessage()));
      return;
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return; // an empty file configures nothing
    }
    if (!root.isObject()) {
      problems.add(file + ": expected a mapping of configuration keys at the top level");
      return;
    }
    flatten(schema, file, "", root, raw, sources, problems);
  }

  private static void flatten(
      ConfigSchema schema,
      Path file,
      String prefix,
      JsonNode node,
      Map<String, String> raw,
      Map<String, String> sources,
      List<String> problems) {
    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      boolean known = schema.find(key).isPresent();
      if (v.isObject() && !known) {
        boolean isSection = schema.keys().stream().anyMatch(k -> k.name().startsWith(key + "."));
        if (!isSection) {
          problems.add(file + ": unknown key '" + key + "'" + suggestion(schema, key));
          continue;
        }
        flatten(schema, file, key, v, raw, sources, problems);
        continue;
      }
      if (!known) {
        problems.add(file + ": unknown key '" + key + "'" + suggestion(schema, key));
        continue;
      }
      if (v.isNull()) {
        continue;
      }
      if (v.isArray()) {
        List<String> items = new ArrayList<>();
        v.forEach(x -> items.add(x.asText()));
        raw.put(key, String.join(",", items));
      } else if (v.isValueNode()) {
        raw.put(key, v.asText());
      } else {
        problems.add(file + ": key '" + key + "' must be a single value, not a mapping");
        continue;
      }
      sources.put(key, file.toString());
    }
  }

  private static String suggestion(ConfigSchema schema, String key) {
    String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    for (ConfigKey k : schema.keys()) {
      String kl = k.name().substring(k.name().lastIndexOf('.') + 1);
      if (kl.equals(last) || kl.replace("-", "").equals(last.replace("_", "").replace("-", ""))) {
        return " (did you mean '" + k.name() + "'?)";
      }
    }
    return "";
  }

  private static Map<String, Object> parse(
      ConfigSchema schema,
      Map<String, String> raw,
      Map<String, String> sources,
      List<String> problems) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey k : schema.keys()) {
      String given = raw.get(k.name());
      String text = given != null ? given : k.defaultValue();
      if (text == null) {
        continue;
      }
      try {
        values.put(k.name(), k.type().parse(text));
      } catch (IllegalArgumentException e) {
        String from = sources.getOrDefault(k.name(), "default");
        problems.add(k.name() + " (from " + from + "): " + e.getMessage());
      }
    }
    for (String key : raw.keySet()) {
      if (schema.find(key).isEmpty()) {
        problems.add("unknown key '" + key + "'");
      }
    }
    return values;
  }

  private static void checkCrossKeys(Map<String, Object> values, List<String> problems) {
    Object alert = values.get("prediction.alert-confidence");
    Object watch = values.get("prediction.watch-confidence");
    if (alert instanceof Double a && watch instanceof Double w && w > a) {
      problems.add(
          "prediction.watch-confidence ("
              + w
              + ") must not exceed prediction.alert-confidence ("
              + a
              + ")");
    }
    Object provider = values.get("llm.provider");
    if (provider instanceof String p
        && !List.of("none", "openai", "ollama", "anthropic").contains(p)) {
      problems.add("llm.provider: expected none, openai, ollama or anthropic, got '" + p + "'");
    }
    Object store = values.get("store.url");
    if (store instanceof String s && !s.startsWith("jdbc:")) {
      problems.add(
          "store.url: expected a JDBC URL (jdbc:h2:... or jdbc:postgresql:...), got '" + s + "'");
    }
  }

  static String render(Object v) {
    if (v instanceof Duration d) {
      return d.toString();
    }
    if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(Object::toString).toList());
    }
    return v.toString();
  }

  static String renderYaml(Object v) {
    if (v instanceof Duration d) {
      return d.toString();
    }
    if (v instanceof List<?> l) {
      return l.toString();
    }
    if (v instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    return v.toString();
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
