package dev.precursor.draft;

import dev.precursor.draft.Document.Block;
import dev.precursor.draft.Document.BulletList;
import dev.precursor.draft.Document.Heading;
import dev.precursor.draft.Document.Inline;
import dev.precursor.draft.Document.Link;
import dev.precursor.draft.Document.Paragraph;
import dev.precursor.draft.Document.Table;
import dev.precursor.draft.Document.Text;
import dev.precursor.draft.DraftFacts.Estimate;
import dev.precursor.draft.DraftFacts.Signal;
import dev.precursor.model.Deploy;
import dev.precursor.model.Evidence;
import dev.precursor.model.Hypothesis;
import dev.precursor.model.Prediction;
import dev.precursor.model.RootCause;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.TicketLink;
import dev.precursor.model.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link Drafter}: deterministic ticket and postmortem drafts built only from the
 * evidence in the {@link DraftContext}. The same context always gives the same document (no clock,
 * no randomness), so drafts can be diffed and tested against golden files. Thread-safe.
 */
public final class TemplateDrafter implements Drafter {
  /** Rows of the signal table and timeline anomaly entries before the rest are summarised. */
  static final int MAX_SIGNALS = 12;

  static final int MAX_HYPOTHESES = 5;
  static final int MAX_SIMILAR = 5;

  @Override
  public Document ticket(DraftContext context) {
    DraftFacts f = new DraftFacts(context);
    List<Block> b = new ArrayList<>();
    b.add(new Heading(2, "Summary"));
    b.addAll(summary(f));
    b.add(new Heading(2, "Blast radius"));
    b.addAll(blastRadius(f));
    b.add(new Heading(2, "Probable root cause"));
    b.addAll(hypotheses(f));
    b.add(new Heading(2, "Timeline"));
    b.add(timeline(f));
    b.add(new Heading(2, "Similar past incidents"));
    b.addAll(similar(f));
    b.add(new Heading(2, "Recommended actions"));
    b.add(new BulletList(true, actions(f).stream().map(TemplateDrafter::line).toList()));
    b.add(new Heading(2, "Links"));
    b.add(links(f));
    b.add(footer(f));
    return new Document(ticketTitle(f), b);
  }

  @Override
  public Document postmortem(DraftContext context) {
    DraftFacts f = new DraftFacts(context);
    List<Block> b = new ArrayList<>();
    b.add(metadata(f));
    b.add(
        new Paragraph(
            List.of(
                Text.strong("Draft."),
                Text.plain(
                    " Written by Precursor from the engine's evidence; blameless. Sections marked"
                        + " \"to complete\" need the responders' knowledge."))));
    b.add(new Heading(2, "Summary"));
    b.addAll(postmortemSummary(f));
    b.add(new Heading(2, "Impact"));
    b.addAll(impact(f));
    b.add(new Heading(2, "Timeline"));
    b.add(
        Paragraph.of(
            "All times UTC. Sources: telemetry anomalies, deploy markers, Precursor"
                + " predictions and ticket events."));
    b.add(timeline(f));
    b.add(new Heading(2, "Root cause and contributing factors"));
    b.addAll(rootCause(f));
    b.add(new Heading(2, "Detection"));
    b.addAll(detection(f));
    b.add(new Heading(2, "Response and recovery"));
    b.addAll(response(f));
    b.add(new Heading(2, "What went well"));
    b.add(bullets(wentWell(f)));
    b.add(new Heading(2, "What went poorly"));
    b.add(bullets(wentPoorly(f)));
    b.add(new Heading(2, "Action items"));
    b.add(actionItems(f));
    b.add(new Heading(2, "Supporting information"));
    b.add(links(f));
    b.add(footer(f));
    return new Document(postmortemTitle(f), b);
  }

  // ---------------------------------------------------------------- titles

  static String ticketTitle(DraftFacts f) {
    StringBuilder t = new StringBuilder();
    if (f.latest != null) {
      t.append(f.latest.tier() == Tier.ALERT ? "Predicted incident: " : "Possible incident: ");
    } else {
      t.append("Anomalies: ");
    }
    t.append(f.pattern).append(" on ").append(f.impactService);
    String cause = f.causeService();
    if (cause != null) {
      t.append(" (probable cause: ");
      if (f.suspectDeploy != null && f.suspectDeploy.service().equals(cause)) {
        t.append(cause).append(' ').append(f.suspectDeploy.version());
        t.append(f.suspectDeploy.kind() == Deploy.Kind.CONFIG ? " config change" : " deploy");
      } else if (!cause.equals(f.impactService)) {
        t.append(cause);
      } else {
        t.append(f.top != null ? Formats.clip(f.top.cause(), 50) : cause);
      }
      t.append(')');
    }
    return Formats.clip(t.toString(), 160);
  }

  static String postmortemTitle(DraftFacts f) {
    return Formats.clip(
        "Postmortem: " + f.pattern + " on " + f.impactService + ", " + Formats.date(f.start), 160);
  }

  // ---------------------------------------------------------------- ticket sections

