package dev.precursor.cli;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.server.EngineServer;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code precursor serve}: runs the engine in the foreground until SIGTERM or Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the engine in the foreground: OTLP receivers (gRPC :4317, HTTP :4318), the HTTP API and"
          + " status page (:8470), with the embedded store unless store.url says otherwise.",
      "Stops cleanly on SIGTERM or Ctrl-C."
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

  @Mixin ConfigOptions config = new ConfigOptions();

  @Option(
      names = "--print-config",
      description = "Print the effective configuration (secrets masked) and exit.")
  boolean printConfig;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrecursorConfig cfg = config.load();
    if (printConfig) {
      spec.commandLine().getOut().print(cfg.describe());
      spec.commandLine().getOut().flush();
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    EngineServer server = EngineServer.start(cfg, Clock.systemUTC());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  server.close();
                  stopped.countDown();
                },
                "precursor-shutdown"));
    LOG.info("engine ready (store: " + server.engine().store().describe() + ")");
    stopped.await();
    return 0;
  }
}
