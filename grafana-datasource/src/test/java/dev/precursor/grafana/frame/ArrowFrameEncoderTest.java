package dev.precursor.grafana.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrowFrameEncoderTest {
  private final ArrowFrameEncoder encoder = new ArrowFrameEncoder(new RootAllocator());
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    encoder.close();
  }

  @Test
  void writesAnArrowFileWithGrafanaMetadata() throws Exception {
    Instant t0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
    Instant t1 = t0.plusSeconds(60);
    Frame f =
        new Frame(
            "risk",
            FrameMeta.typed("timeseries-multi", "GET /api/v1/predictions"),
            List.of(
                Field.time("time", List.of(t0, t1)),
                Field.float64(
                    "risk",
                    Map.of("service", "checkout"),
                    FrameMeta.config("checkout", "percentunit"),
                    List.of(0.25, 0.9))));
    byte[] bytes = encoder.encode(f, "A");

    String head = new String(bytes, 0, 6, StandardCharsets.US_ASCII);
    String tail = new String(bytes, bytes.length - 6, 6, StandardCharsets.US_ASCII);
    assertThat(head).isEqualTo("ARROW1");
    assertThat(tail).isEqualTo("ARROW1");

    DecodedFrame d = DecodedFrame.decode(bytes);
    assertThat(d.metadata()).containsEntry("name", "risk").containsEntry("refId", "A");
    JsonNode meta = json.readTree(d.metadata().get("meta"));
    assertThat(meta.get("type").asText()).isEqualTo("timeseries-multi");
    assertThat(meta.get("typeVersion").isArray()).isTrue();
    assertThat(meta.get("typeVersion").get(1).asInt()).isEqualTo(1);

    DecodedFrame.Column time = d.column("time");
    assertThat(time.type()).isEqualTo(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
    assertThat(time.nullable()).isFalse();
    assertThat(time.metadata()).containsEntry("tstype", "time");
    // nanoseconds since the epoch, to the nanosecond
    assertThat(time.values().get(0))
        .isEqualTo(
            java.time.LocalDateTime.ofEpochSecond(
                t0.getEpochSecond(), t0.getNano(), java.time.ZoneOffset.UTC));

    DecodedFrame.Column risk = d.column("risk");
    assertThat(risk.values()).containsExactly(0.25, 0.9);
    assertThat(json.readTree(risk.metadata().get("labels")).get("service").asText())
        .isEqualTo("checkout");
    assertThat(json.readTree(risk.metadata().get("config")).get("unit").asText())
        .isEqualTo("percentunit");
    assertThat(risk.metadata()).containsEntry("tstype", "number");
  }

  @Test
  void writesNullsOnlyInNullableFields() {
    List<String> names = new ArrayList<>(Arrays.asList("a", null));
    Frame f =
        new Frame(
            "t",
            null,
            List.of(
                Field.nullableString("name", null, new ArrayList<>(names)),
                Field.nullableFloat64("v", null, new ArrayList<>(Arrays.asList(null, 2.0))),
                Field.int64("n", null, List.of(1L, 2L)),
                new Field("ok", FieldType.BOOL, false, Map.of(), null, List.of(true, false))));
    DecodedFrame d = DecodedFrame.decode(encoder.encode(f, "B"));
    assertThat(d.rows()).isEqualTo(2);
    assertThat(d.metadata()).doesNotContainKey("meta");
    assertThat(d.column("name").values()).containsExactly("a", null);
    assertThat(d.column("name").nullable()).isTrue();
    assertThat(d.column("v").values()).containsExactly(null, 2.0);
    assertThat(d.column("n").values()).containsExactly(1L, 2L);
    assertThat(d.column("ok").values()).containsExactly(true, false);
    assertThat(d.column("ok").metadata()).containsEntry("tstype", "boolean");

    assertThatThrownBy(() -> Field.string("s", null, new ArrayList<>(names)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not nullable");
  }

  @Test
  void encodesAFrameWithoutFieldsAsNoData() {
    DecodedFrame d =
        DecodedFrame.decode(
            encoder.encode(
                new Frame("risk", FrameMeta.typed("timeseries-multi", "q"), List.of()), "C"));
    assertThat(d.columns()).isEmpty();
    assertThat(d.rows()).isZero();
    assertThat(d.metadata()).containsEntry("refId", "C");
  }

  @Test
  void rejectsFieldsOfDifferentLengthAndWrongValueTypes() {
    assertThatThrownBy(
            () ->
                new Frame(
                    "x",
                    null,
                    List.of(
                        Field.string("a", null, List.of("1")), Field.string("b", null, List.of()))))
        .hasMessageContaining("field 'b' has 0 rows, expected 1");
    assertThatThrownBy(() -> new Field("a", FieldType.FLOAT64, false, Map.of(), null, List.of("x")))
        .hasMessageContaining("FLOAT64 got String");
  }
}
