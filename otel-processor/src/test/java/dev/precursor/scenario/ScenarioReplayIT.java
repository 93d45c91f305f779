package dev.precursor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.model.Tier;
import org.junit.jupiter.api.Test;

/**
 * Whole-engine replays through the real OTLP/gRPC receiver with the SDK exporters: the memory leak
 * raises an alert-tier prediction naming the right root cause before the static threshold would
 * fire; a clean day raises none.
 */
class ScenarioReplayIT {
  @Test
  void memoryLeakIsPredictedBeforeTheStaticThresholdWithTheRightRootCause() {
    Scenario sc = ScenarioLibrary.memoryLeakAfterDeploy(1);
    ScenarioRunner.Result r = ScenarioRunner.run(sc, at -> {});
    assertThat(r.firstAlert()).as("alert-tier prediction").isNotNull();
    assertThat(r.firstAlert().prediction().tier()).isEqualTo(Tier.ALERT);
    assertThat(r.firstAlert().prediction().rootCause().service()).isEqualTo("cache");
    assertThat(r.staticAlertAt()).isNotNull();
    assertThat(r.alertAt()).isBefore(r.staticAlertAt());
    assertThat(r.rootCauseRank()).isEqualTo(1);
    assertThat(r.deploys())
        .anyMatch(d -> d.service().equals("cache") && d.version().equals("2.3.1"));
  }

  @Test
  void cleanDayRaisesNoAlert() {
    ScenarioRunner.Result r = ScenarioRunner.run(ScenarioLibrary.cleanDay(1), at -> {});
    assertThat(r.firstAlert()).isNull();
    assertThat(r.staticAlertAt()).isNull();
  }
}