  private List<Block> summary(DraftFacts f) {
    List<Block> out = new ArrayList<>();
    List<Inline> p = new ArrayList<>();
    Prediction pr = f.latest;
    if (pr != null) {
      p.add(
          Text.plain(
              "Precursor "
                  + (f.isResolved() ? "predicted " : "predicts ")
                  + (pr.tier() == Tier.ALERT ? "an incident" : "a possible incident")
                  + " on "));
      p.add(Text.strong(pr.service()));
      p.add(
          Text.plain(
              ": "
                  + f.pattern
                  + " ("
                  + pr.tier().wire()
                  + " tier, confidence "
                  + Formats.percent(pr.confidence())
                  + ")"));
      if (pr.expectedAt() != null) {
        Duration lead = Duration.between(pr.raisedAt(), pr.expectedAt());
        p.add(
            Text.plain(
                ", impact expected around "
                    + Formats.dateTime(pr.expectedAt())
                    + (lead.isNegative()
                        ? ""
                        : ", " + Formats.duration(lead) + " after the data that raised it")));
      }
      p.add(Text.plain(". "));
    } else {
      p.add(
          Text.plain(
              "Precursor grouped "
                  + f.signals.size()
                  + " anomalous signal"
                  + (f.signals.size() == 1 ? "" : "s")
                  + " on "));
      p.add(Text.strong(String.join(", ", f.situation.services())));
      p.add(Text.plain(" into one situation; no prediction has been made for it yet. "));
    }
    String cause = f.causeService();
    if (cause != null) {
      p.add(Text.plain("The most likely cause is "));
      p.add(Text.strong(cause));
      String what = causeText(f);
      if (!what.isEmpty()) {
        p.add(Text.plain(": " + what));
      }
      if (f.top != null && f.top.service().equals(cause)) {
        p.add(Text.plain(" (confidence " + Formats.percent(f.top.confidence()) + ")"));
      }
      p.add(Text.plain(". "));
    }
    if (f.suspectDeploy != null) {
      Deploy d = f.suspectDeploy;
      Duration before = Duration.between(d.at(), f.start);
      p.add(Text.plain((d.kind() == Deploy.Kind.CONFIG ? "A configuration change " : "Deploy ")));
      p.add(new Text(d.service() + " " + d.version(), false, true));
      p.add(
          Text.plain(
              " went out at "
                  + Formats.shortTime(d.at())
                  + (before.isNegative()
                      ? ", after the first anomaly. "
                      : ", " + Formats.duration(before) + " before the first anomaly. ")));
    }
    if (!f.similar.isEmpty()) {
      SimilarIncident s = f.similar.get(0);
      p.add(
          Text.plain(
              "It resembles "
                  + s.id()
                  + " \""
                  + s.title()
                  + "\" (similarity "
                  + Formats.percent(s.similarity())
                  + ")"));
      p.add(
          Text.plain(
              s.resolution() == null || s.resolution().isBlank()
                  ? ". "
                  : "; resolution then: " + sentence(lowerFirst(s.resolution())) + " "));
    }
    out.add(trimmed(p));
    out.add(
        Paragraph.of(
            f.isResolved()
                ? "Status: resolved at "
                    + Formats.dateTime(f.situation.resolvedAt())
                    + " after "
                    + Formats.duration(f.duration())
                    + "."
                : "Status: open since "
                    + Formats.dateTime(f.situation.openedAt())
                    + "; first anomaly at "
                    + Formats.dateTime(f.start)
                    + "."));
    return out;
  }

  private static String causeText(DraftFacts f) {
    RootCause rc = f.rootCause();
    String cause = f.causeService();
    if (rc != null && !rc.summary().isBlank()) {
      return lowerFirst(stripDot(rc.summary()));
    }
    if (f.top != null && f.top.service().equals(cause) && !f.top.cause().isBlank()) {
      return lowerFirst(stripDot(f.top.cause()));
    }
    return "";
  }

  private List<Block> blastRadius(DraftFacts f) {
    List<Block> out = new ArrayList<>();
    List<Inline> p = new ArrayList<>();
    p.add(Text.plain("Affected services: "));
    commaList(
        p,
        f.situation.services().isEmpty()
            ? f.signals.stream().map(Signal::service).distinct().toList()
            : f.situation.services(),
        true);
    p.add(Text.plain(". "));
    if (!f.atRisk.isEmpty()) {
      p.add(Text.plain("Callers at risk if it spreads: "));
      commaList(p, f.atRisk, false);
      p.add(Text.plain(". "));
    }
    if (!f.endpoints.isEmpty()) {
      p.add(Text.plain("Endpoints: "));
      List<String> shown = f.endpoints.size() > 8 ? f.endpoints.subList(0, 8) : f.endpoints;
      for (int i = 0; i < shown.size(); i++) {
        if (i > 0) {
          p.add(Text.plain(", "));
        }
        p.add(new Text(shown.get(i), false, true));
      }
      if (f.endpoints.size() > shown.size()) {
        p.add(Text.plain(" and " + (f.endpoints.size() - shown.size()) + " more"));
      }
      p.add(Text.plain("."));
    }
    out.add(trimmed(p));
    if (!f.signals.isEmpty()) {
      out.add(signalTable(f));
    }
    out.add(estimateParagraph(f));
    return out;
  }

