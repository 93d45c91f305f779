package io.jenkins.plugins.precursor;

import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.Serializable;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def id = precursorDeploy(service: 'checkout', version: env.VERSION, environment: 'prod',
 * verify: '10m')}: records the deploy; with {@code verify} also waits for the window and marks the
 * build UNSTABLE (watch tier) or FAILURE (alert tier). Returns the deploy id.
 */
public class PrecursorDeployStep extends Step implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String service;
  private final String version;
  private String environment;
  private String kind = "deploy";
  private String engineUrl;
  private String credentialsId;
  private String verify;

  @DataBoundConstructor
  public PrecursorDeployStep(String service, String version) {
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

  public String getKind() {
    return kind;
  }

  @DataBoundSetter
  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getEngineUrl() {
    return engineUrl;
  }

  @DataBoundSetter
  public void setEngineUrl(String engineUrl) {
    this.engineUrl = engineUrl;
  }

  public String getCredentialsId() {
    return credentialsId;
  }

  @DataBoundSetter
  public void setCredentialsId(String credentialsId) {
    this.credentialsId = credentialsId;
  }

  public String getVerify() {
    return verify;
  }

  @DataBoundSetter
  public void setVerify(String verify) {
    this.verify = verify;
  }

  @Override
  public StepExecution start(StepContext context) {
    return new Execution(this, context);
  }

  static final class Execution extends SynchronousNonBlockingStepExecution<String> {
    private static final long serialVersionUID = 1L;
    private final transient PrecursorDeployStep step;

    Execution(PrecursorDeployStep step, StepContext context) {
      super(context);
      this.step = step;
    }

    @Override
    protected String run() throws Exception {
      Run<?, ?> run = getContext().get(Run.class);
      TaskListener listener = getContext().get(TaskListener.class);
      EnvVars env = getContext().get(EnvVars.class);
      return DeployMarking.mark(run, env, listener, step.service, step.version, step.environment, step.kind,
          step.engineUrl, step.credentialsId, step.verify);
    }
  }

  @Extension
  public static final class DescriptorImpl extends StepDescriptor {
    @Override
    public String getFunctionName() {
      return "precursorDeploy";
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
      return Set.of(Run.class, TaskListener.class, EnvVars.class);
    }

    @Override
    public String getDisplayName() {
      return "Record a deploy in Precursor";
    }
  }
}
