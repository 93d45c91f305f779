package dev.precursor.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precursor.model.Tier;
import dev.precursor.store.Store;
import dev.precursor.store.StoreFixtures;
import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.JdbcTicketStore;
import dev.precursor.ticket.TicketDispatcher;
import dev.precursor.ticket.TicketFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole lifecycle against a fake Jira Data Center (REST v2, wiki markup, PAT). */
class JiraDataCenterIT {
  private final TicketFixtures.MutableClock clock =
      new TicketFixtures.MutableClock(TicketFixtures.T0);
  private final FakeJira jira = JiraFixtures.dataCenter(clock);
  private final Store db = StoreFixtures.h2();
  private final JdbcTicketStore store = new JdbcTicketStore(db);
  private final TicketDispatcher dispatcher =
      new TicketDispatcher(
          store,
          List.of(JiraFixtures.sink(jira, clock, Map.of("jira.resolution", "Fixed"))),
          JiraFixtures.drafter(),
          new TicketDispatcher.Settings(
              "staging",
              new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
              Duration.ofHours(1),
              Duration.ofSeconds(1),
              null,
              null),
          clock,
          null,
          new Random(5));

  @AfterEach
  void close() {
    dispatcher.close();
    jira.close();
    db.close();
  }

  @Test
  void filesCommentsAndResolvesWithWikiMarkupAndBearerToken() {
    dispatcher.onSituation(
        TicketFixtures.checkout("s1"), TicketFixtures.prediction("s1", Tier.ALERT, 0.97));
    dispatcher.deliverDue();
    dispatcher.onSituation(
        TicketFixtures.situation(
            "s1", true, List.of("checkout", "payments"), "payments", "pool exhausted"),
        TicketFixtures.prediction("s1", Tier.ALERT, 0.97));
    dispatcher.deliverDue();
    // the same update again (a replay): nothing new is posted
    dispatcher.onSituation(
        TicketFixtures.situation(
            "s1", true, List.of("checkout", "payments"), "payments", "pool exhausted"),
        TicketFixtures.prediction("s1", Tier.ALERT, 0.98));
    dispatcher.deliverDue();
    dispatcher.onSituation(
        TicketFixtures.situation("s1", false, List.of("checkout"), "payments", "pool exhausted"),
        null);
    dispatcher.deliverDue();

    assertThat(jira.issues()).hasSize(1);
    FakeJira.Issue issue = jira.issues().get(0);
    FakeJira.Recorded create = jira.requests("POST", "/rest/api/2/issue").get(0);
    assertThat(create.headers().get("authorization")).isEqualTo("Bearer " + JiraFixtures.TOKEN);
    JsonNode description = create.json().path("fields").path("description");
    assertThat(description.isTextual()).isTrue();
    assertThat(description.asText())
        .contains(
            "h2. Summary", "*checkout*", "[dashboard|https://grafana.example.com/d/abc]", "{code");
    assertThat(create.json().path("fields").path("priority").path("name").asText())
        .isEqualTo("Highest");
    assertThat(issue.comments).hasSize(2);
    assertThat(issue.comments.get(0).path("body").isTextual()).isTrue();
    assertThat(issue.comments.get(0).path("body").asText())
        .contains("New top root-cause hypothesis: payments: pool exhausted");
    assertThat(issue.statusCategory()).isEqualTo("done");
    assertThat(issue.resolution()).isEqualTo("Fixed");
    assertThat(issue.attachments).containsKey("postmortem-" + issue.key + ".md");
    assertThat(jira.requests("POST", "/rest/api/3")).isEmpty();
  }
}
