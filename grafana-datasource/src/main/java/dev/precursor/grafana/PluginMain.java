package dev.precursor.grafana;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Entry point Grafana starts (through the {@code gpx_precursor_*} launcher): checks the go-plugin
 * environment, starts the gRPC server, prints the handshake line — the only thing this process ever
 * writes to stdout — and runs until Grafana calls Shutdown. Logs go to stderr as hclog JSON; the
 * log level comes from {@code GF_PLUGIN_LOG_LEVEL} ({@code [plugin.<id>] log_level}).
 */
public final class PluginMain {
  private static final Logger LOG = Logger.getLogger(PluginMain.class.getName());

  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger ARROW_LOG = Logger.getLogger("org.apache.arrow");

  private PluginMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream stdout =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream stderr = System.err;
    System.setOut(stderr);
    Map<String, String> env = System.getenv();
    configureLogging(stderr, HclogFormatter.parse(env.getOrDefault("GF_PLUGIN_LOG_LEVEL", "info")));
    if (args.length == 1 && args[0].equals("--train")) {
      ClassDataTraining.run();
      System.exit(0);
    }
    Optional<String> problem = Handshake.check(env);
    if (problem.isPresent()) {
      stderr.println(problem.get());
      System.exit(1);
    }
    ignoreSigint();
    PluginServer server = PluginServer.start(Handshake.ports(env));
    stdout.println(Handshake.line(server.port()));
    stdout.flush();
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    LOG.info(
        "Precursor data source plugin "
            + PluginServer.VERSION
            + " listening on 127.0.0.1:"
            + server.port()
            + " (JVM start to handshake "
            + uptime
            + " ms)");
    server.awaitStopped();
    System.exit(0);
  }

  static void configureLogging(PrintStream err, Level level) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h =
        new Handler() {
          private final HclogFormatter f = new HclogFormatter();

          @Override
          public void publish(LogRecord r) {
            if (isLoggable(r)) {
              err.print(f.format(r));
              err.flush();
            }
          }

          @Override
          public void flush() {
            err.flush();
          }

          @Override
          public void close() {
            err.flush();
          }
        };
    h.setLevel(Level.ALL);
    root.addHandler(h);
    root.setLevel(level);
    // Arrow announces its allocator at INFO on first use; not news for a Grafana log.
    ARROW_LOG.setLevel(Level.WARNING);
  }

  /** go-plugin plugins ignore SIGINT: Ctrl-C in Grafana's terminal must not kill the plugin. */
  @SuppressWarnings("restriction")
  private static void ignoreSigint() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.FINE, "cannot ignore SIGINT on this platform", e);
    }
  }
}
