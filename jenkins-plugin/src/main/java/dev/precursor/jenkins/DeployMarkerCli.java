package dev.precursor.jenkins;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar precursor-deploy-marker.jar deploy-mark|deploy-verify ...}: the deploy commands
 * without the engine, for pipelines that only have a JVM.
 */
@Command(
    name = "precursor-deploy-marker",
    mixinStandardHelpOptions = true,
    version = "precursor deploy marker",
    description = "Deploy markers and post-deploy verification against a Precursor engine.",
    subcommands = {
      DeployMarkCommand.class,
      DeployVerifyCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DeployMarkerCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DeployMarkerCli()).execute(args));
  }
}
