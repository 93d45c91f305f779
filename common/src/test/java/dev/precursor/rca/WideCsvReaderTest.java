package dev.precursor.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precursor.InvalidTelemetryException;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class WideCsvReaderTest {
  @Test
  void readsEmptyCellsOddNamesAndUnorderedTimes() throws IOException {
    String csv =
        "time,cart-svc.v2:prod/x@eu_cpu,\"a,b_mem\",front_latency\n"
            + "1700000010,1.5,,3\n"
            + "1700000000,1.0,NaN,\n"
            + "1700000010,2.5,7,4\n";
    MetricTable t = WideCsvReader.read(new StringReader(csv), "m.csv");
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.names()).containsExactly("cart-svc.v2:prod/x@eu_cpu", "a,b_mem", "front_latency");
    assertThat(MetricTable.serviceOf(t.name(0))).isEqualTo("cart-svc.v2:prod/x@eu");
    assertThat(t.time(0)).isEqualTo(1_700_000_000_000L);
    assertThat(t.value(0, 0)).isEqualTo(1.0);
    assertThat(t.value(1, 0)).isNaN();
    assertThat(t.value(0, 1)).isEqualTo(1.5); // stable order among repeated times
    assertThat(t.value(2, 0)).isNaN();
  }

  @Test
  void acceptsRfc3339AndIgnoresPandasIndexColumn() throws IOException {
    String csv = ",time,a_cpu\n0,2026-01-02T03:04:05Z,1\n1,2026-01-02T03:04:06Z,2\n";
    MetricTable t = WideCsvReader.read(new StringReader(csv), "m.csv");
    assertThat(t.names()).containsExactly("a_cpu");
    assertThat(t.time(1) - t.time(0)).isEqualTo(1000);
  }

  @Test
  void namesFileLineAndFieldOfABadCell() {
    String csv = "time,a_cpu,b_mem\n1,1,2\n2,1,oops\n";
    assertThatThrownBy(() -> WideCsvReader.read(new StringReader(csv), "m.csv"))
        .isInstanceOf(InvalidTelemetryException.class)
        .hasMessageContaining("m.csv:3")
        .hasMessageContaining("'b_mem'")
        .hasMessageContaining("oops");
  }

  @Test
  void rejectsMissingTimeColumnAndBadTimes() {
    assertThatThrownBy(() -> WideCsvReader.read(new StringReader("a_cpu\n1\n"), "m.csv"))
        .hasMessageContaining("m.csv:1")
        .hasMessageContaining("'time'");
    assertThatThrownBy(
            () -> WideCsvReader.read(new StringReader("time,a_cpu\nyesterday,1\n"), "m.csv"))
        .hasMessageContaining("m.csv:2")
        .hasMessageContaining("field 'time'");
    assertThatThrownBy(() -> WideCsvReader.read(new StringReader("time,a_cpu\n1,1,2\n"), "m.csv"))
        .hasMessageContaining("m.csv:2");
  }
}
