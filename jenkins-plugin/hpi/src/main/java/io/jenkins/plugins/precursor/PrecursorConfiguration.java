package io.jenkins.plugins.precursor;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import dev.precursor.jenkins.DeployMarkerClient;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.net.URI;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** Manage Jenkins → System → Precursor: the engine URL and the credential holding its api.token. */
@Extension
@Symbol("precursor")
public class PrecursorConfiguration extends GlobalConfiguration {
  private String engineUrl;
  private String credentialsId;

  public PrecursorConfiguration() {
    load();
  }

  public static PrecursorConfiguration get() {
    return GlobalConfiguration.all().getInstance(PrecursorConfiguration.class);
  }

  public String getEngineUrl() {
    return engineUrl;
  }

  @DataBoundSetter
  public void setEngineUrl(String engineUrl) {
    this.engineUrl = engineUrl;
    save();
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  @DataBoundSetter
  public void setCredentialsId(String credentialsId) {
    this.credentialsId = credentialsId;
    save();
  }

  /**
   * The client for a build: step-level values win over the global ones; the token is looked up
   * as the run (folder-scoped credentials, usage tracked).
   */
  DeployMarkerClient client(Run<?, ?> run, String stepEngineUrl, String stepCredentialsId, Map<String, String> env) {
    String url = stepEngineUrl != null && !stepEngineUrl.isBlank() ? stepEngineUrl : engineUrl;
    URI engine = DeployMarkerClient.resolveEngine(url, env);
    String id = stepCredentialsId != null && !stepCredentialsId.isBlank() ? stepCredentialsId : credentialsId;
    String token = null;
    if (id != null && !id.isBlank()) {
      StringCredentials c = CredentialsProvider.findCredentialById(id, StringCredentials.class, run);
      if (c == null) {
        throw new IllegalArgumentException("Precursor: no 'Secret text' credential with id '" + id + "'");
      }
      token = c.getSecret().getPlainText();
    }
    return DeployMarkerClient.builder(engine).token(token).build();
  }

  @POST
  public FormValidation doCheckEngineUrl(@QueryParameter String value) {
    Jenkins.get().checkPermission(Jenkins.ADMINISTER);
    if (value == null || value.isBlank()) {
      return FormValidation.warning("Empty: PRECURSOR_ENGINE_URL from the build environment, else http://localhost:8470, is used.");
    }
    try {
      DeployMarkerClient.resolveEngine(value, Map.of());
      return FormValidation.ok();
    } catch (IllegalArgumentException e) {
      return FormValidation.error(e.getMessage());
    }
  }

  @POST
  public FormValidation doTestConnection(@QueryParameter String engineUrl, @QueryParameter String credentialsId) {
    Jenkins.get().checkPermission(Jenkins.ADMINISTER);
    try {
      DeployMarkerClient client = DeployMarkerClient.builder(DeployMarkerClient.resolveEngine(engineUrl, Map.of()))
          .maxAttempts(1).build();
      String status = client.get("/api/v1/health", Map.of()).path("status").asText("?");
      return FormValidation.ok("Engine answered: " + status);
    } catch (RuntimeException e) {
      return FormValidation.error(e.getMessage());
    }
  }

  @POST
  public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
    if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
      return new StandardListBoxModel().includeCurrentValue(credentialsId);
    }
    return new StandardListBoxModel()
        .includeEmptyValue()
        .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class, List.of(), CredentialsMatchers.always())
        .includeCurrentValue(credentialsId);
  }

  static boolean canConfigure(Item item) {
    return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
  }
}