  private static Table signalTable(DraftFacts f) {
    List<List<String>> rows = new ArrayList<>();
    List<Signal> shown =
        f.signals.size() > MAX_SIGNALS ? f.signals.subList(0, MAX_SIGNALS) : f.signals;
    for (Signal s : shown) {
      rows.add(
          List.of(
              s.service(),
              s.metric() + (s.endpoint() == null ? "" : " " + s.endpoint()),
              s.now(),
              s.base(),
              s.change(),
              Formats.time(s.onset()),
              Formats.number(s.score())));
    }
    if (f.signals.size() > shown.size()) {
      rows.add(
          List.of(
              "…",
              (f.signals.size() - shown.size()) + " weaker signals not listed",
              "",
              "",
              "",
              "",
              ""));
    }
    return new Table(
        List.of("Service", "Signal", "Now", "Baseline", "Change", "Onset (UTC)", "Score"), rows);
  }

  private static Paragraph estimateParagraph(DraftFacts f) {
    if (f.estimates.isEmpty()) {
      return Paragraph.of(
          "Affected requests: no request-rate data for the affected services"
              + " (the estimate needs traces or request metrics), so no estimate is given.");
    }
    List<String> parts = new ArrayList<>();
    for (Estimate e : f.estimates) {
      StringBuilder sb = new StringBuilder();
      sb.append(e.service())
          .append(" served about ")
          .append(Formats.count(e.requests()))
          .append(" requests in the ")
          .append(Formats.duration(e.window()))
          .append(" since its first anomaly");
      if (e.failed() != null) {
        boolean excess = e.failedBasis() != null && e.failedBasis().contains("baseline");
        sb.append(", of which about ")
            .append(Formats.count(e.failed()))
            .append(excess ? " failed beyond the normal rate (" : " failed (")
            .append(e.failedBasis())
            .append(')');
      }
      if (e.slow()) {
        sb.append(", with latency elevated throughout");
      }
      parts.add(sb.toString());
    }
    return Paragraph.of(
        "Affected requests (estimate: current request rates from the service"
            + " graph over each service's anomaly window): "
            + String.join("; ", parts)
            + ".");
  }

  private List<Block> hypotheses(DraftFacts f) {
    List<Block> out = new ArrayList<>();
    if (f.hypotheses.isEmpty()) {
      RootCause rc = f.rootCause();
      out.add(
          Paragraph.of(
              rc == null
                  ? "No root-cause hypothesis yet: the situation has too little evidence to rank causes."
                  : "The prediction names "
                      + rc.service()
                      + " ("
                      + rc.kind()
                      + "): "
                      + sentence(rc.summary())
                      + " No ranked hypotheses are available beyond this."));
      return out;
    }
    List<Hypothesis> shown =
        f.hypotheses.size() > MAX_HYPOTHESES
            ? f.hypotheses.subList(0, MAX_HYPOTHESES)
            : f.hypotheses;
    List<List<String>> rows = new ArrayList<>();
    int rank = 1;
    for (Hypothesis h : shown) {
      rows.add(
          List.of(String.valueOf(rank++), h.service(), h.cause(), Formats.percent(h.confidence())));
    }
    out.add(new Table(List.of("Rank", "Service", "Hypothesis", "Confidence"), rows));
    for (Hypothesis h : shown.subList(0, Math.min(3, shown.size()))) {
      if (h.evidence().isEmpty()) {
        continue;
      }
      out.add(
          new Paragraph(
              List.of(Text.plain("Evidence for "), Text.strong(h.service()), Text.plain(":"))));
      List<List<Inline>> items = new ArrayList<>();
      for (Evidence e : h.evidence()) {
        items.add(List.of(Text.plain(labelOf(e.kind()) + ": " + DraftFacts.evidenceLine(e))));
      }
      out.add(new BulletList(false, items));
    }
    return out;
  }

  private static String labelOf(String kind) {
    return Formats.capitalize(Formats.humanize(kind));
  }

  private static Table timeline(DraftFacts f) {
    List<DraftFacts.Entry> entries = f.timeline(MAX_SIGNALS);
    boolean oneDay =
        entries.isEmpty()
            || Formats.date(entries.get(0).at())
                .equals(Formats.date(entries.get(entries.size() - 1).at()));
    List<List<String>> rows = new ArrayList<>();
    for (DraftFacts.Entry e : entries) {
      rows.add(List.of(oneDay ? Formats.time(e.at()) : Formats.full(e.at()), e.source(), e.text()));
    }
    String head =
        oneDay && !entries.isEmpty()
            ? "Time (UTC, " + Formats.date(entries.get(0).at()) + ")"
            : "Time (UTC)";
    return new Table(List.of(head, "Source", "Event"), rows);
  }

