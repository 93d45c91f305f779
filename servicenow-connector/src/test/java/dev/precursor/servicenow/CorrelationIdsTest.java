package dev.precursor.servicenow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorrelationIdsTest {
  @Test
  void aCleanKeyIsKeptReadableWithTheEnvironment() {
    assertThat(CorrelationIds.incident("production", "prc-0123456789abcdef"))
        .isEqualTo("precursor:production:prc-0123456789abcdef");
  }

  @Test
  void isStableAndSeparatesEnvironments() {
    assertThat(CorrelationIds.incident("prod", "k1"))
        .isEqualTo(CorrelationIds.incident("prod", "k1"));
    assertThat(CorrelationIds.incident("prod", "k1"))
        .isNotEqualTo(CorrelationIds.incident("staging", "k1"));
  }

  @Test
  void queryMetacharactersAndLongValuesAreHashedNeverPassedThrough() {
    String id = CorrelationIds.incident("prod/eu", "a=b^active=false^ORcorrelation_id=");
    assertThat(id).doesNotContain("^").doesNotContain("=").doesNotContain("/");
    assertThat(CorrelationIds.isSafe(id)).isTrue();
    assertThat(id)
        .isEqualTo(CorrelationIds.incident("prod/eu", "a=b^active=false^ORcorrelation_id="));
    assertThat(CorrelationIds.incident("prod", "a=b"))
        .isNotEqualTo(CorrelationIds.incident("prod", "a-b"));
    String longKey = CorrelationIds.incident("e".repeat(80), "k".repeat(500));
    assertThat(longKey.length()).isLessThanOrEqualTo(100);
    assertThat(CorrelationIds.isSafe(longKey)).isTrue();
  }

  @Test
  void anEmptyKeyOrEnvironmentIsRefused() {
    assertThatThrownBy(() -> CorrelationIds.incident("prod", "  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> CorrelationIds.incident("", "k"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CorrelationIds.isSafe("")).isFalse();
    assertThat(CorrelationIds.isSafe("precursor:")).isTrue(); // prefix alone is never produced
    assertThat(CorrelationIds.isSafe("correlation_id=x")).isFalse();
  }
}
