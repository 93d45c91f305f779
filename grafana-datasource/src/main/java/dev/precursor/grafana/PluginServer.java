package dev.precursor.grafana;

import dev.precursor.grafana.engine.EngineClient;
import dev.precursor.grafana.frame.ArrowFrameEncoder;
import dev.precursor.grafana.query.QueryRunner;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.apache.arrow.memory.RootAllocator;

/**
 * The plugin's gRPC server on 127.0.0.1: pluginv2 Data, Diagnostics and Resource, go-plugin's
 * GRPCController, and {@code grpc.health.v1} with service {@code plugin} SERVING.
 */
final class PluginServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PluginServer.class.getName());
  static final String VERSION = versionOf();

  /** Ports tried before giving up (go-plugin scans its whole range; 1000 is plenty). */
  static final int MAX_BIND_ATTEMPTS = 1000;

  private final Server server;
  private final ExecutorService executor;
  private final ArrowFrameEncoder encoder;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private PluginServer(Server server, ExecutorService executor, ArrowFrameEncoder encoder) {
    this.server = server;
    this.executor = executor;
    this.encoder = encoder;
  }

  /** The services Grafana calls, sharing one engine-client cache and Arrow allocator. */
  static List<BindableService> services(ArrowFrameEncoder encoder, Runnable stop, Clock clock) {
    PluginMetrics metrics = new PluginMetrics();
    DataSources ds =
        new DataSources(EngineClient.newHttpClient(), "precursor-grafana-datasource/" + VERSION);
    HealthStatusManager health = new HealthStatusManager();
    health.setStatus("plugin", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    return List.of(
        new DataService(ds, new QueryRunner(), encoder, metrics),
        new DiagnosticsService(ds, metrics),
        new ResourceService(ds, metrics, clock),
        new ControllerService(stop),
        health.getHealthService());
  }

  /** Binds the first free port of the range on 127.0.0.1 ({@code min == 0}: any free port). */
  static PluginServer start(Handshake.PortRange ports) throws IOException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "plugin-call-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ArrowFrameEncoder encoder = new ArrowFrameEncoder(new RootAllocator(256L * 1024 * 1024));
    PluginServer[] self = new PluginServer[1];
    List<BindableService> services =
        services(encoder, () -> self[0].stopAsync(), Clock.systemUTC());
    IOException last = null;
    int min = ports.min();
    int max = ports.min() == 0 ? 0 : ports.max();
    for (int port = min, tries = 0; port <= max && tries < MAX_BIND_ATTEMPTS; port++, tries++) {
      NettyServerBuilder b =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
              .executor(executor)
              .maxInboundMessageSize(16 * 1024 * 1024);
      services.forEach(b::addService);
      Server server = b.build();
      try {
        server.start();
        self[0] = new PluginServer(server, executor, encoder);
        return self[0];
      } catch (IOException e) {
        // Netty's native transport reports a port in use as its own IOException, not as a
        // java.net.BindException: any failure to start moves on to the next port.
        LOG.fine("port " + port + " not usable: " + e.getMessage());
        server.shutdownNow();
        last = e;
      }
    }
    throw new IOException("no free port on 127.0.0.1 in " + ports.min() + ".." + ports.max(), last);
  }

  int port() {
    return server.getPort();
  }

  /** Stops the server on another thread (so a Shutdown call can still be answered). */
  void stopAsync() {
    Thread t = new Thread(this::close, "plugin-shutdown");
    t.setDaemon(false);
    t.start();
  }

  /** Blocks until the server has stopped. */
  void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    LOG.info("shutting down");
    server.shutdown();
    try {
      if (!server.awaitTermination(1, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(300, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
      encoder.close();
      stopped.countDown();
    }
  }

  private static String versionOf() {
    String v = PluginServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
