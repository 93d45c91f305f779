package dev.precursor.server;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.draft.Drafter;
import dev.precursor.ticket.JdbcTicketStore;
import dev.precursor.ticket.TicketDispatcher;
import dev.precursor.ticket.TicketEvents;
import dev.precursor.ticket.TicketSink;
import dev.precursor.ticket.TicketSinkProvider;
import dev.precursor.ticket.WebhookHandler;
import dev.precursor.ticket.WebhookHandlerProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Wires ticketing into a running engine: every {@link TicketSinkProvider} on the classpath (Jira,
 * ServiceNow) that the configuration enables, one {@link TicketDispatcher} over the store's outbox
 * listening to situations, and the {@link WebhookHandler}s served under {@code
 * /api/v1/webhooks/<name>}. Delivery runs on the wall clock (remote systems' time), whatever clock
 * the engine replays with.
 */
public final class TicketWiring implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TicketWiring.class.getName());
  private final TicketDispatcher dispatcher;
  private final Map<String, WebhookHandler> webhooks;

  private TicketWiring(TicketDispatcher dispatcher, Map<String, WebhookHandler> webhooks) {
    this.dispatcher = dispatcher;
    this.webhooks = webhooks;
  }

  /**
   * Creates the sinks, starts the dispatcher's delivery threads and registers everything with the
   * engine (closed with it).
   *
   * @throws dev.precursor.ConfigException when an enabled sink is misconfigured
   */
  public static TicketWiring start(Engine engine) {
    PrecursorConfig config = engine.config();
    List<TicketSink> sinks = new ArrayList<>();
    for (TicketSinkProvider p : ServiceLoader.load(TicketSinkProvider.class)) {
      p.create(config).ifPresent(sinks::add);
    }
    TicketDispatcher dispatcher =
        new TicketDispatcher(
            new JdbcTicketStore(engine.store()),
            sinks,
            Drafter.create(config),
            TicketDispatcher.Settings.from(config),
            Clock.systemUTC(),
            engine.metrics(),
            RandomGenerator.getDefault());
    engine.closeWithEngine(dispatcher);
    TicketEvents events = new EngineTicketEvents(dispatcher, engine);
    Map<String, WebhookHandler> webhooks = new LinkedHashMap<>();
    for (WebhookHandlerProvider p : ServiceLoader.load(WebhookHandlerProvider.class)) {
      p.create(config, events).ifPresent(h -> webhooks.put(h.name(), h));
    }
    if (!sinks.isEmpty()) {
      engine.addSituationListener(dispatcher);
      engine.ticketsFrom(dispatcher::tickets);
      dispatcher.start();
      LOG.info(
          "alert-tier situations file tickets in "
              + String.join(", ", dispatcher.systems())
              + (webhooks.isEmpty()
                  ? ""
                  : "; webhooks: /api/v1/webhooks/"
                      + String.join(", /api/v1/webhooks/", webhooks.keySet())));
    }
    return new TicketWiring(dispatcher, Map.copyOf(webhooks));
  }

  public TicketDispatcher dispatcher() {
    return dispatcher;
  }

  /** Webhook handlers by name. */
  public Map<String, WebhookHandler> webhooks() {
    return webhooks;
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
