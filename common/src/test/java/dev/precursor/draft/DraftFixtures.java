package dev.precursor.draft;

import dev.precursor.model.Anomaly;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.SeriesKey;
import dev.precursor.model.ServiceGraph;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
import dev.precursor.model.TicketLink;
import dev.precursor.model.Tier;
import dev.precursor.model.Velocity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A realistic, resolved situation: a payments-api deploy shrinks the database connection pool,
 * payments latency climbs, checkout starts failing. Used by the golden tests and the LLM tests.
 */
final class DraftFixtures {
  private DraftFixtures() {}

  static Instant t(String hhmmss) {
    return Instant.parse("2026-11-23T" + hhmmss + "Z");
  }

  static final Deploy PAYMENTS_DEPLOY =
      new Deploy(
          "d-1",
          "payments-api",
          "2.14.0",
          "production",
          t("13:58:00"),
          Deploy.Kind.DEPLOY,
          "9f3c2ab1e4d5f60718293a4b5c6d7e8f90a1b2c3",
          "https://ci.example.com/job/payments-api/812/",
          "jenkins");
  static final Deploy SEARCH_DEPLOY =
      new Deploy(
          "d-2",
          "search-api",
          "5.2.1",
          "production",
          t("13:20:00"),
          Deploy.Kind.DEPLOY,
          null,
          null,
          "api");

  static Anomaly anomaly(
      String service,
      String metric,
      Map<String, String> attrs,
      String onset,
      String at,
      double score,
      double value,
      double baseline) {
    return new Anomaly(
        new SeriesKey(service, metric, attrs),
        t(onset),
        t(at),
        score,
        value >= baseline ? Direction.UP : Direction.DOWN,
        value,
        baseline,
        new Velocity(2.1, 6.5, Double.NaN));
  }

  static final List<Anomaly> ANOMALIES =
      List.of(
          anomaly(
              "payments-api",
              "db.client.connections.usage",
              Map.of("pool.name", "payments"),
              "14:01:30",
              "14:06:00",
              0.97,
              48,
              12),
          anomaly(
              "payments-api",
              "http.server.request.duration.p99",
              Map.of("http.route", "/v1/charge"),
              "14:03:10",
              "14:06:00",
              0.93,
              1.84,
              0.21),
          anomaly(
              "checkout-api",
              "http.server.error_ratio",
              Map.of("http.route", "/checkout"),
              "14:05:00",
              "14:07:00",
              0.88,
              0.032,
              0.004),
          anomaly(
              "checkout-api",
              "http.server.request.duration.p99",
              Map.of("http.route", "/checkout"),
              "14:05:40",
              "14:07:00",
              0.81,
              2.4,
              0.35));

  static final Hypothesis TOP =
      new Hypothesis(
          "payments-api",
          "Database connection pool exhausted after deploy 2.14.0",
          0.78,
          List.of(
              new Evidence(
                  "deploy",
                  null,
                  t("13:58:00"),
                  null,
                  "payments-api 2.14.0 deployed 3 min 30 s before the first anomaly"),
              new Evidence(
                  "anomaly",
                  "db.client.connections.usage",
                  t("14:01:30"),
                  48.0,
                  "connections in use rose from 12 to 48 (pool limit reached)"),
              new Evidence(
                  "graph",
                  null,
                  null,
                  null,
                  "checkout-api calls payments-api; its errors started 3 min later")));

  static final List<Hypothesis> HYPOTHESES =
      List.of(
          TOP,
          new Hypothesis(
              "checkout-api",
              "Retry storm amplifying payments latency",
              0.31,
              List.of(
                  new Evidence(
                      "anomaly",
                      "http.server.error_ratio",
                      t("14:05:00"),
                      0.032,
                      "error ratio 8x baseline"))),
          new Hypothesis(
              "search-api",
              "Deploy 5.2.1",
              0.06,
              List.of(
                  new Evidence(
                      "ruled-out", null, null, null, "no anomaly on search-api or its callers"))));

