package dev.precursor.draft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingTest {
  private final Grounding g =
      new Grounding(
          "{\"services\":[\"checkout-api\",\"payments-api\"],\"metric\":\"http.server.error_ratio\","
              + "\"version\":\"2.14.0\",\"similar\":\"INC-1042\"}");

  @Test
  void findsNamesInBackticksAndByShape() {
    assertThat(
            Grounding.names(
                "Roll back `payments-api` v2.14.0, see INC-1042 and"
                    + " http.server.error_ratio on ledger-api, e.g. now; a follow-up is on-call."))
        .containsExactly(
            "payments-api", "2.14.0", "INC-1042", "http.server.error_ratio", "ledger-api");
  }

  @Test
  void dropsOnlySentencesWithUnknownNames() {
    Grounding.Filtered f =
        g.sentences(
            "`checkout-api` fails. Version 2.15.1 is suspect. INC-1042 matches."
                + " `ledger-api` too.");
    assertThat(f.text()).isEqualTo("`checkout-api` fails. INC-1042 matches.");
    assertThat(f.dropped()).containsExactly("2.15.1", "ledger-api");
    List<String> dropped = new ArrayList<>();
    assertThat(g.items(List.of("Roll back `payments-api`.", "Restart orders-service."), dropped))
        .containsExactly("Roll back `payments-api`.");
    assertThat(dropped).containsExactly("orders-service");
  }
}
