package dev.precursor.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.json.JsonSlurper;
import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code vars/precursorDeploy.groovy} with Groovy against a stand-in of the Pipeline steps it
 * calls ({@code httpRequest}, {@code withCredentials}, {@code sh}, ...), recording the HTTP call.
 */
class SharedLibraryTest {
  private final List<Map<String, Object>> requests = new ArrayList<>();
  private final List<String> shells = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private final Map<String, Object> env = new HashMap<>();
  private final Map<String, Object> currentBuild = new HashMap<>();
  private int verifyExit;

  private Script load() throws Exception {
    Binding b = new Binding();
    b.setVariable("env", env);
    b.setVariable("currentBuild", currentBuild);
    b.setVariable(
        "httpRequest",
        closure(
            args -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> req = (Map<String, Object>) args[0];
              requests.add(req);
              Map<String, Object> body =
                  new LinkedHashMap<>(parse((String) req.get("requestBody")));
              body.put("id", "d-42");
              return Map.of("status", 201, "content", groovy.json.JsonOutput.toJson(body));
            }));
    b.setVariable("string", closure(args -> args[0]));
    b.setVariable(
        "withCredentials",
        closure(
            args -> {
              env.put("PRECURSOR_API_TOKEN", "s3cret");
              try {
                return ((Closure<?>) args[1]).call();
              } finally {
                env.remove("PRECURSOR_API_TOKEN");
              }
            }));
    b.setVariable(
        "sh",
        closure(
            args -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> m = (Map<String, Object>) args[0];
              shells.add(m.get("script").toString());
              return verifyExit;
            }));
    b.setVariable("echo", closure(args -> log.add(String.valueOf(args[0]))));
    b.setVariable(
        "unstable",
        closure(
            args -> {
              currentBuild.put("result", "UNSTABLE");
              return log.add(String.valueOf(args[0]));
            }));
    b.setVariable(
        "error",
        closure(
            args -> {
              throw new IllegalStateException(String.valueOf(args[0]));
            }));
    GroovyShell shell = new GroovyShell(b);
    return shell.parse(Path.of("vars/precursorDeploy.groovy").toFile());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    return (Map<String, Object>) new JsonSlurper().parseText(json);
  }

  private interface Body {
    Object apply(Object[] args) throws Exception;
  }

  private static Closure<Object> closure(Body body) {
    return new Closure<Object>(null) {
      private static final long serialVersionUID = 1L;

      @Override
      public Object call(Object... args) {
        try {
          return body.apply(args);
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  @Test
  void postsTheDeployWithCiFieldsAndBearerToken() throws Exception {
    env.put("PRECURSOR_ENGINE_URL", "http://engine.internal:8470/");
    env.put("GIT_COMMIT", "3f9c2ab");
    env.put("BUILD_URL", "https://ci/job/checkout/812/");
    env.put("JOB_NAME", "team/checkout");
    env.put("BUILD_NUMBER", "812");
    Object id =
        load()
            .invokeMethod(
                "call",
                new Object[] {
                  Map.of("service", "checkout", "version", "1.4.2", "environment", "production")
                });

    assertThat(id).isEqualTo("d-42");
    assertThat(requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("url")).hasToString("http://engine.internal:8470/api/v1/deploys");
              assertThat(r.get("httpMode")).isEqualTo("POST");
              assertThat(r.get("validResponseCodes")).isEqualTo("201");
              assertThat(parse((String) r.get("requestBody")))
                  .containsEntry("service", "checkout")
                  .containsEntry("version", "1.4.2")
                  .containsEntry("environment", "production")
                  .containsEntry("commit", "3f9c2ab")
                  .containsEntry("url", "https://ci/job/checkout/812/")
                  .containsEntry("source", "jenkins:team/checkout#812")
                  .containsEntry("kind", "deploy");
              assertThat(r.get("customHeaders").toString())
                  .contains("Bearer s3cret")
                  .contains("maskValue=true");
            });
    assertThat(log).anyMatch(l -> l.contains("recorded deploy d-42"));
    assertThat(shells).isEmpty();
  }

  @Test
  void verifyMapsAlertTierToFailureAndWatchToUnstable() throws Exception {
    verifyExit = 3;
    load()
        .invokeMethod(
            "call",
            new Object[] {
              Map.of("service", "cart", "version", "2", "verify", "10m", "credentialsId", "")
            });
    assertThat(requests.get(0).get("customHeaders").toString()).doesNotContain("Bearer");
    assertThat(shells)
        .singleElement()
        .asString()
        .contains("deploy-verify")
        .contains("--service 'cart'")
        .contains("--window '10m'")
        .contains("--engine 'http://localhost:8470'");
    assertThat(currentBuild).containsEntry("result", "FAILURE");

    currentBuild.clear();
    verifyExit = 1;
    load()
        .invokeMethod(
            "call", new Object[] {Map.of("service", "cart", "version", "3", "verify", "5m")});
    assertThat(currentBuild).containsEntry("result", "UNSTABLE");
  }

  @Test
  void missingVersionFailsWithAnExample() {
    assertThatThrownBy(() -> load().invokeMethod("call", new Object[] {Map.of("service", "cart")}))
        .hasMessageContaining("version is required");
    assertThat(requests).isEmpty();
  }
}
