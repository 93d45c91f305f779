package dev.precursor.jira;

import dev.precursor.config.ConfigKey;
import dev.precursor.config.ConfigKey.Type;
import dev.precursor.config.ConfigKeyProvider;
import java.util.List;

/**
 * The Jira keys beyond the core ones ({@code jira.url}, {@code jira.user}, {@code jira.token},
 * {@code jira.project}, {@code jira.issue-type}, {@code jira.api-version}).
 */
public final class JiraConfigKeys implements ConfigKeyProvider {
  @Override
  public List<ConfigKey> keys() {
    return List.of(
        key(
            "jira.resolve-transition",
            Type.STRING,
            "Done",
            "transition (by name) applied when a situation recovers; 'none' = comment only"),
        key(
            "jira.resolution",
            Type.STRING,
            null,
            "resolution set by the resolve transition, when its screen requires one (e.g. Done)"),
        key(
            "jira.reopen-transition",
            Type.STRING,
            "Reopen",
            "transition (by name) that reopens a resolved ticket; else any transition out of Done"),
        key(
            "jira.reopen-window",
            Type.DURATION,
            "24h",
            "a recurrence within this long after resolution reopens the ticket instead of filing"
                + " a new one"),
        key(
            "jira.wont-do-resolutions",
            Type.LIST,
            "Won't Do,Won't Fix,Not an incident,Duplicate,Cannot Reproduce,Declined",
            "resolutions meaning 'not an incident': never reopened, reported as false positives"),
        key(
            "jira.priority-mapping",
            Type.LIST,
            "0.95=Highest,0.90=High,0=Medium",
            "score=Priority pairs; score = confidence + 0.02 per extra service involved; empty ="
                + " leave priority to Jira"),
        key(
            "jira.component-mapping",
            Type.LIST,
            "",
            "service=Component pairs: components set from the services involved"),
        key(
            "jira.custom-fields",
            Type.STRING,
            "",
            "extra fields, 'customfield_ID=value' separated by ';'; the value may be JSON and use"
                + " {service} {rootCauseService} {environment} {tier} {confidence} {dedupKey}"
                + " {situationId}"),
        key(
            "jira.labels",
            Type.LIST,
            "precursor",
            "labels on every filed ticket (the dedup key label is always added)"),
        new ConfigKey(
            "jira.webhook-secret",
            Type.STRING,
            null,
            true,
            "shared secret of /api/v1/webhooks/jira (HMAC X-Hub-Signature or ?secret=)"),
        key(
            "jira.account-id",
            Type.STRING,
            null,
            "Precursor's own Jira account id (Cloud) or user name (DC): its webhook events are"
                + " ignored"),
        key("jira.rate-limit", Type.DOUBLE, "5", "client-side limit of Jira requests per second"),
        key("jira.timeout", Type.DURATION, "30s", "timeout of one Jira request"));
  }

  private static ConfigKey key(
      String name, Type type, @org.jspecify.annotations.Nullable String def, String description) {
    return new ConfigKey(name, type, def, false, description);
  }
}
