package dev.precursor.detect.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precursor.detect.DetectorProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Quality floor on a small generated corpus (a different seed from the documented run), so a change
 * that breaks detection fails the build. The full table is produced by {@link DetectionEvaluation}.
 */
class DetectionEvaluationTest {
  private static final List<LabeledSeries> CORPUS = SyntheticCorpus.generate(6, 7);

  @Test
  void detectsMostAnomaliesWithFewFalseAlarms() {
    List<double[]> scores = DetectionEvaluation.scoreAll(CORPUS, DetectorProfile.BALANCED);
    Map<String, DetectionEvaluation.KindStats> stats =
        DetectionEvaluation.perKind(CORPUS, scores, DetectorProfile.BALANCED.alarmScore());
    assertThat(stats.get("spike").recall()).isGreaterThanOrEqualTo(0.8);
    assertThat(stats.get("level-shift").recall()).isGreaterThanOrEqualTo(0.6);
    assertThat(stats.get("variance").recall()).isGreaterThanOrEqualTo(0.6);
    assertThat(stats.get("all").recall()).isGreaterThanOrEqualTo(0.7);
    assertThat(stats.get("all").precision()).isGreaterThanOrEqualTo(0.3);
    for (double[] s : scores) {
      for (double v : s) {
        assertThat(v).isBetween(0.0, 1.0);
      }
    }
  }

  @Test
  void nabStyleScoreBeatsTheNullDetectorByFar() {
    List<double[]> scores = DetectionEvaluation.scoreAll(CORPUS, DetectorProfile.BALANCED);
    NabScorer.Result r = NabScorer.score(CORPUS, scores, NabScorer.Costs.STANDARD);
    assertThat(r.normalized()).isGreaterThan(50);
  }

  @Test
  void nabScorerRewardsEarlyDetectionAndPenalisesFalsePositives() {
    long[] t = new long[1000];
    double[] v = new double[1000];
    List<LabeledSeries> one =
        List.of(
            new LabeledSeries("x", "spike", t, v, List.of(new LabeledSeries.Label(600, 550, 650))));
    double[] early = new double[1000];
    early[551] = 1;
    double[] late = new double[1000];
    late[640] = 1;
    double[] noisy = early.clone();
    for (int i = 200; i < 500; i += 10) {
      noisy[i] = 1;
    }
    double e = NabScorer.score(one, List.of(early), NabScorer.Costs.STANDARD).normalized();
    double l = NabScorer.score(one, List.of(late), NabScorer.Costs.STANDARD).normalized();
    double n = NabScorer.score(one, List.of(noisy), NabScorer.Costs.STANDARD).normalized();
    assertThat(e).isGreaterThan(95);
    assertThat(l).isLessThan(e).isGreaterThan(50);
    assertThat(n).isLessThan(e);
  }
}
