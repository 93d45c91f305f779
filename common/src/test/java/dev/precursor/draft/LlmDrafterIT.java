package dev.precursor.draft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.ConfigException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.model.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real LangChain4j OpenAI client against a scripted OpenAI-compatible server on loopback. */
class LlmDrafterIT {
  private FakeOpenAi server;
  private final List<LlmDrafter.Outcome> outcomes = new ArrayList<>();
  private final List<Duration> pauses = new ArrayList<>();
  private final TemplateDrafter template = new TemplateDrafter();

  @BeforeEach
  void start() throws Exception {
    server = new FakeOpenAi();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private PrecursorConfig config(Map<String, String> more) {
    Map<String, String> m =
        new java.util.HashMap<>(
            Map.of(
                "llm.provider", "openai",
                "llm.base-url", server.baseUrl(),
                "llm.model", "gpt-test",
                "llm.api-key", "sk-test-key-0123456789abcdef",
                "llm.timeout", "20s",
                "llm.max-retries", "2",
                "llm.retry-backoff", "250ms"));
    m.putAll(more);
    return PrecursorConfig.defaults().with(m);
  }

  private LlmDrafter drafter(PrecursorConfig cfg) {
    return new LlmDrafter(
        LlmProviders.create(cfg),
        "openai/gpt-test",
        new LlmDrafter.Options(
            cfg.flag("llm.redact"),
            cfg.integer("llm.max-retries"),
            cfg.duration("llm.retry-backoff"),
            cfg.integer("llm.max-input-tokens"),
            cfg.integer("llm.max-output-tokens")),
        outcomes::add,
        pauses::add);
  }

  private LlmDrafter drafter() {
    return drafter(config(Map.of()));
  }

  static String ticketJson(String title, String summary, String analysis, String... actions) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("title", title);
    n.put("summary", summary);
    n.put("rootCauseAnalysis", analysis);
    ArrayNode a = n.putArray("recommendedActions");
    for (String s : actions) {
      a.add(s);
    }
    return n.toString();
  }

  static final String GOOD_TICKET =
      ticketJson(
          "Checkout errors expected: payments pool exhausted after payments-api 2.14.0",
          "`checkout-api` is expected to fail around 14:20 UTC because `payments-api` exhausted"
              + " its database connection pool after deploy `2.14.0` at 13:58 UTC."
              + " Errors on `/checkout` are at 3.2% against 0.4% normally.",
          "Connections in use on `payments-api` rose from 12 to 48 three minutes after the"
              + " deploy, and `checkout-api` errors followed. `INC-1042` had the same signature.",
          "Roll back `payments-api` to the previous version.",
          "Watch `http.server.error_ratio` on `checkout-api` return to 0.4%.");

