package dev.precursor.servicenow;

import static dev.precursor.servicenow.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.DownstreamException;
import dev.precursor.config.PrecursorConfig;
import dev.precursor.servicenow.internal.ServiceNowClient;
import dev.precursor.ticket.TicketRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceNowOAuthIT {
  @StartStop final MockWebServer server = new MockWebServer();

  private final MutableClock clock = new MutableClock(T0);
  private final FakeServiceNow fake = new FakeServiceNow(clock).useOAuth();

  @BeforeEach
  void start() {
    server.setDispatcher(fake);
  }

  private ServiceNowTicketSink sink(Map<String, String> extra) {
    PrecursorConfig config = Fixtures.config(server, extra);
    ServiceNowConfig c = ServiceNowConfig.from(config);
    return new ServiceNowTicketSink(c, new ServiceNowClient(c, clock, new Random(3)), clock);
  }

  private static Map<String, String> form(RecordedRequest r) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String pair : r.getBody().utf8().split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          java.net.URLDecoder.decode(
              pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(
              pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return m;
  }

  @Test
  void passwordGrantThenRefreshBeforeExpiryAndAfterA401() {
    Map<String, String> oauth =
        Map.of(
            "servicenow.auth", "oauth-password",
            "servicenow.client-id", FakeServiceNow.CLIENT_ID,
            "servicenow.client-secret", FakeServiceNow.CLIENT_SECRET);
    TicketRequest req = Fixtures.request("o1", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink(oauth)) {
      sink.open(req);
      List<RecordedRequest> tokens = fake.requests("POST", "/oauth_token.do");
      assertThat(tokens).hasSize(1);
      Map<String, String> first = form(tokens.get(0));
      assertThat(first)
          .containsEntry("grant_type", "password")
          .containsEntry("client_id", FakeServiceNow.CLIENT_ID)
          .containsEntry("username", FakeServiceNow.USER);
      assertThat(tokens.get(0).getHeaders().get("Content-Type"))
          .startsWith("application/x-www-form-urlencoded");
      RecordedRequest call = fake.requests("GET", "/api/now/v2/table/incident").get(0);
      assertThat(call.getHeaders().get("Authorization")).startsWith("Bearer at-");

      // 30 minutes later the token is about to expire: renewed with the refresh token first
      clock.advance(Duration.ofSeconds(1799 - 30));
      sink.find(req);
      tokens = fake.requests("POST", "/oauth_token.do");
      assertThat(tokens).hasSize(2);
      assertThat(form(tokens.get(1))).containsEntry("grant_type", "refresh_token");
      assertThat(form(tokens.get(1)).get("refresh_token")).startsWith("rt-");

      // the instance revokes tokens: the 401 triggers one renewal and the call succeeds
      fake.revokeAccessTokens();
      int calls = fake.requests("GET", "/api/now/v2/table/incident").size();
      assertThat(sink.find(req)).isPresent();
      assertThat(fake.requests("POST", "/oauth_token.do")).hasSize(3);
      List<RecordedRequest> gets = fake.requests("GET", "/api/now/v2/table/incident");
      assertThat(gets).hasSize(calls + 2); // rejected once, then accepted
      assertThat(gets.get(gets.size() - 1).getHeaders().get("Authorization"))
          .isNotEqualTo(gets.get(gets.size() - 2).getHeaders().get("Authorization"));
    }
  }

  @Test
  void clientCredentialsGrantSendsNoUserAndReGrantsWithoutARefreshToken() {
    Map<String, String> oauth =
        Map.of(
            "servicenow.auth", "oauth-client-credentials",
            "servicenow.client-id", FakeServiceNow.CLIENT_ID,
            "servicenow.client-secret", FakeServiceNow.CLIENT_SECRET,
            "servicenow.user", "",
            "servicenow.password", "",
            "servicenow.oauth-scope", "useraccount");
    TicketRequest req = Fixtures.request("o2", 0.9, "checkout-api");
    try (ServiceNowTicketSink sink = sink(oauth)) {
      sink.open(req);
      fake.revokeAccessTokens();
      sink.find(req);
    }
    List<RecordedRequest> tokens = fake.requests("POST", "/oauth_token.do");
    assertThat(tokens).hasSize(2);
    for (RecordedRequest t : tokens) {
      assertThat(form(t))
          .containsEntry("grant_type", "client_credentials")
          .containsEntry("scope", "useraccount")
          .doesNotContainKeys("username", "password");
    }
  }

  @Test
  void rejectedClientCredentialsFailForGoodWithoutShowingTheSecret() {
    Map<String, String> oauth =
        Map.of(
            "servicenow.auth",
            "oauth-password",
            "servicenow.client-id",
            FakeServiceNow.CLIENT_ID,
            "servicenow.client-secret",
            "wrong-" + FakeServiceNow.CLIENT_SECRET);
    try (ServiceNowTicketSink sink = sink(oauth)) {
      assertThatThrownBy(() -> sink.open(Fixtures.request("o3", 0.9, "checkout-api")))
          .isInstanceOfSatisfying(
              DownstreamException.class,
              e -> {
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.status()).isEqualTo(401);
              })
          .hasMessageContaining("OAuth token request (grant_type=password) failed with HTTP 401")
          .hasMessageContaining("access_denied")
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .doesNotContain(FakeServiceNow.CLIENT_SECRET)
                      .doesNotContain(FakeServiceNow.PASSWORD));
    }
    assertThat(fake.requests("GET", "/api/now/v2/table/incident")).isEmpty();
  }
}
