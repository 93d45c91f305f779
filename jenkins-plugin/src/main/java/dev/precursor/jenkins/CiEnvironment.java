package dev.precursor.jenkins;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a CI system tells a build about itself, read from its environment variables: Jenkins ({@code
 * JOB_NAME}, {@code BUILD_NUMBER}, {@code BUILD_URL}, {@code GIT_COMMIT}, {@code GIT_BRANCH}),
 * GitHub Actions ({@code GITHUB_*}) and GitLab CI ({@code CI_*}).
 */
public record CiEnvironment(
    String system,
    @Nullable String job,
    @Nullable String build,
    @Nullable String buildUrl,
    @Nullable String commit,
    @Nullable String branch) {

  /** No CI detected (a developer's shell). */
  public static final CiEnvironment NONE =
      new CiEnvironment("manual", null, null, null, null, null);

  /** Detects the CI system from the environment; {@link #NONE} when none is recognised. */
  public static CiEnvironment detect(Map<String, String> env) {
    if (has(env, "JENKINS_URL") || (has(env, "JOB_NAME") && has(env, "BUILD_NUMBER"))) {
      return new CiEnvironment(
          "jenkins",
          get(env, "JOB_NAME"),
          get(env, "BUILD_NUMBER"),
          get(env, "BUILD_URL"),
          get(env, "GIT_COMMIT"),
          firstOf(get(env, "GIT_BRANCH"), get(env, "BRANCH_NAME")));
    }
    if ("true".equals(env.get("GITHUB_ACTIONS"))) {
      String server = firstOf(get(env, "GITHUB_SERVER_URL"), "https://github.com");
      String repo = get(env, "GITHUB_REPOSITORY");
      String runId = get(env, "GITHUB_RUN_ID");
      String url =
          repo != null && runId != null ? server + "/" + repo + "/actions/runs/" + runId : null;
      String job =
          repo != null
              ? repo + "/" + firstOf(get(env, "GITHUB_WORKFLOW"), "workflow")
              : get(env, "GITHUB_WORKFLOW");
      return new CiEnvironment(
          "github-actions",
          job,
          runId,
          url,
          get(env, "GITHUB_SHA"),
          firstOf(get(env, "GITHUB_REF_NAME"), get(env, "GITHUB_REF")));
    }
    if ("true".equals(env.get("GITLAB_CI"))) {
      return new CiEnvironment(
          "gitlab",
          get(env, "CI_PROJECT_PATH"),
          get(env, "CI_PIPELINE_ID"),
          firstOf(get(env, "CI_PIPELINE_URL"), get(env, "CI_JOB_URL")),
          get(env, "CI_COMMIT_SHA"),
          get(env, "CI_COMMIT_REF_NAME"));
    }
    return NONE;
  }

  private static boolean has(Map<String, String> env, String key) {
    return get(env, key) != null;
  }

  private static @Nullable String get(Map<String, String> env, String key) {
    String v = env.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static @Nullable String firstOf(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }
}
