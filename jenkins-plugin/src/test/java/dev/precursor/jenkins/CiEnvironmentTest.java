package dev.precursor.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CiEnvironmentTest {
  @Test
  void readsJenkins() {
    CiEnvironment ci =
        CiEnvironment.detect(
            Map.of(
                "JENKINS_URL",
                "https://ci/",
                "JOB_NAME",
                "team/checkout/main",
                "BUILD_NUMBER",
                "812",
                "BUILD_URL",
                "https://ci/job/812/",
                "GIT_COMMIT",
                "3f9c",
                "GIT_BRANCH",
                "origin/main"));
    assertThat(ci)
        .isEqualTo(
            new CiEnvironment(
                "jenkins",
                "team/checkout/main",
                "812",
                "https://ci/job/812/",
                "3f9c",
                "origin/main"));
  }

  @Test
  void readsGithubActions() {
    CiEnvironment ci =
        CiEnvironment.detect(
            Map.of(
                "GITHUB_ACTIONS",
                "true",
                "GITHUB_REPOSITORY",
                "acme/shop",
                "GITHUB_RUN_ID",
                "99",
                "GITHUB_SHA",
                "abc",
                "GITHUB_REF_NAME",
                "main",
                "GITHUB_WORKFLOW",
                "deploy"));
    assertThat(ci.system()).isEqualTo("github-actions");
    assertThat(ci.buildUrl()).isEqualTo("https://github.com/acme/shop/actions/runs/99");
    assertThat(ci.commit()).isEqualTo("abc");
    assertThat(ci.job()).isEqualTo("acme/shop/deploy");
  }

  @Test
  void readsGitlab() {
    CiEnvironment ci =
        CiEnvironment.detect(
            Map.of(
                "GITLAB_CI",
                "true",
                "CI_PROJECT_PATH",
                "acme/shop",
                "CI_PIPELINE_ID",
                "7",
                "CI_PIPELINE_URL",
                "https://gitlab/acme/shop/-/pipelines/7",
                "CI_COMMIT_SHA",
                "def",
                "CI_COMMIT_REF_NAME",
                "main"));
    assertThat(ci)
        .isEqualTo(
            new CiEnvironment(
                "gitlab",
                "acme/shop",
                "7",
                "https://gitlab/acme/shop/-/pipelines/7",
                "def",
                "main"));
  }

  @Test
  void userValuesWinOverCi() {
    CiEnvironment ci =
        CiEnvironment.detect(
            Map.of("JOB_NAME", "app", "BUILD_NUMBER", "3", "GIT_COMMIT", "ci-sha"));
    DeployEvent e = DeployEvent.of("app", "1.0", "prod", "my-sha", null, null, "deploy", ci);
    assertThat(e.commit()).isEqualTo("my-sha");
    assertThat(e.source()).isEqualTo("jenkins:app#3");
    assertThat(CiEnvironment.detect(Map.of())).isEqualTo(CiEnvironment.NONE);
  }
}
