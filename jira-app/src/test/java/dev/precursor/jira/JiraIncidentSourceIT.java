package dev.precursor.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.memory.PastTicket;
import dev.precursor.ticket.Backoff;
import dev.precursor.ticket.RetryPolicy;
import dev.precursor.ticket.TicketFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code precursor learn jira:PROJECT}: paging through resolved issues on both API versions. */
class JiraIncidentSourceIT {
  private final TicketFixtures.MutableClock clock =
      new TicketFixtures.MutableClock(TicketFixtures.T0);
  private final List<Duration> slept = new ArrayList<>();

  private JiraIncidentSource source(FakeJira fake, int pageSize) {
    return new JiraIncidentSource(
        JiraFixtures.client(JiraConfig.from(JiraFixtures.config(fake, Map.of())), clock),
        new RetryPolicy(
            4,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)),
            slept::add,
            new Random(3)),
        pageSize);
  }

  private static void seed(FakeJira fake, int n) {
    for (int i = 0; i < n; i++) {
      fake.seedResolved(
          "Checkout 5xx #" + i,
          "Error rate climbed after deploy " + i,
          i % 3 == 0 ? "Won't Do" : "Fixed",
          TicketFixtures.T0.minus(Duration.ofDays(30 - i)));
    }
  }

  @Test
  void pagesWithNextPageTokenOnCloud() {
    try (FakeJira fake = JiraFixtures.cloud(clock)) {
      seed(fake, 23);
      fake.maxPage(10);
      fake.failNext(1, 429, "7", "/search/jql");
      List<PastTicket> got = new ArrayList<>();
      long n = source(fake, 50).fetch("OPS", got::add);
      assertThat(n).isEqualTo(23);
      assertThat(got)
          .extracting(PastTicket::title)
          .doesNotHaveDuplicates()
          .contains("Checkout 5xx #0", "Checkout 5xx #22");
      assertThat(fake.requests("POST", "/rest/api/3/search/jql")).hasSize(1 + 3);
      assertThat(fake.requests("POST", "/search/jql").get(2).json().has("nextPageToken")).isTrue();
      assertThat(slept).hasSize(1);
      assertThat(slept.get(0)).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7700));
      PastTicket t = got.get(0);
      assertThat(t.source()).isEqualTo("jira");
      assertThat(t.body()).contains("Error rate climbed after deploy 0", "Resolution: Won't Do");
      assertThat(t.resolvedAt()).isEqualTo(TicketFixtures.T0.minus(Duration.ofDays(30)));
      assertThat(t.openedAt()).isEqualTo(TicketFixtures.T0);
      assertThat(t.url()).isEqualTo(fake.url() + "/browse/" + t.key());
      assertThat(fake.requests("POST", "/search/jql").get(0).json().path("jql").asText())
          .isEqualTo("project = \"OPS\" AND resolution IS NOT EMPTY ORDER BY created ASC");
    }
  }

  @Test
  void pagesWithStartAtOnDataCenter() {
    try (FakeJira fake = JiraFixtures.dataCenter(clock)) {
      seed(fake, 17);
      fake.maxPage(5);
      List<PastTicket> got = new ArrayList<>();
      long n = source(fake, 50).fetch("ops issuetype = Incident", got::add);
      assertThat(n).isEqualTo(17);
      assertThat(got).extracting(PastTicket::key).doesNotHaveDuplicates();
      assertThat(fake.requests("POST", "/rest/api/2/search"))
          .extracting(r -> r.json().path("startAt").asInt())
          .containsExactly(0, 5, 10, 15);
      assertThat(got.get(0).body()).contains("Error rate climbed after deploy 0");
    }
  }

  @Test
  void buildsBoundedJql() {
    assertThat(JiraIncidentSource.jql("OPS"))
        .isEqualTo("project = \"OPS\" AND resolution IS NOT EMPTY ORDER BY created ASC");
    assertThat(JiraIncidentSource.jql("ops:labels = outage ORDER BY resolutiondate DESC"))
        .isEqualTo(
            "project = \"OPS\" AND resolution IS NOT EMPTY AND (labels = outage) ORDER BY resolutiondate DESC");
    assertThatThrownBy(() -> JiraIncidentSource.jql(" = x")).hasMessageContaining("jira:PROJECT");
  }

  @Test
  void finalErrorsStopTheImportWithJirasMessage() {
    try (FakeJira fake = JiraFixtures.cloud(clock)) {
      fake.failNext(1, 401, null, null);
      assertThatThrownBy(() -> source(fake, 50).fetch("OPS", t -> {}))
          .hasMessageContaining("401 Unauthorized")
          .hasMessageContaining("You are not authenticated");
      assertThat(slept).isEmpty();
    }
  }
}