  static final SimilarIncident INC_1042 =
      new SimilarIncident(
          "INC-1042",
          "Checkout 5xx after payments pool resize",
          0.87,
          "signature",
          "Rolled back payments-api and restored the pool size to 50");
  static final SimilarIncident INC_0977 =
      new SimilarIncident(
          "INC-0977",
          "Payments latency from slow DB failover",
          0.62,
          "symptom",
          "Failed over to the replica and raised the DB timeout");

  static final Prediction WATCH =
      new Prediction(
          "p-1",
          "s-42",
          "checkout-api",
          Tier.WATCH,
          0.74,
          t("14:04:00"),
          t("14:22:00"),
          "connection-pool-exhaustion",
          List.of(
              new SimilarIncident(
                  "INC-1042", "Checkout 5xx after payments pool resize", 0.81, "signature", null)),
          new RootCause("payments-api", "deploy", "Connection pool exhausted after deploy 2.14.0"),
          "Check the payments-api connection pool settings",
          "superseded");
  static final Prediction ALERT =
      new Prediction(
          "p-2",
          "s-42",
          "checkout-api",
          Tier.ALERT,
          0.91,
          t("14:07:30"),
          t("14:20:00"),
          "connection-pool-exhaustion",
          List.of(INC_1042, INC_0977),
          new RootCause("payments-api", "deploy", "Connection pool exhausted after deploy 2.14.0"),
          "Roll back payments-api to 2.13.4 and confirm checkout-api errors recover",
          "resolved");

  static final Situation SITUATION =
      new Situation(
          "s-42",
          "resolved",
          t("14:02:00"),
          t("14:41:00"),
          List.of("payments-api", "checkout-api"),
          ANOMALIES,
          HYPOTHESES,
          List.of(PAYMENTS_DEPLOY),
          List.of(
              new TicketLink("jira", "OPS-4711", "https://example.atlassian.net/browse/OPS-4711")));

  static final ServiceGraph GRAPH =
      new ServiceGraph(
          List.of(
              new ServiceGraph.Node("frontend", 140, 0.01),
              new ServiceGraph.Node("checkout-api", 85, 0.03),
              new ServiceGraph.Node("payments-api", 60, 0.012),
              new ServiceGraph.Node("payments-db", 400, 0)),
          List.of(
              new ServiceGraph.Edge("frontend", "checkout-api", 85, 0.03),
              new ServiceGraph.Edge("checkout-api", "payments-api", 60, 0.012),
              new ServiceGraph.Edge("payments-api", "payments-db", 400, 0)));

  static DraftContext context() {
    return new DraftContext(
        SITUATION,
        List.of(ALERT, WATCH),
        List.of(PAYMENTS_DEPLOY, SEARCH_DEPLOY),
        "http://precursor.internal:8470",
        "https://grafana.example.com/d/precursor/overview",
        GRAPH,
        List.of(
            new DraftContext.Event(t("14:07:41"), "jira", "OPS-4711 created by Precursor"),
            new DraftContext.Event(t("14:12:00"), "jira", "OPS-4711 acknowledged by on-call"),
            new DraftContext.Event(
                t("14:16:20"), "jira", "payments-api rolled back to 2.13.4 (comment on OPS-4711)"),
            new DraftContext.Event(t("14:45:10"), "jira", "OPS-4711 resolved")),
        t("14:19:00"));
  }

  /** An open situation with anomalies only: no prediction, no hypothesis, no graph. */
  static DraftContext bare() {
    Situation s =
        new Situation(
            "s-7",
            "open",
            t("09:00:00"),
            null,
            List.of("inventory-svc"),
            List.of(
                anomaly(
                    "inventory-svc",
                    "jvm.memory.used_bytes",
                    Map.of(),
                    "08:55:00",
                    "09:01:00",
                    0.82,
                    1.9e9,
                    1.1e9)),
            List.of(),
            List.of(),
            List.of());
    return new DraftContext(s, List.of(), List.of(), null, null);
  }
}
