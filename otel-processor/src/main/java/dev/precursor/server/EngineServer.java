package dev.precursor.server;

import dev.precursor.api.ApiModule;
import dev.precursor.api.ApiServer;
import dev.precursor.api.DeploysApi;
import dev.precursor.api.HealthApi;
import dev.precursor.config.PrecursorConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The running engine: {@link Engine} plus its servers (HTTP API; OTLP receivers). {@code precursor
 * serve} runs one in the foreground; tests and {@code precursor demo} run one in-process on free
 * ports.
 */
public final class EngineServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
  private final Engine engine;
  private final ApiServer api;
  private dev.precursor.otlp.@org.jspecify.annotations.Nullable OtlpReceivers otlp;

  private EngineServer(Engine engine, ApiServer api) {
    this.engine = engine;
    this.api = api;
  }

  /** Opens the engine and starts every server; the API starts last, so health means ready. */
  public static EngineServer start(PrecursorConfig config, Clock clock) {
    Engine engine = Engine.open(config, clock);
    try {
      config
          .string("grafana.url")
          .ifPresent(
              url -> {
                var writer =
                    new dev.precursor.annotate.GrafanaAnnotationWriter(
                        java.net.URI.create(url),
                        config
                            .string("grafana.token")
                            .orElseThrow(
                                () ->
                                    new dev.precursor.ConfigException(
                                        "grafana.token is required when grafana.url is set (a Grafana service-account token with annotations:create)")),
                        java.time.Duration.ofMillis(500));
                engine.closeWithEngine(writer);
                engine.addDeployListener(writer);
                engine.addSituationListener(writer);
                LOG.info("writing deploy and alert annotations to Grafana at " + url);
              });
      var otlp = engine.closeWithEngine(dev.precursor.otlp.OtlpReceivers.start(engine));
      TicketWiring tickets = TicketWiring.start(engine);
      List<ApiModule> modules = new ArrayList<>();
      modules.add(new dev.precursor.api.ServicesApi(engine));
      modules.add(new dev.precursor.api.ScoresApi(engine));
      modules.add(new HealthApi(engine));
      modules.add(new DeploysApi(engine));
      modules.add(new dev.precursor.api.PredictionsApi(engine));
      modules.add(new dev.precursor.api.SituationsApi(engine));
      modules.add(new dev.precursor.api.WebhooksApi(tickets.webhooks()));
      modules.add(new dev.precursor.api.DraftApi(engine));
      modules.add(new dev.precursor.api.IncidentsApi(engine));
      PrecursorConfig.ApiConfig apiCfg = config.api();
      ApiServer api = ApiServer.start(apiCfg.host(), apiCfg.port(), apiCfg.token(), modules);
      LOG.info(
          "HTTP API and status page listening on http://"
              + apiCfg.host()
              + ":"
              + api.port()
              + (apiCfg.token() == null
                  ? " (no api.token: write endpoints are open)"
                  : " (write endpoints need the bearer token)"));
      EngineServer server = new EngineServer(engine, api);
      server.otlp = otlp;
      return server;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public Engine engine() {
    return engine;
  }

  public int apiPort() {
    return api.port();
  }

  /** The OTLP/gRPC port actually bound (useful with {@code otlp.grpc-port: 0}). */
  public int otlpGrpcPort() {
    return java.util.Objects.requireNonNull(otlp).grpcPort();
  }

  /** The OTLP/HTTP port actually bound (useful with {@code otlp.http-port: 0}). */
  public int otlpHttpPort() {
    return java.util.Objects.requireNonNull(otlp).httpPort();
  }

  @Override
  public void close() {
    api.close();
    engine.close();
  }
}
