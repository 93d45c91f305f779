package dev.precursor.draft;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precursor.draft.DraftFacts.Estimate;
import dev.precursor.draft.DraftFacts.Signal;
import dev.precursor.model.Deploy;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.SimilarIncident;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The evidence an LLM drafter sends: a compact JSON view of {@link DraftFacts} with values already
 * formatted (units, deltas), and no URLs, people or anything the facts do not hold. Larger {@code
 * level}s trim it to fit the token budget: fewer signals, timeline entries, evidence items and
 * similar incidents.
 */
final class LlmEvidence {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Trim levels; the last one is the smallest evidence still worth sending. */
  static final int MAX_LEVEL = 3;

  private LlmEvidence() {}

  static ObjectNode build(DraftFacts f, int level) {
    int maxSignals = new int[] {TemplateDrafter.MAX_SIGNALS, 8, 5, 3}[level];
    int maxTimeline = new int[] {60, 30, 15, 8}[level];
    int maxEvidence = new int[] {8, 4, 2, 1}[level];
    int maxHypotheses = new int[] {5, 4, 3, 2}[level];
    int maxSimilar = new int[] {5, 3, 2, 1}[level];

    ObjectNode root = F.objectNode();
    ObjectNode s = root.putObject("situation");
    s.put("id", f.situation.id());
    s.put("state", f.situation.state());
    s.put("firstAnomalyAt", text(f.start));
    s.put("openedAt", text(f.situation.openedAt()));
    s.put("resolvedAt", text(f.situation.resolvedAt()));
    s.put("durationMinutes", f.duration().toMinutes());
    s.put("impactedService", f.impactService);
    s.put("pattern", f.pattern);
    strings(s.putArray("services"), f.situation.services());
    strings(s.putArray("endpoints"), f.endpoints);
    strings(s.putArray("callersAtRisk"), f.atRisk);
    f.situation.tickets().forEach(t -> s.withArray("tickets").add(t.system() + " " + t.key()));
    if (f.ctx.impactAt() != null) {
      s.put("staticThresholdAlertAt", text(f.ctx.impactAt()));
    }

    ArrayNode preds = root.putArray("predictions");
    for (Prediction p : f.ctx.predictions()) {
      ObjectNode n = preds.addObject();
      n.put("id", p.id());
      n.put("raisedAt", text(p.raisedAt()));
      n.put("tier", p.tier().wire());
      n.put("confidence", Formats.percent(p.confidence()));
      n.put("service", p.service());
      n.put("pattern", Formats.humanize(p.pattern()));
      n.put("expectedImpactAt", text(p.expectedAt()));
      if (p.rootCause() != null) {
        n.put(
            "rootCause",
            p.rootCause().service()
                + " ("
                + p.rootCause().kind()
                + "): "
                + p.rootCause().summary());
      }
      if (!p.recommendedAction().isBlank()) {
        n.put("recommendedAction", p.recommendedAction());
      }
    }

    ArrayNode signals = root.putArray("signals");
    for (Signal x : f.signals.subList(0, Math.min(maxSignals, f.signals.size()))) {
      ObjectNode n = signals.addObject();
      n.put("service", x.service());
      n.put("metric", x.metric());
      if (x.endpoint() != null) {
        n.put("endpoint", x.endpoint());
      }
      n.put("kind", x.kind().label());
      n.put("direction", x.direction().wire());
      n.put("now", x.now());
      n.put("baseline", x.base());
      n.put("change", x.change());
      n.put("onset", text(x.onset()));
      n.put("score", Formats.number(x.score()));
    }
    if (f.signals.size() > maxSignals) {
      root.put("signalsNotListed", f.signals.size() - maxSignals);
    }

    ArrayNode hyps = root.putArray("hypotheses");
    List<Hypothesis> hs = f.hypotheses.subList(0, Math.min(maxHypotheses, f.hypotheses.size()));
    for (Hypothesis h : hs) {
      ObjectNode n = hyps.addObject();
      n.put("service", h.service());
      n.put("cause", h.cause());
      n.put("confidence", Formats.percent(h.confidence()));
      ArrayNode ev = n.putArray("evidence");
      for (Evidence e : h.evidence().subList(0, Math.min(maxEvidence, h.evidence().size()))) {
        ev.add(e.kind() + ": " + DraftFacts.evidenceLine(e));
      }
    }

    ArrayNode deploys = root.putArray("deploys");
    for (Deploy d : f.deploys) {
      ObjectNode n = deploys.addObject();
      n.put("service", d.service());
      n.put("version", d.version());
      n.put("kind", d.kind().wire());
      n.put("at", text(d.at()));
      if (d.environment() != null) {
        n.put("environment", d.environment());
      }
      if (d.commit() != null) {
        n.put("commit", DraftFacts.shortCommit(d.commit()));
      }
      n.put("suspected", d == f.suspectDeploy);
    }

    ArrayNode similar = root.putArray("similarIncidents");
    for (SimilarIncident i : f.similar.subList(0, Math.min(maxSimilar, f.similar.size()))) {
      ObjectNode n = similar.addObject();
      n.put("id", i.id());
      n.put("title", i.title());
      n.put("similarity", Formats.percent(i.similarity()));
      n.put("resolution", i.resolution());
    }

    ArrayNode estimates = root.putArray("affectedRequests");
    for (Estimate e : f.estimates) {
      ObjectNode n = estimates.addObject();
      n.put("service", e.service());
      n.put("requests", Formats.count(e.requests()));
      n.put("windowMinutes", e.window().toMinutes());
      if (e.failed() != null) {
        n.put("failed", Formats.count(e.failed()));
        n.put("failedBasis", e.failedBasis());
      }
      n.put("latencyElevated", e.slow());
    }

    ArrayNode timeline = root.putArray("timeline");
    List<DraftFacts.Entry> entries = f.timeline(maxSignals);
    for (DraftFacts.Entry e : entries.subList(0, Math.min(maxTimeline, entries.size()))) {
      timeline.add(Formats.full(e.at()) + " [" + e.source() + "] " + e.text());
    }
    return root;
  }

  private static @Nullable String text(@Nullable Instant t) {
    return t == null ? null : Formats.full(t) + " UTC";
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
