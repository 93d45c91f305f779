package dev.precursor.jira;

import dev.precursor.ConfigException;
import dev.precursor.config.PrecursorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The Jira connector's settings, checked once: every problem is reported together. {@code token} is
 * a secret: {@link #toString()} masks it.
 *
 * @param cloud REST v3 with ADF (Jira Cloud) when true; REST v2 with wiki markup (Data Center)
 * @param priorities score threshold → priority name, highest first
 */
public record JiraConfig(
    URI url,
    @Nullable String user,
    String token,
    String project,
    String issueType,
    boolean cloud,
    @Nullable String resolveTransition,
    @Nullable String resolution,
    String reopenTransition,
    Duration reopenWindow,
    List<String> wontDoResolutions,
    TreeMap<Double, String> priorities,
    Map<String, String> components,
    Map<String, String> customFields,
    List<String> labels,
    @Nullable String webhookSecret,
    @Nullable String accountId,
    double rateLimit,
    Duration timeout) {

  public JiraConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(token, "token");
    wontDoResolutions = List.copyOf(wontDoResolutions);
    priorities = new TreeMap<>(priorities);
    components = Map.copyOf(components);
    customFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    labels = List.copyOf(labels);
  }

  /** The REST API version in paths: {@code 3} (Cloud) or {@code 2} (Data Center). */
  public int apiVersion() {
    return cloud ? 3 : 2;
  }

  /**
   * Reads the {@code jira.*} keys.
   *
   * @throws ConfigException listing every problem
   */
  public static JiraConfig from(PrecursorConfig c) {
    List<String> problems = new ArrayList<>();
    String rawUrl = c.string("jira.url").orElse("");
    URI url = null;
    try {
      url = URI.create(rawUrl.endsWith("/") ? rawUrl.substring(0, rawUrl.length() - 1) : rawUrl);
      if (url.getScheme() == null
          || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
          || url.getHost() == null) {
        problems.add(
            "jira.url: expected an http(s) URL such as https://example.atlassian.net, got '"
                + rawUrl
                + "'");
      }
    } catch (IllegalArgumentException e) {
      problems.add("jira.url: not a URL: '" + rawUrl + "'");
    }
    String token = c.string("jira.token").orElse(null);
    if (token == null || token.isBlank()) {
      problems.add(
          "jira.token: required (Cloud: an API token with jira.user = your account e-mail;"
              + " Data Center: a personal access token, jira.user unset)");
    }
    String project = c.string("jira.project").orElse(null);
    if (project == null || project.isBlank()) {
      problems.add(
          "jira.project: required (the key of the project tickets are filed in, e.g. OPS)");
    }
    String version = c.string("jira.api-version").orElse("3").trim();
    boolean cloud = true;
    if (version.equals("2")) {
      cloud = false;
    } else if (!version.equals("3")) {
      problems.add(
          "jira.api-version: expected 3 (Jira Cloud, ADF) or 2 (Data Center, wiki markup), got '"
              + version
              + "'");
    }
    String user = c.string("jira.user").filter(s -> !s.isBlank()).orElse(null);
    TreeMap<Double, String> priorities = new TreeMap<>(java.util.Comparator.reverseOrder());
    for (String pair : c.list("jira.priority-mapping")) {
      int eq = pair.indexOf('=');
      try {
        if (eq < 1) {
          throw new NumberFormatException();
        }
        priorities.put(
            Double.parseDouble(pair.substring(0, eq).trim()), pair.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        problems.add(
            "jira.priority-mapping: expected score=Priority such as 0.95=Highest, got '"
                + pair
                + "'");
      }
    }
    Map<String, String> components = new LinkedHashMap<>();
    for (String pair : c.list("jira.component-mapping")) {
      int eq = pair.indexOf('=');
      if (eq < 1 || eq == pair.length() - 1) {
        problems.add("jira.component-mapping: expected service=Component, got '" + pair + "'");
      } else {
        components.put(
            pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
      }
    }
    Map<String, String> custom = new LinkedHashMap<>();
    for (String part : c.string("jira.custom-fields").orElse("").split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      String id = eq < 0 ? part.trim() : part.substring(0, eq).trim();
      if (eq < 1 || !id.matches("customfield_\\d+|[A-Za-z][A-Za-z0-9_]*")) {
        problems.add(
            "jira.custom-fields: expected customfield_ID=value entries separated by ';', got '"
                + part.trim()
                + "'");
      } else {
        custom.put(id, part.substring(eq + 1).trim());
      }
    }
    List<String> labels = new ArrayList<>();
    for (String l : c.list("jira.labels")) {
      labels.add(l.trim().replaceAll("\\s+", "-"));
    }
    double rate = c.number("jira.rate-limit");
    if (!(rate > 0)) {
      problems.add(
          "jira.rate-limit: expected a positive number of requests per second, got " + rate);
    }
    String resolve = c.string("jira.resolve-transition").orElse(null);
    if (resolve != null && (resolve.isBlank() || resolve.equalsIgnoreCase("none"))) {
      resolve = null;
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new JiraConfig(
        url,
        user,
        token,
        project.trim(),
        c.string("jira.issue-type").orElse("Bug"),
        cloud,
        resolve,
        c.string("jira.resolution").filter(s -> !s.isBlank()).orElse(null),
        c.string("jira.reopen-transition").orElse("Reopen"),
        c.duration("jira.reopen-window"),
        c.list("jira.wont-do-resolutions"),
        priorities,
        components,
        custom,
        labels,
        c.string("jira.webhook-secret").filter(s -> !s.isBlank()).orElse(null),
        c.string("jira.account-id").filter(s -> !s.isBlank()).orElse(null),
        rate,
        c.duration("jira.timeout"));
  }

  /** Whether a resolution name means "not an incident". */
  public boolean isWontDo(@Nullable String resolutionName) {
    return resolutionName != null
        && wontDoResolutions.stream().anyMatch(r -> r.equalsIgnoreCase(resolutionName.trim()));
  }

  @Override
  public String toString() {
    return "JiraConfig[url="
        + url
        + ", user="
        + user
        + ", token=****, project="
        + project
        + ", api="
        + apiVersion()
        + "]";
  }
}
