package dev.precursor.jira;

import dev.precursor.config.PrecursorConfig;
import dev.precursor.draft.Document;
import dev.precursor.draft.DraftContext;
import dev.precursor.draft.Drafter;
import dev.precursor.model.Hypothesis;
import dev.precursor.ticket.RateLimiter;
import dev.precursor.ticket.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jira configurations and clients pointed at a {@link FakeJira}, and a rich test drafter. */
final class JiraFixtures {
  static final String USER = "precursor-bot@example.com";
  static final String TOKEN = "s3cr3t-api-token";

  private JiraFixtures() {}

  static FakeJira cloud(Clock clock) {
    return new FakeJira(true, USER, TOKEN, clock);
  }

  static FakeJira dataCenter(Clock clock) {
    return new FakeJira(false, USER, TOKEN, clock);
  }

  static PrecursorConfig config(FakeJira fake, Map<String, String> extra) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("jira.url", fake.url());
    if (fake.apiVersion() == 3) {
      m.put("jira.user", USER);
    }
    m.put("jira.token", TOKEN);
    m.put("jira.project", "OPS");
    m.put("jira.issue-type", "Incident");
    m.put("jira.api-version", String.valueOf(fake.apiVersion()));
    m.put("jira.component-mapping", "checkout=Checkout,payments=Payments");
    m.put(
        "jira.custom-fields",
        "customfield_10050={service};customfield_10051={\"value\":\"{tier}\"}");
    m.put("jira.labels", "precursor,auto filed");
    m.putAll(extra);
    return PrecursorConfig.defaults().with(m);
  }

  static JiraClient client(JiraConfig config, Clock clock) {
    return new JiraClient(
        config,
        HttpClient.newHttpClient(),
        new RateLimiter(1000, 1000, Clock.systemUTC(), Sleeper.system()),
        clock);
  }

  static JiraTicketSink sink(FakeJira fake, Clock clock, Map<String, String> extra) {
    return new JiraTicketSink(client(JiraConfig.from(config(fake, extra)), clock), clock);
  }

  /** A drafter whose documents use every block and inline kind, including awkward text. */
  static Drafter drafter() {
    return new Drafter() {
      @Override
      public Document ticket(DraftContext c) {
        List<Document.Block> b = new ArrayList<>();
        b.add(new Document.Heading(2, "Summary"));
        b.add(
            new Document.Paragraph(
                List.of(
                    Document.Text.plain("Error rate on "),
                    Document.Text.strong("checkout"),
                    Document.Text.plain(" is climbing; "),
                    new Document.Text("", false, false),
                    new Document.Link("dashboard", "https://grafana.example.com/d/abc"),
                    Document.Text.plain(" [x] -5% a|b"))));
        b.add(new Document.Heading(2, "Hypotheses"));
        List<List<Document.Inline>> items = new ArrayList<>();
        for (Hypothesis h : c.situation().hypotheses()) {
          items.add(
              List.of(Document.Text.strong(h.service()), Document.Text.plain(": " + h.cause())));
        }
        b.add(new Document.BulletList(true, items));
        b.add(
            new Document.Table(
                List.of("service", "signal"),
                List.of(List.of("checkout", "http 5xx"), List.of("payments", ""))));
        b.add(new Document.Code("text", "java.net.SocketTimeoutException: read timed out\n  at x"));
        return new Document(
            "[Precursor] Incident predicted on " + String.join(", ", c.situation().services()), b);
      }

      @Override
      public Document postmortem(DraftContext c) {
        return new Document(
            "Postmortem: " + c.situation().id(),
            List.of(
                new Document.Heading(2, "Summary"),
                Document.Paragraph.of(
                    "Checkout errors after deploy 1.4.2; recovered after rollback."),
                new Document.Heading(2, "Timeline"),
                new Document.BulletList(
                    false,
                    List.of(
                        List.of(Document.Text.plain("14:00 anomaly")),
                        List.of(Document.Text.plain("14:40 recovered"))))));
      }
    };
  }
}