  private List<Block> similar(DraftFacts f) {
    if (f.similar.isEmpty()) {
      return List.of(
          new Paragraph(
              List.of(
                  Text.plain(
                      "No similar incident in memory. Import past postmortems and tickets with "),
                  new Text("precursor learn", false, true),
                  Text.plain(" so future drafts can cite them."))));
    }
    List<List<String>> rows = new ArrayList<>();
    for (SimilarIncident s : f.similar.subList(0, Math.min(MAX_SIMILAR, f.similar.size()))) {
      rows.add(
          List.of(
              s.id(),
              s.title(),
              Formats.percent(s.similarity()),
              s.resolution() == null || s.resolution().isBlank()
                  ? "not recorded"
                  : s.resolution().strip()));
    }
    return List.of(
        new Table(List.of("Incident", "Title", "Similarity", "How it was resolved"), rows));
  }

  private List<String> actions(DraftFacts f) {
    Set<String> out = new LinkedHashSet<>();
    Deploy d = f.suspectDeploy;
    String cause = f.causeService();
    String recommended = f.latest == null ? "" : f.latest.recommendedAction().strip();
    if (!recommended.isEmpty()) {
      out.add(sentence(Formats.capitalize(recommended)));
    }
    boolean rollbackNamed =
        d != null
            && recommended
                .toLowerCase(java.util.Locale.ROOT)
                .matches(".*(roll ?back|revert|rolled back).*")
            && recommended.contains(d.service());
    if (d != null && !rollbackNamed) {
      out.add(
          (d.kind() == Deploy.Kind.CONFIG
                  ? "Revert the configuration change " + d.version() + " on " + d.service()
                  : "Roll back "
                      + d.service()
                      + " "
                      + d.version()
                      + " to the previous version (or switch the change off behind its flag)")
              + ", then confirm that "
              + primarySignalText(f)
              + " returns to baseline.");
    }
    int n = 0;
    for (SimilarIncident s : f.similar) {
      if (s.resolution() != null && !s.resolution().isBlank() && n < 2) {
        out.add(
            "Check whether the fix of "
                + s.id()
                + " applies here: "
                + sentence(lowerFirst(s.resolution())));
        n++;
      }
    }
    Signal causeSignal =
        cause == null
            ? null
            : f.signals.stream().filter(s -> s.service().equals(cause)).findFirst().orElse(null);
    if (causeSignal != null && causeSignal.kind() == SignalKind.SATURATION) {
      out.add(
          "Check the capacity limits of "
              + cause
              + " ("
              + causeSignal.metric()
              + " is at "
              + causeSignal.now()
              + " against "
              + causeSignal.base()
              + " normally); scale out or raise the limit if it keeps climbing.");
    } else if (cause != null && !f.ctx.graph().callees(cause).isEmpty()) {
      out.add(
          "Check the dependencies of "
              + cause
              + " ("
              + String.join(", ", f.ctx.graph().callees(cause))
              + ") for errors or slowness.");
    }
    if (!f.atRisk.isEmpty()) {
      out.add(
          "Watch "
              + String.join(", ", f.atRisk)
              + " (calling the affected services): "
              + (f.atRisk.size() == 1 ? "it is" : "they are")
              + " next in line if the problem"
              + " spreads.");
    }
    if (f.latest != null) {
      out.add(
          "Tell Precursor whether this prediction was right (true positive, false positive,"
              + " near miss) with POST /api/v1/predictions/"
              + f.latest.id()
              + "/feedback, so confidence stays calibrated.");
    }
    if (out.isEmpty()) {
      out.add(
          "Inspect "
              + primarySignalText(f)
              + " and the recent changes of "
              + String.join(", ", f.situation.services())
              + ".");
    }
    return List.copyOf(out);
  }

  private static String causeSignalText(DraftFacts f) {
    String cause = f.causeService();
    Signal s = f.signals.stream().filter(x -> x.service().equals(cause)).findFirst().orElse(null);
    return s == null ? primarySignalText(f) : s.phrase();
  }

  private static String primarySignalText(DraftFacts f) {
    Signal s =
        f.signals.stream()
            .filter(x -> x.service().equals(f.impactService))
            .findFirst()
            .orElse(f.signals.isEmpty() ? null : f.signals.get(0));
    return s == null ? "the affected signals" : s.phrase();
  }

  private static BulletList links(DraftFacts f) {
    List<List<Inline>> items = new ArrayList<>();
    String engine = trimSlash(f.ctx.engineUrl());
    if (engine != null) {
      items.add(
          List.of(
              Text.plain("Situation in Precursor: "),
              new Link(f.situation.id(), engine + "/api/v1/situations/" + f.situation.id())));
      if (f.latest != null) {
        items.add(
            List.of(
                Text.plain("Predictions: "),
                new Link(
                    "predictions for " + f.latest.service(),
                    engine
                        + "/api/v1/predictions?service="
                        + urlEncode(f.latest.service())
                        + "&from="
                        + f.start.minus(Duration.ofHours(1))
                        + "&to="
                        + f.end)));
      }
    }
    String grafana = trimSlash(f.ctx.grafanaUrl());
    if (grafana != null) {
      long from = f.start.minus(Duration.ofMinutes(30)).toEpochMilli();
      long to = f.end.plus(Duration.ofMinutes(15)).toEpochMilli();
      String sep = grafana.contains("?") ? "&" : "?";
      items.add(
          List.of(
              Text.plain("Grafana, situation window: "),
              new Link("dashboard", grafana + sep + "from=" + from + "&to=" + to)));
    }
    for (Deploy d : f.deploys) {
      if (d.url() != null && !d.url().isBlank()) {
        items.add(
            List.of(
                Text.plain("Deploy " + d.service() + " " + d.version() + ": "),
                new Link(d.url(), d.url())));
      }
    }
    for (TicketLink t : f.situation.tickets()) {
      items.add(List.of(Text.plain("Ticket (" + t.system() + "): "), new Link(t.key(), t.url())));
    }
    if (items.isEmpty()) {
      items.add(
          List.of(
              Text.plain(
                  "No links configured (set grafana.url, and reach the engine"
                      + " through its API for situation links).")));
    }
    return new BulletList(false, items);
  }