  @Test
  void usesGroundedJsonAnswerAndKeepsTheFacts() {
    server.thenContent(GOOD_TICKET);
    DraftContext ctx = DraftFixtures.context();
    Document doc = drafter().ticket(ctx);

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.llmUsed()).isTrue();
              assertThat(o.calls()).isEqualTo(1);
              assertThat(o.droppedNames()).isEmpty();
            });
    assertThat(doc.title())
        .isEqualTo("Checkout errors expected: payments pool exhausted after payments-api 2.14.0");
    String md = MarkdownRenderer.render(doc);
    assertThat(md).contains("`checkout-api` is expected to fail around 14:20 UTC");
    assertThat(md).contains("1. Roll back `payments-api` to the previous version.");
    // factual blocks come from the template unchanged
    Document base = template.ticket(ctx);
    assertThat(doc.blocks()).containsAll(LlmDrafter.section(base.blocks(), "Timeline"));
    assertThat(doc.blocks()).containsAll(LlmDrafter.section(base.blocks(), "Blast radius"));
    assertThat(md).contains("Narrative sections drafted by openai/gpt-test");
    assertThat(AdfValidator.validate(AdfRenderer.render(doc))).isEmpty();

    JsonNode request = server.requests.get(0);
    assertThat(request.path("model").asText()).isEqualTo("gpt-test");
    assertThat(request.path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(request.at("/response_format/json_schema/schema/required").toString())
        .contains("recommendedActions");
    String user = request.at("/messages/1/content").asText();
    assertThat(user).contains("\"impactedService\":\"checkout-api\"").contains("2.14.0");
    // URLs are not evidence: nothing about the engine, Grafana or CI hosts is sent
    assertThat(user).doesNotContain("grafana.example.com").doesNotContain("ci.example.com");
  }

  @Test
  void malformedJsonFallsBackToTheTemplate() {
    server.thenContent("{\"title\": \"Checkout\", \"summary\": ");
    Document doc = drafter().ticket(DraftFixtures.context());
    assertThat(doc).isEqualTo(template.ticket(DraftFixtures.context()));
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.llmUsed()).isFalse();
              assertThat(o.detail()).startsWith("the answer is not valid JSON");
            });
  }

  @Test
  void answerMissingRequiredFieldsFallsBack() {
    server.thenContent("{\"title\": \"x\", \"recommendedActions\": \"roll back\"}");
    Document doc = drafter().ticket(DraftFixtures.context());
    assertThat(doc).isEqualTo(template.ticket(DraftFixtures.context()));
    assertThat(outcomes.get(0).detail())
        .isEqualTo(
            "the answer does not match the schema: 'summary' must be a non-empty string;"
                + " 'recommendedActions' must be an array of strings");
  }

  @Test
  void dropsStatementsNamingUnknownServicesMetricsVersionsOrIncidents() {
    server.thenContent(
        ticketJson(
            "Checkout errors caused by ledger-api",
            "`checkout-api` errors are rising after the `payments-api` deploy."
                + " The `ledger-api` queue is backing up as well."
                + " This matches INC-9999 from last year.",
            "Deploy 3.0.1 of `payments-api` changed the pool size.",
            "Roll back `payments-api`.",
            "Restart orders-service to drain connections.",
            "Check `db.pool.wait_time` on `payments-api`."));
    Document doc = drafter().ticket(DraftFixtures.context());
    String md = MarkdownRenderer.renderWithTitle(doc);

    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.llmUsed()).isTrue();
              assertThat(o.droppedNames())
                  .containsExactlyInAnyOrder(
                      "ledger-api", "INC-9999", "3.0.1", "orders-service", "db.pool.wait_time");
            });
    // the hallucinated title is replaced by the template's
    assertThat(doc.title()).isEqualTo(template.ticket(DraftFixtures.context()).title());
    assertThat(md).contains("`checkout-api` errors are rising after the `payments-api` deploy.");
    assertThat(md)
        .doesNotContain("ledger-api")
        .doesNotContain("INC-9999")
        .doesNotContain("orders-service")
        .doesNotContain("wait_time")
        .doesNotContain("3.0.1");
    assertThat(md).contains("1. Roll back `payments-api`.\n\n");
    assertThat(md).contains("(5 unsupported names dropped)");
  }

  @Test
  void summaryWithOnlyUnknownNamesFallsBack() {
    server.thenContent(ticketJson("Ledger down", "`ledger-api` is down.", "", "Restart it."));
    Document doc = drafter().ticket(DraftFixtures.context());
    assertThat(doc).isEqualTo(template.ticket(DraftFixtures.context()));
    assertThat(outcomes.get(0).detail()).contains("ledger-api");
  }

  @Test
  void slowAnswerPastTheTimeoutFallsBackWithoutRetrying() {
    server.thenHang();
    Document doc = drafter(config(Map.of("llm.timeout", "300ms"))).ticket(DraftFixtures.context());
    assertThat(doc).isEqualTo(template.ticket(DraftFixtures.context()));
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.llmUsed()).isFalse();
              assertThat(o.calls()).isEqualTo(1);
              assertThat(o.detail()).containsIgnoringCase("timed out");
            });
    assertThat(pauses).isEmpty();
  }

  @Test
  void retriesRateLimitThenUsesTheAnswer() {
    server.thenStatus(429, "rate_limit_exceeded").thenContent(GOOD_TICKET);
    Document doc = drafter().ticket(DraftFixtures.context());
    assertThat(outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.llmUsed()).isTrue();
              assertThat(o.calls()).isEqualTo(2);
            });
    assertThat(server.requests).hasSize(2);
    assertThat(pauses).containsExactly(Duration.ofMillis(250));
    assertThat(doc.title()).startsWith("Checkout errors expected");
  }

  @Test
  void gives_up_after_max_retries_of_server_errors() {
    server
        .thenStatus(503, "server_error")
        .thenStatus(500, "server_error")
        .thenStatus(502, "server_error");
    Document doc = drafter().ticket(DraftFixtures.context());
    assertThat(doc).isEqualTo(template.ticket(DraftFixtures.context()));
    assertThat(outcomes.get(0).calls()).isEqualTo(3);
    assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
  }

  @Test
  void clientErrorIsNotRetried() {
    server.thenStatus(401, "invalid_api_key");
    drafter().ticket(DraftFixtures.context());
    assertThat(outcomes.get(0).calls()).isEqualTo(1);
    assertThat(outcomes.get(0).llmUsed()).isFalse();
    assertThat(pauses).isEmpty();
  }

  @Test
  void redactsBeforeSendingAndRestoresSafeValuesInTheAnswer() {
    DraftContext ctx =
        DraftFixtures.context()
            .withEvents(
                List.of(
                    new DraftContext.Event(
                        DraftFixtures.t("14:13:00"),
                        "jira",
                        "alice@example.com restarted pool on db-7.prod.corp.internal"
                            + " (10.20.30.40), token=ghp_abcdefghijklmnopqrstuvwxyz0123456789")));
    server.thenContent(
        ticketJson(
            "Checkout errors: payments-api pool exhausted",
            "`payments-api` exhausted its pool after `2.14.0`."
                + " The pool on <HOST_1> (<IP_1>) was restarted by <EMAIL_1> with <SECRET_1>.",
            "",
            "Roll back `payments-api`."));
    Document doc = drafter().ticket(ctx);

    String sent = server.requests.get(0).toString();
    assertThat(sent)
        .doesNotContain("alice@example.com")
        .doesNotContain("db-7.prod.corp.internal")
        .doesNotContain("10.20.30.40")
        .doesNotContain("ghp_abcdefghij")
        .contains("<EMAIL_1>", "<HOST_1>", "<IP_1>", "<SECRET_1>")
        // service and metric names are kept for the model
        .contains("payments-api", "db.client.connections.usage");
    String md = PlainTextRenderer.render(doc);
    assertThat(md)
        .contains(
            "The pool on db-7.prod.corp.internal (10.20.30.40) was restarted by"
                + " alice@example.com with [redacted].");
  }

  @Test
  void redactionCanBeSwitchedOff() {
    DraftContext ctx =
        DraftFixtures.context()
            .withEvents(
                List.of(
                    new DraftContext.Event(
                        DraftFixtures.t("14:13:00"), "jira", "restarted on 10.20.30.40")));
    server.thenContent(GOOD_TICKET);
    drafter(config(Map.of("llm.redact", "false"))).ticket(ctx);
    assertThat(server.requests.get(0).toString()).contains("10.20.30.40");
  }

  @Test
  void postmortemSectionsComeFromTheAnswerWhereGrounded() {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("title", "Postmortem: payments-api 2.14.0 exhausted the DB pool, checkout failed");
    n.put(
        "summary",
        "For 40 min `checkout-api` failed 3.2% of requests because `payments-api`"
            + " `2.14.0` exhausted its connection pool.");
    n.put("impact", "About 5,100 checkout requests failed beyond the normal rate.");
    n.put("rootCause", "Deploy `2.14.0` of `payments-api` cut the pool below peak demand.");
    n.putArray("contributingFactors")
        .add("Retries in `checkout-api` amplified the load.")
        .add("`fraud-svc` timeouts added latency.");
    n.put("detection", "The alert-tier prediction came 12 min before the static threshold.");
    n.putArray("wentWell").add("The deploy marker linked the change immediately.");
    n.putArray("wentPoorly").add("The rollback started 9 min after the alert.");
    ArrayNode items = n.putArray("actionItems");
    items
        .addObject()
        .put("action", "Add a pool-usage canary check to `payments-api` rollouts")
        .put("type", "prevent")
        .put("priority", "P1");
    items
        .addObject()
        .put("action", "Cap retries in `billing-worker`")
        .put("type", "mitigate")
        .put("priority", "P2");
    server.thenContent(n.toString());

    Document doc = drafter().postmortem(DraftFixtures.context());
    String md = MarkdownRenderer.renderWithTitle(doc);
    assertThat(outcomes.get(0).llmUsed()).as(outcomes.get(0).detail()).isTrue();
    assertThat(outcomes.get(0).droppedNames())
        .containsExactlyInAnyOrder("fraud-svc", "billing-worker");
    assertThat(doc.title())
        .isEqualTo("Postmortem: payments-api 2.14.0 exhausted the DB pool, checkout failed");
    assertThat(md).contains("For 40 min `checkout-api` failed 3.2% of requests");
    assertThat(md)
        .contains("- Retries in `checkout-api` amplified the load.")
        .doesNotContain("fraud-svc")
        .doesNotContain("billing-worker");
    assertThat(md)
        .contains(
            "| Add a pool-usage canary check to payments-api rollouts | prevent"
                + " | to assign | P1 |");
    assertThat(md)
        .contains(
            "- The rollback started 9 min after the alert.\n" + "- To complete by the responders.");
    // the detection facts stay, the narrative is added on top
    assertThat(md).contains("Lead time: the alert-tier prediction came 12 min before");
    assertThat(AdfValidator.validate(AdfRenderer.render(doc))).isEmpty();
    assertThat(server.requests.get(0).at("/response_format/json_schema/name").asText())
        .isEqualTo("postmortem_draft");
  }

  @Test
  void tinyInputBudgetFallsBackWithoutCalling() {
    Document doc =
        drafter(config(Map.of("llm.max-input-tokens", "500"))).ticket(DraftFixtures.context());
    assertThat(doc).isEqualTo(template.ticket(DraftFixtures.context()));
    assertThat(server.requests).isEmpty();
    assertThat(outcomes.get(0).detail()).contains("llm.max-input-tokens");
  }

  @Test
  void factorySelectsByProvider() {
    assertThat(Drafter.create(PrecursorConfig.defaults())).isInstanceOf(TemplateDrafter.class);
    assertThat(Drafter.create(config(Map.of()))).isInstanceOf(LlmDrafter.class);
    assertThat(Drafter.create(config(Map.of("llm.provider", "ollama"))))
        .isInstanceOf(LlmDrafter.class);
    assertThatThrownBy(() -> Drafter.create(config(Map.of("llm.provider", "bard"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.provider: expected none, openai, ollama or anthropic");
    assertThatThrownBy(
            () -> Drafter.create(PrecursorConfig.defaults().with(Map.of("llm.provider", "openai"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("llm.model: required when llm.provider=openai");
  }
}
