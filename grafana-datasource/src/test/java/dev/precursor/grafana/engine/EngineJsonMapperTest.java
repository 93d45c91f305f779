package dev.precursor.grafana.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precursor.grafana.engine.EngineModel.Prediction;
import dev.precursor.grafana.engine.EngineModel.ScoreSeries;
import dev.precursor.grafana.engine.EngineModel.ServiceGraph;
import dev.precursor.grafana.engine.EngineModel.Situation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineJsonMapperTest {
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode read(String s) throws Exception {
    return json.readTree(s);
  }

  @Test
  void readsADesignPrediction() throws Exception {
    Prediction p =
        EngineJsonMapper.prediction(
            read(
                "{\"id\":\"p1\",\"situationId\":\"s1\",\"service\":\"checkout\",\"tier\":\"alert\","
                    + "\"confidence\":0.91,\"raisedAt\":\"2026-03-01T10:00:00Z\",\"expectedAt\":1772359800000,"
                    + "\"pattern\":\"memory leak\",\"similarIncidents\":[{\"id\":\"INC-7\",\"title\":\"OOM in cart\",\"similarity\":0.83}],"
                    + "\"rootCause\":{\"service\":\"cart\",\"kind\":\"deploy\",\"summary\":\"v2.3.1\"},"
                    + "\"recommendedAction\":\"roll back cart\",\"state\":\"open\",\"extra\":1}"));
    assertThat(p.confidence()).isEqualTo(0.91);
    assertThat(p.raisedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(p.expectedAt()).isEqualTo(Instant.ofEpochMilli(1772359800000L));
    assertThat(p.similarIncidents().get(0).title()).isEqualTo("OOM in cart");
    assertThat(p.rootCause().service()).isEqualTo("cart");
  }

  @Test
  void namesTheMissingField() throws Exception {
    assertThatThrownBy(
            () ->
                EngineJsonMapper.prediction(
                    read("{\"id\":\"p1\",\"service\":\"a\",\"confidence\":0.5}")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("raisedAt");
    assertThatThrownBy(
            () ->
                EngineJsonMapper.prediction(
                    read(
                        "{\"id\":\"p1\",\"service\":\"a\",\"raisedAt\":\"x\",\"confidence\":\"hi\"}")))
        .hasMessageContaining("numeric 'confidence'");
  }

  @Test
  void readsASituationWithHypothesesDeploysAndTickets() throws Exception {
    Situation s =
        EngineJsonMapper.situation(
            read(
                "{\"id\":\"s1\",\"state\":\"resolved\",\"openedAt\":\"2026-03-01T10:00:00+01:00\",\"resolvedAt\":null,"
                    + "\"services\":[\"cart\",\"checkout\"],\"anomalies\":[{},{}],"
                    + "\"hypotheses\":[{\"service\":\"cart\",\"cause\":\"deploy v2\",\"confidence\":0.8,\"evidence\":[]}],"
                    + "\"deploys\":[{\"id\":\"d\",\"service\":\"cart\",\"version\":\"v2\",\"at\":\"2026-03-01T08:55:00Z\",\"kind\":\"deploy\",\"source\":\"ci\"}],"
                    + "\"tickets\":[{\"system\":\"jira\",\"key\":\"OPS-1\",\"url\":\"u\"}]}"));
    assertThat(s.openedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(s.resolvedAt()).isNull();
    assertThat(s.anomalyCount()).isEqualTo(2);
    assertThat(s.deploys().get(0).version()).isEqualTo("v2");
    assertThat(s.tickets().get(0).key()).isEqualTo("OPS-1");
  }

  @Test
  void readsScoreSeriesInBothShapesAndMergesPoints() throws Exception {
    List<JsonNode> items =
        List.of(
            read(
                "{\"service\":\"cart\",\"metric\":\"latency\",\"attributes\":{\"route\":\"/a\"},"
                    + "\"points\":[{\"at\":\"2026-03-01T10:01:00Z\",\"score\":0.2},{\"at\":\"2026-03-01T10:00:00Z\",\"score\":0.1}]}"),
            read(
                "{\"service\":\"cart\",\"metric\":\"latency\",\"attributes\":{\"route\":\"/a\"},\"at\":1772359260000,\"score\":0.7}"),
            read(
                "{\"service\":\"cart\",\"metric\":\"errors\",\"points\":[[\"2026-03-01T10:00:00Z\",0.5]]}"));
    List<ScoreSeries> s = EngineJsonMapper.scores(items);
    assertThat(s).hasSize(2);
    ScoreSeries latency = s.get(0);
    assertThat(latency.attributes()).isEqualTo(Map.of("route", "/a"));
    assertThat(latency.points())
        .extracting(EngineModel.ScorePoint::score)
        .containsExactly(0.1, 0.7);
    assertThat(s.get(1).points()).hasSize(1);
  }

  @Test
  void readsTheServiceGraph() throws Exception {
    ServiceGraph g =
        EngineJsonMapper.serviceGraph(
            read(
                "{\"nodes\":[{\"service\":\"cart\",\"requestRate\":12.5,\"errorRatio\":0.02}],"
                    + "\"edges\":[{\"from\":\"checkout\",\"to\":\"cart\",\"callRate\":3,\"errorRatio\":0.1}]}"));
    assertThat(g.nodes().get(0).requestRate()).isEqualTo(12.5);
    assertThat(g.edges().get(0).from()).isEqualTo("checkout");
  }

  @Test
  void settingsNameWhatToFix() {
    assertThatThrownBy(() -> EngineSettings.parse(new byte[0], "", Map.of()))
        .hasMessageContaining("no engine URL");
    assertThatThrownBy(() -> EngineSettings.parse("{\"url\":\"ftp://x\"}".getBytes(), "", Map.of()))
        .hasMessageContaining("must be an absolute http:// or https:// URL");
    EngineSettings s =
        EngineSettings.parse(
            "{\"url\":\"http://engine:8470/\"}".getBytes(), "", Map.of("token", "t0k"));
    assertThat(s.url().toString()).isEqualTo("http://engine:8470");
    assertThat(s.token()).isEqualTo("t0k");
    assertThat(EngineSettings.parse(new byte[0], "http://fallback:8470", Map.of()).token())
        .isNull();
  }
}
