package io.jenkins.plugins.precursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.sun.net.httpserver.HttpServer;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.util.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** JenkinsRule tests (run only with -Pjenkins where repo.jenkins-ci.org is reachable). */
@WithJenkins
class PrecursorDeployStepTest {
  private HttpServer engine;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> auth = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startEngine() throws Exception {
    engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    engine.createContext("/api/v1/deploys", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      auth.add(ex.getRequestHeaders().getFirst("Authorization"));
      byte[] out = "{\"id\":\"d-1\",\"service\":\"checkout\",\"version\":\"1.4.2\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(201, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    engine.start();
  }

  @AfterEach
  void stopEngine() {
    engine.stop(0);
  }

  private void configure(JenkinsRule j) throws Exception {
    SystemCredentialsProvider.getInstance().getCredentials().add(
        new StringCredentialsImpl(CredentialsScope.GLOBAL, "prc", "Precursor", Secret.fromString("t0k")));
    SystemCredentialsProvider.getInstance().save();
    PrecursorConfiguration.get().setEngineUrl("http://127.0.0.1:" + engine.getAddress().getPort());
    PrecursorConfiguration.get().setCredentialsId("prc");
  }

  @Test
  void pipelineStepRecordsTheDeploy(JenkinsRule j) throws Exception {
    configure(j);
    WorkflowJob job = j.createProject(WorkflowJob.class, "checkout-deploy");
    job.setDefinition(new CpsFlowDefinition(
        "def id = precursorDeploy(service: 'checkout', version: '1.4.2', environment: 'prod')\necho \"id=${id}\"", true));
    WorkflowRun run = j.buildAndAssertSuccess(job);
    j.assertLogContains("recorded deploy d-1", run);
    j.assertLogContains("id=d-1", run);
    assertEquals(1, bodies.size());
    assertTrue(bodies.get(0).contains("\"service\":\"checkout\""));
    assertTrue(bodies.get(0).contains("\"source\":\"jenkins:checkout-deploy#1\""));
    assertEquals("Bearer t0k", auth.get(0));
  }

  @Test
  void freestylePostBuildActionRecordsTheDeploy(JenkinsRule j) throws Exception {
    configure(j);
    FreeStyleProject p = j.createFreeStyleProject("cart");
    p.getPublishersList().add(new PrecursorDeployNotifier("cart", "${BUILD_NUMBER}"));
    j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
    assertTrue(bodies.get(0).contains("\"version\":\"1\""));
  }

  @Test
  void configRoundTrips(JenkinsRule j) throws Exception {
    FreeStyleProject p = j.createFreeStyleProject();
    PrecursorDeployNotifier before = new PrecursorDeployNotifier("cart", "2");
    before.setEnvironment("prod");
    p.getPublishersList().add(before);
    j.configRoundtrip(p);
    j.assertEqualDataBoundBeans(before, p.getPublishersList().get(PrecursorDeployNotifier.class));
  }
}