  private static Paragraph footer(DraftFacts f) {
    return Paragraph.of(
        "Drafted by Precursor from situation "
            + f.situation.id()
            + ", evidence up"
            + " to "
            + Formats.dateTime(f.end)
            + ". Confidences are calibrated probabilities.");
  }

  // ---------------------------------------------------------------- postmortem sections

  private static Table metadata(DraftFacts f) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "Status",
            "Draft ("
                + (f.isResolved() ? "situation resolved" : "situation" + " still open")
                + ")"));
    rows.add(List.of("Situation", f.situation.id()));
    rows.add(List.of("Start (first anomaly)", Formats.dateTime(f.start)));
    rows.add(List.of("End", f.isResolved() ? Formats.dateTime(f.end) : "ongoing"));
    rows.add(
        List.of("Duration", Formats.duration(f.duration()) + (f.isResolved() ? "" : " so far")));
    rows.add(List.of("Services", String.join(", ", f.situation.services())));
    Prediction alert = f.firstOfTier(Tier.ALERT);
    Prediction top = f.latest;
    rows.add(
        List.of(
            "Highest tier",
            alert != null ? "alert" : top != null ? top.tier().wire() : "none (no prediction)"));
    rows.add(
        List.of(
            "Tickets",
            f.situation.tickets().isEmpty()
                ? "none"
                : String.join(
                    ", ",
                    f.situation.tickets().stream().map(t -> t.system() + " " + t.key()).toList())));
    rows.add(List.of("Authors", "to complete"));
    return new Table(List.of("Field", "Value"), rows);
  }

  private List<Block> postmortemSummary(DraftFacts f) {
    StringBuilder s = new StringBuilder();
    s.append("From ")
        .append(Formats.dateTime(f.start))
        .append(", ")
        .append(
            joinAnd(
                f.situation.services().isEmpty()
                    ? List.of(f.impactService)
                    : f.situation.services()))
        .append(
            f.isResolved()
                ? " degraded for " + Formats.duration(f.duration())
                : " have been degraded for " + Formats.duration(f.duration()))
        .append(" (pattern: ")
        .append(f.pattern)
        .append(")");
    Signal user = impactSignal(f);
    if (user != null) {
      s.append(": ")
          .append(user.phrase())
          .append(" reached ")
          .append(user.now())
          .append(" against ")
          .append(user.base())
          .append(" normally");
    }
    s.append(". ");
    String cause = f.causeService();
    if (cause != null) {
      s.append("The probable root cause is ").append(cause);
      String what = causeText(f);
      if (!what.isEmpty()) {
        s.append(": ").append(what);
      }
      Deploy d = f.suspectDeploy;
      if (d != null && !what.contains(d.version())) {
        s.append(", following ")
            .append(d.kind() == Deploy.Kind.CONFIG ? "configuration change " : "deploy ")
            .append(d.service())
            .append(' ')
            .append(d.version());
      }
      if (d != null) {
        s.append(" (")
            .append(d.kind() == Deploy.Kind.CONFIG ? "changed" : "deployed")
            .append(" at ")
            .append(Formats.shortTime(d.at()))
            .append(')');
      }
      s.append(". ");
    }
    Prediction first = f.firstActionable();
    Prediction alert = f.firstOfTier(Tier.ALERT);
    if (first != null) {
      Instant impact = f.ctx.impactAt();
      s.append("Precursor raised a ")
          .append(first.tier().wire())
          .append("-tier prediction at ")
          .append(Formats.shortTime(first.raisedAt()))
          .append(lead(first, impact));
      if (alert != null && alert != first) {
        s.append(" and escalated it to the alert tier at ")
            .append(Formats.shortTime(alert.raisedAt()))
            .append(lead(alert, impact));
      }
      if (impact != null) {
        s.append("; the static threshold alert fired at ").append(Formats.shortTime(impact));
      }
      s.append(". ");
    }
    if (f.isResolved()) {
      s.append("Signals were back within baseline at ")
          .append(Formats.shortTime(f.end))
          .append('.');
    }
    return List.of(Paragraph.of(s.toString().strip()));
  }

  private static String lead(Prediction p, @Nullable Instant impact) {
    if (impact == null) {
      return "";
    }
    Duration d = Duration.between(p.raisedAt(), impact);
    return " (" + Formats.duration(d) + (d.isNegative() ? " late)" : " ahead)");
  }

  /** The signal users feel: errors or latency on the impacted service, else the strongest. */
  private static @Nullable Signal impactSignal(DraftFacts f) {
    for (SignalKind k : List.of(SignalKind.ERRORS, SignalKind.LATENCY)) {
      for (Signal s : f.signals) {
        if (s.service().equals(f.impactService) && s.kind() == k) {
          return s;
        }
      }
    }
    return f.signals.isEmpty() ? null : f.signals.get(0);
  }

  private static String joinAnd(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  private List<Block> impact(DraftFacts f) {
    List<Block> out = new ArrayList<>();
    List<Inline> p = new ArrayList<>();
    p.add(Text.plain("Services affected: "));
    commaList(p, f.situation.services(), true);
    p.add(
        Text.plain(
            ". Duration: "
                + Formats.duration(f.duration())
                + (f.isResolved() ? "" : " so far")
                + "."));
    if (!f.endpoints.isEmpty()) {
      p.add(
          Text.plain(
              " Endpoints: "
                  + String.join(", ", f.endpoints.subList(0, Math.min(8, f.endpoints.size())))
                  + "."));
    }
    out.add(new Paragraph(p));
    if (!f.signals.isEmpty()) {
      out.add(signalTable(f));
    }
    out.add(estimateParagraph(f));
    out.add(
        Paragraph.of(
            "To complete: customer-facing effect (failed checkouts, support"
                + " contacts), SLO error budget consumed, and any data loss or security effect."));
    return out;
  }

  private List<Block> rootCause(DraftFacts f) {
    List<Block> out = new ArrayList<>();
    String cause = f.causeService();
    if (cause == null) {
      out.add(
          Paragraph.of(
              "Undetermined: no root-cause hypothesis was ranked. To complete by"
                  + " the responders."));
      return out;
    }
    List<Inline> p = new ArrayList<>();
    p.add(Text.plain("Root cause (most likely): "));
    p.add(Text.strong(cause));
    String what = causeText(f);
    p.add(Text.plain(what.isEmpty() ? "." : " — " + what + "."));
    if (f.top != null && f.top.service().equals(cause)) {
      p.add(Text.plain(" Confidence " + Formats.percent(f.top.confidence()) + "."));
    }
    out.add(new Paragraph(p));
    if (f.top != null && !f.top.evidence().isEmpty()) {
      out.add(
          new BulletList(
              false,
              f.top.evidence().stream()
                  .map(e -> line(labelOf(e.kind()) + ": " + DraftFacts.evidenceLine(e)))
                  .toList()));
    }
    List<String> factors = new ArrayList<>();
    for (Hypothesis h : f.hypotheses) {
      if (h == f.top || h.confidence() < 0.2) {
        continue;
      }
      factors.add(
          h.service()
              + ": "
              + stripDot(h.cause())
              + " (confidence "
              + Formats.percent(h.confidence())
              + ")");
    }
    for (Deploy d : f.deploys) {
      // other changes of affected services in the window; unrelated services' deploys are noise
      if (d != f.suspectDeploy && f.situation.services().contains(d.service())) {
        factors.add(
            (d.kind() == Deploy.Kind.CONFIG ? "Configuration change " : "Deploy ")
                + d.service()
                + " "
                + d.version()
                + " at "
                + Formats.shortTime(d.at())
                + " (in the window; not ranked as the cause)");
      }
    }
    for (ServiceGraphEdge e : propagation(f)) {
      factors.add(
          "Propagation: "
              + e.from
              + " calls "
              + e.to
              + ", so "
              + e.to
              + "'s trouble reached "
              + e.from);
    }
    out.add(Paragraph.of("Contributing factors:"));
    if (factors.isEmpty()) {
      factors.add(
          "None found in the telemetry. To complete: missing safeguards, alerting gaps,"
              + " process issues.");
    }
    out.add(bullets(factors));
    return out;
  }

  private record ServiceGraphEdge(String from, String to) {}

  private static List<ServiceGraphEdge> propagation(DraftFacts f) {
    List<ServiceGraphEdge> out = new ArrayList<>();
    Set<String> affected = new LinkedHashSet<>(f.situation.services());
    for (var e : f.ctx.graph().edges()) {
      if (affected.contains(e.from()) && affected.contains(e.to())) {
        out.add(new ServiceGraphEdge(e.from(), e.to()));
      }
    }
    return out;
  }

  private List<Block> detection(DraftFacts f) {
    List<Block> out = new ArrayList<>();
    List<String> facts = new ArrayList<>();
    facts.add(
        "First anomaly: "
            + Formats.dateTime(f.start)
            + (f.signals.isEmpty() ? "" : " (" + firstSignal(f).describe() + ")")
            + ".");
    Prediction first = f.firstPrediction();
    Prediction watch = f.firstActionable();
    Prediction alert = f.firstOfTier(Tier.ALERT);
    if (first == null) {
      facts.add("Precursor made no prediction for this situation.");
    } else {
      facts.add(
          "First prediction: "
              + Formats.dateTime(first.raisedAt())
              + " ("
              + first.tier().wire()
              + " tier, "
              + Formats.percent(first.confidence())
              + "), "
              + Formats.duration(Duration.between(f.start, first.raisedAt()))
              + " after the first anomaly.");
      if (watch != null && watch != first) {
        facts.add("First watch-or-higher prediction: " + Formats.dateTime(watch.raisedAt()) + ".");
      }
      if (alert != null) {
        facts.add(
            "Alert tier (ticket filed): "
                + Formats.dateTime(alert.raisedAt())
                + ", "
                + Formats.percent(alert.confidence())
                + " confidence.");
      } else {
        facts.add(
            "The prediction never reached the alert tier, so no ticket was filed"
                + " automatically.");
      }
    }
    Instant impact = f.ctx.impactAt();
    Prediction early = alert != null ? alert : watch;
    if (impact != null) {
      facts.add("Static threshold alert: " + Formats.dateTime(impact) + ".");
      if (early != null) {
        Duration lead = Duration.between(early.raisedAt(), impact);
        facts.add(
            lead.isNegative()
                ? "The "
                    + early.tier().wire()
                    + "-tier prediction came "
                    + Formats.duration(lead)
                    + " after the static threshold: no lead time this time."
                : "Lead time: the "
                    + early.tier().wire()
                    + "-tier prediction came "
                    + Formats.duration(lead)
                    + " before the static threshold alert.");
      }
    } else if (early != null && early.expectedAt() != null) {
      facts.add(
          "No static threshold alert time was recorded. The prediction expected impact at "
              + Formats.dateTime(early.expectedAt())
              + ", "
              + Formats.duration(Duration.between(early.raisedAt(), early.expectedAt()))
              + " after it was raised. To complete: when did the existing alerting fire?");
    } else {
      facts.add(
          "No static threshold alert time was recorded. To complete: when did the existing"
              + " alerting fire, and who was paged?");
    }
    out.add(bullets(facts));
    return out;
  }

  private static Signal firstSignal(DraftFacts f) {
    Signal first = f.signals.get(0);
    for (Signal s : f.signals) {
      if (s.onset().isBefore(first.onset())) {
        first = s;
      }
    }
    return first;
  }

  private List<Block> response(DraftFacts f) {
    List<String> facts = new ArrayList<>();
    for (DraftContext.Event e : f.ctx.events()) {
      facts.add(Formats.shortTime(e.at()) + " (" + e.source() + "): " + e.text());
    }
    if (f.isResolved()) {
      facts.add(
          "Signals returned within baseline at "
              + Formats.dateTime(f.end)
              + ", "
              + Formats.duration(f.duration())
              + " after the first anomaly.");
    } else {
      facts.add("The situation is still open.");
    }
    facts.add("To complete: who responded, what was tried, and what restored service.");
    return List.of(bullets(facts));
  }

  private List<String> wentWell(DraftFacts f) {
    List<String> out = new ArrayList<>();
    Prediction early =
        f.firstOfTier(Tier.ALERT) != null ? f.firstOfTier(Tier.ALERT) : f.firstActionable();
    Instant impact = f.ctx.impactAt();
    if (early != null && impact != null && !early.raisedAt().isAfter(impact)) {
      out.add(
          "Precursor's "
              + early.tier().wire()
              + "-tier prediction came "
              + Formats.duration(Duration.between(early.raisedAt(), impact))
              + " before the static threshold alert.");
    } else if (early != null && impact == null) {
      out.add(
          "Precursor raised a "
              + early.tier().wire()
              + "-tier prediction "
              + Formats.duration(Duration.between(f.start, early.raisedAt()))
              + " after the first anomaly.");
    }
    Prediction first = f.firstPrediction();
    String finalCause = f.causeService();
    if (first != null
        && first.rootCause() != null
        && finalCause != null
        && first.rootCause().service().equals(finalCause)) {
      out.add(
          "The first prediction already named "
              + finalCause
              + " as the probable cause, and the evidence kept pointing there.");
    }
    if (f.suspectDeploy != null) {
      out.add(
          "The change involved ("
              + f.suspectDeploy.service()
              + " "
              + f.suspectDeploy.version()
              + ") was recorded as a deploy marker, so it was linked"
              + " to the situation automatically.");
    }
    f.similar.stream()
        .filter(s -> s.resolution() != null && !s.resolution().isBlank())
        .findFirst()
        .ifPresent(
            s ->
                out.add(
                    "A similar past incident (" + s.id() + ") with a known resolution was found."));
    out.add("To complete by the responders.");
    return out;
  }

  private List<String> wentPoorly(DraftFacts f) {
    List<String> out = new ArrayList<>();
    Prediction early =
        f.firstOfTier(Tier.ALERT) != null ? f.firstOfTier(Tier.ALERT) : f.firstActionable();
    Instant impact = f.ctx.impactAt();
    if (early == null) {
      out.add(
          "No actionable prediction (watch or alert tier) was made before the situation"
              + (f.isResolved() ? " resolved." : " grew."));
    } else if (impact != null && early.raisedAt().isAfter(impact)) {
      out.add(
          "The prediction came "
              + Formats.duration(Duration.between(impact, early.raisedAt()))
              + " after the static threshold alert, so it gave no lead time.");
    }
    if (early != null && impact != null && !early.raisedAt().isAfter(impact)) {
      out.add(
          "Impact was predicted "
              + Formats.duration(Duration.between(early.raisedAt(), impact))
              + " ahead but not averted: the static threshold alert still fired at "
              + Formats.shortTime(impact)
              + ".");
    }
    if (f.firstOfTier(Tier.ALERT) == null && early != null) {
      out.add("Confidence stayed below the alert tier, so no ticket was filed automatically.");
    }
    Set<String> causes = new LinkedHashSet<>();
    for (Prediction p : f.ctx.predictions()) {
      if (p.rootCause() != null) {
        causes.add(p.rootCause().service());
      }
    }
    if (causes.size() > 1) {
      out.add(
          "The probable cause changed while the situation developed ("
              + String.join(" → ", causes)
              + ").");
    }
    String cause = f.causeService();
    if (f.suspectDeploy == null
        && f.rootCause() != null
        && (f.rootCause().kind().equals("deploy") || f.rootCause().kind().equals("config"))) {
      out.add(
          "The cause was a "
              + f.rootCause().kind()
              + " change of "
              + cause
              + " with no deploy marker; mark deploys from CI (precursor deploy-mark).");
    }
    if (f.isResolved() && f.duration().compareTo(Duration.ofHours(1)) > 0) {
      out.add("The situation lasted " + Formats.duration(f.duration()) + ".");
    }
    out.add("To complete by the responders.");
    return out;
  }

  private Table actionItems(DraftFacts f) {
    List<List<String>> rows = new ArrayList<>();
    String cause = f.causeService();
    Deploy d = f.suspectDeploy;
    if (d != null) {
      rows.add(
          List.of(
              d.kind() == Deploy.Kind.CONFIG
                  ? "Validate configuration changes of "
                      + d.service()
                      + " before rollout (staged"
                      + " rollout, config linting)"
                  : "Gate "
                      + d.service()
                      + " rollouts on a canary that checks "
                      + causeSignalText(f)
                      + " against its baseline (precursor deploy-verify)",
              "prevent",
              "to assign",
              "P1"));
      rows.add(
          List.of(
              "Find and fix the defect introduced in " + d.service() + " " + d.version(),
              "prevent",
              "to assign",
              "P1"));
    } else if (cause != null) {
      rows.add(
          List.of(
              "Fix the root cause in "
                  + cause
                  + (causeText(f).isEmpty() ? "" : " (" + causeText(f) + ")"),
              "prevent",
              "to assign",
              "P1"));
    }
    Signal causeSignal =
        cause == null
            ? null
            : f.signals.stream().filter(s -> s.service().equals(cause)).findFirst().orElse(null);
    if (causeSignal != null && causeSignal.kind() == SignalKind.SATURATION) {
      rows.add(
          List.of(
              "Review capacity limits and autoscaling of "
                  + cause
                  + " ("
                  + causeSignal.metric()
                  + ")",
              "mitigate",
              "to assign",
              "P2"));
    }
    Prediction alert = f.firstOfTier(Tier.ALERT);
    Instant impact = f.ctx.impactAt();
    if (alert == null || (impact != null && alert.raisedAt().isAfter(impact))) {
      rows.add(
          List.of(
              "Review why the prediction did not reach the alert tier in time (labels,"
                  + " thresholds prediction.alert-confidence / watch-confidence)",
              "detect",
              "to assign",
              "P2"));
    }
    if (f.latest != null) {
      rows.add(
          List.of(
              "Label prediction "
                  + f.latest.id()
                  + " (true positive, false positive,"
                  + " near miss, delayed hit) so confidence is recalibrated",
              "detect",
              "to assign",
              "P3"));
    }
    rows.add(
        List.of(
            "Add this postmortem to incident memory (precursor learn) once reviewed",
            "detect",
            "to assign",
            "P3"));
    return new Table(List.of("Action", "Type", "Owner", "Priority"), rows);
  }

  // ---------------------------------------------------------------- helpers

  private static void commaList(List<Inline> p, List<String> names, boolean strong) {
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        p.add(Text.plain(", "));
      }
      p.add(strong ? Text.strong(names.get(i)) : Text.plain(names.get(i)));
    }
    if (names.isEmpty()) {
      p.add(Text.plain("none identified"));
    }
  }

  private static Paragraph trimmed(List<Inline> p) {
    if (!p.isEmpty() && p.get(p.size() - 1) instanceof Text t) {
      p.set(p.size() - 1, new Text(t.text().stripTrailing(), t.bold(), t.code()));
    }
    return new Paragraph(p);
  }

  private static BulletList bullets(List<String> items) {
    return new BulletList(false, items.stream().map(TemplateDrafter::line).toList());
  }

  private static List<Inline> line(String s) {
    return List.of(Text.plain(s));
  }

  static String sentence(String s) {
    String t = s.strip();
    return t.isEmpty() || t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
  }

  private static String stripDot(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String lowerFirst(String s) {
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && !Character.isUpperCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }

  private static @Nullable String trimSlash(@Nullable String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String u = url.strip();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static String urlEncode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
