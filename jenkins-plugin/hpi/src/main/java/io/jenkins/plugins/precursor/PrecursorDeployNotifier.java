package io.jenkins.plugins.precursor;

import hudson.EnvVars;
import hudson.Extension;
import hudson.model.AbstractProject;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.BuildStepMonitor;
import hudson.tasks.Notifier;
import hudson.tasks.Publisher;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Post-build action for freestyle jobs: "Record deploy in Precursor" after a successful build. */
public class PrecursorDeployNotifier extends Notifier implements SimpleBuildStep {
  private final String service;
  private final String version;
  private String environment;
  private String verify;

  @DataBoundConstructor
  public PrecursorDeployNotifier(String service, String version) {
    this.service = service;
    this.version = version;
  }

  public String getService() {
    return service;
  }

  public String getVersion() {
    return version;
  }

  public String getEnvironment() {
    return environment;
  }

  @DataBoundSetter
  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public String getVerify() {
    return verify;
  }

  @DataBoundSetter
  public void setVerify(String verify) {
    this.verify = verify;
  }

  @Override
  public boolean requiresWorkspace() {
    return false;
  }

  @Override
  public void perform(Run<?, ?> run, EnvVars env, TaskListener listener) throws InterruptedException {
    Result r = run.getResult();
    if (r != null && r.isWorseThan(Result.SUCCESS)) {
      listener.getLogger().println("[Precursor] build not successful; no deploy recorded");
      return;
    }
    DeployMarking.mark(run, env, listener, service, version, environment, "deploy", null, null, verify);
  }

  @Override
  public BuildStepMonitor getRequiredMonitorService() {
    return BuildStepMonitor.NONE;
  }

  @Extension
  @Symbol("precursorDeployMarker")
  public static final class DescriptorImpl extends BuildStepDescriptor<Publisher> {
    @Override
    public boolean isApplicable(Class<? extends AbstractProject> type) {
      return true;
    }

    @Override
    public String getDisplayName() {
      return "Record deploy in Precursor";
    }
  }
}
