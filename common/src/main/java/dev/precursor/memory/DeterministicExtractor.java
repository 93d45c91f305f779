package dev.precursor.memory;

import dev.precursor.InvalidTelemetryException;
import dev.precursor.model.Deploy;
import dev.precursor.model.Direction;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Extracts incidents without an LLM: the first heading is the title, other headings (or {@code
 * Label:} lines) split the text into sections recognised by name (timeline, root cause, precursors,
 * resolution, ...), {@code key: value} lines give date, severity and services, timestamps build the
 * timeline, and a vocabulary of failure families, metric kinds, directions and speeds turns
 * sentences into a family and precursor signals. JSON postmortems are read field by field ({@link
 * JsonPostmortem}). Thread-safe (stateless).
 */
public final class DeterministicExtractor implements IncidentExtractor {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE;

  @Override
  public String name() {
    return "deterministic";
  }

  @Override
  public Incident extract(SourceDocument doc) {
    if (doc.format() == SourceDocument.Format.JSON) {
      return JsonPostmortem.extract(doc, this);
    }
    return extractText(doc);
  }

  /** The failure family a free text speaks of most (vocabulary hits), OTHER when none. */
  public static FailureFamily familyOf(String text) {
    FailureFamily best = FailureFamily.OTHER;
    int bestHits = 0;
    for (FailureFamily f : FailureFamily.values()) {
      int hits = count(f.vocabulary(), text);
      if (hits > bestHits) {
        best = f;
        bestHits = hits;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- sections

  enum Kind {
    PREAMBLE,
    SUMMARY,
    IMPACT,
    TIMELINE,
    ROOT_CAUSE,
    CONTRIBUTING,
    PRECURSORS,
    HYPOTHESES,
    RESOLUTION,
    ACTIONS,
    OTHER
  }

  private static final Map<Kind, Pattern> SECTION_NAMES = new LinkedHashMap<>();

  static {
    SECTION_NAMES.put(
        Kind.PRECURSORS,
        Pattern.compile(
            "precursor|early (?:warning|sign|signal|indicator)|warning sign|leading indicator|"
                + "signals?\\b|detection|how (?:it was|was it|we) detected|what we (?:could|should) "
                + "have (?:seen|noticed)|in hindsight|foreshadow|before (?:the )?impact",
            FLAGS));
    SECTION_NAMES.put(
        Kind.CONTRIBUTING,
        Pattern.compile("contribut|aggravat|what went wrong|what made it worse|factors", FLAGS));
    SECTION_NAMES.put(
        Kind.HYPOTHESES,
        Pattern.compile(
            "hypothes|investigat|diagnos|debugging|what we tried|red herring|troubleshoot|"
                + "theories|suspects",
            FLAGS));
    SECTION_NAMES.put(
        Kind.ROOT_CAUSE,
        Pattern.compile(
            "root[- ]?cause|\\bcause|\\bwhy\\b|5 whys|five whys|technical (?:detail|analysis)|"
                + "analysis|what happened technically|trigger",
            FLAGS));
    SECTION_NAMES.put(
        Kind.TIMELINE,
        Pattern.compile(
            "timeline|chronolog|sequence of events|events|log of actions|work ?notes|activity|"
                + "updates",
            FLAGS));
    SECTION_NAMES.put(
        Kind.RESOLUTION,
        Pattern.compile(
            "resolution|resolv|mitigat|remediat|\\bfix|recover|how (?:it was|we) (?:fixed|"
                + "resolved)|workaround|close notes|closing notes|closure",
            FLAGS));
    SECTION_NAMES.put(
        Kind.ACTIONS,
        Pattern.compile(
            "action items?|follow[- ]?ups?|next steps|lessons|prevent|corrective|todo", FLAGS));
    SECTION_NAMES.put(Kind.IMPACT, Pattern.compile("impact|blast radius|customer", FLAGS));
    SECTION_NAMES.put(
        Kind.SUMMARY,
        Pattern.compile(
            "summary|overview|tl;?dr|description|what happened|background|synopsis|abstract",
            FLAGS));
  }

  static Kind classifyHeading(String heading) {
    String h = heading.replaceAll("[*_#`]", "").trim();
    if (Pattern.compile("went well|what went right|glossary|appendix|references", FLAGS)
        .matcher(h)
        .find()) {
      return Kind.OTHER;
    }
    for (Map.Entry<Kind, Pattern> e : SECTION_NAMES.entrySet()) {
      if (e.getValue().matcher(h).find()) {
        return e.getKey();
      }
    }
    return Kind.OTHER;
  }

  /** A section: its kind and its lines (without the heading). */
  static final class Section {
    final Kind kind;
    final String heading;
    final List<String> lines = new ArrayList<>();

    Section(Kind kind, String heading) {
      this.kind = kind;
      this.heading = heading;
    }

    String text() {
      return String.join("\n", lines);
    }
  }

  private static final Pattern ATX = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SETEXT = Pattern.compile("^\\s{0,3}(=+|-+)\\s*$");
  private static final Pattern LABEL_LINE =
      Pattern.compile(
          "^\\s*(?:\\*\\*|__)?([A-Za-z][A-Za-z0-9 /&'()-]{2,40}?)(?:\\*\\*|__)?\\s*:"
              + "(?:\\*\\*|__)?\\s*(.*)$");
  private static final Pattern BOLD_HEADING =
      Pattern.compile("^\\s*(?:\\*\\*|__)([^*_]{3,60}?)(?:\\*\\*|__)\\s*$");

  /** Title and sections of a Markdown / plain-text postmortem. */
  record Parsed(@Nullable String title, boolean titleFromHeading, List<Section> sections) {}

  static Parsed parse(String content) {
    String[] lines = content.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    String title = null;
    boolean fromHeading = false;
    List<Section> sections = new ArrayList<>();
    Section cur = new Section(Kind.PREAMBLE, "");
    sections.add(cur);
    boolean inCode = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.trim().startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      if (inCode) {
        cur.lines.add(line);
        continue;
      }
      String heading = null;
      Matcher atx = ATX.matcher(line);
      if (atx.matches()) {
        heading = atx.group(2);
      } else if (i + 1 < lines.length
          && !line.isBlank()
          && SETEXT.matcher(lines[i + 1]).matches()
          && !line.trim().startsWith("-")
          && !line.trim().startsWith("|")) {
        heading = line.trim();
        i++;
      } else {
        Matcher bold = BOLD_HEADING.matcher(line);
        if (bold.matches() && classifyHeading(bold.group(1)) != Kind.OTHER) {
          heading = bold.group(1);
        }
      }
      if (heading != null) {
        if (title == null) {
          title = heading;
          fromHeading = true;
          continue;
        }
        cur = new Section(classifyHeading(heading), heading);
        sections.add(cur);
        continue;
      }
      Matcher label = LABEL_LINE.matcher(line);
      if (label.matches() && !line.trim().startsWith("-") && !line.trim().startsWith("|")) {
        Kind k = classifyHeading(label.group(1));
        if (k != Kind.OTHER && k != Kind.IMPACT && !isMetadataKey(label.group(1))) {
          cur = new Section(k, label.group(1));
          sections.add(cur);
          if (!label.group(2).isBlank()) {
            cur.lines.add(label.group(2));
          }
          continue;
        }
      }
      cur.lines.add(line);
    }
    return new Parsed(title, fromHeading, sections);
  }

  // ---------------------------------------------------------------- metadata

  private static final Pattern META =
      Pattern.compile(
          "^\\s*(?:[-*|]\\s*)?(?:\\*\\*|__)?([A-Za-z][A-Za-z /()-]{1,30}?)(?:\\*\\*|__)?\\s*[:|=]"
              + "(?:\\*\\*|__)?\\s*(.+?)\\s*\\|?\\s*$");

  private static boolean isMetadataKey(String key) {
    return metaField(key) != null;
  }

  private static @Nullable String metaField(String rawKey) {
    String k = rawKey.trim().toLowerCase(Locale.ROOT);
    if (k.matches(
        "(?:incident )?date|when|day|started(?: at)?|start(?: time)?|occurred(?: at)?"
            + "|incident start|opened")) {
      return "date";
    }
    if (k.matches("severity|sev|priority|impact level|level")) {
      return "severity";
    }
    if (k.matches(
        "(?:affected |impacted )?(?:services?|systems?|components?|applications?|apps?)")) {
      return "services";
    }
    if (k.matches(
        "root[- ]?cause (?:service|component|system)|culprit(?: service)?|"
            + "faulty (?:service|component)|origin(?:ating)? service|caused by service")) {
      return "rootCauseService";
    }
    if (k.matches(
        "(?:related |triggering |involved )?(?:deploy|deployment|release|version|change|"
            + "config change|change id|build)")) {
      return "change";
    }
    return null;
  }

  // ---------------------------------------------------------------- dates and times

  private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
  private static final Pattern ISO_DATETIME =
      Pattern.compile(
          "\\b(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}:\\d{2}(?::\\d{2})?)(?:\\.\\d+)?\\s*(Z|UTC|GMT|"
              + "[+-]\\d{2}:?\\d{2})?");
  private static final Pattern TIME =
      Pattern.compile("(?<![\\d:.])(\\d{1,2}:\\d{2})(?::(\\d{2}))?(?![\\d:])\\s*(?:UTC|Z|GMT)?");
  private static final Pattern MONTH_DATE =
      Pattern.compile(
          "\\b(?:(\\d{1,2})(?:st|nd|rd|th)? )?(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
              + "[a-z]*\\.? (?:(\\d{1,2})(?:st|nd|rd|th)?,? )?(\\d{4})\\b",
          FLAGS);

  static Optional<LocalDate> findDate(String text) {
    Matcher m = ISO_DATE.matcher(text);
    while (m.find()) {
      try {
        return Optional.of(LocalDate.parse(m.group()));
      } catch (DateTimeParseException e) {
        // not a real date (2024-13-45); keep looking
      }
    }
    m = MONTH_DATE.matcher(text);
    while (m.find()) {
      String day = m.group(1) != null ? m.group(1) : m.group(3);
      if (day == null) {
        continue;
      }
      try {
        String mon = m.group(2).substring(0, 3);
        return Optional.of(
            LocalDate.parse(
                day
                    + " "
                    + mon.substring(0, 1).toUpperCase(Locale.ROOT)
                    + mon.substring(1).toLowerCase(Locale.ROOT)
                    + " "
                    + m.group(4),
                DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)));
      } catch (DateTimeParseException e) {
        // keep looking
      }
    }
    return Optional.empty();
  }

  /** Timestamp at the start of (or inside) a timeline line. */
  record Stamp(@Nullable LocalDate date, LocalTime time, int end) {}

  static Optional<Stamp> findStamp(String line) {
    Matcher dt = ISO_DATETIME.matcher(line);
    if (dt.find() && dt.start() < 40) {
      try {
        return Optional.of(
            new Stamp(LocalDate.parse(dt.group(1)), LocalTime.parse(pad(dt.group(2))), dt.end()));
      } catch (DateTimeParseException e) {
        // fall through to time only
      }
    }
    Matcher t = TIME.matcher(line);
    if (t.find() && t.start() < 30) {
      try {
        String hm = pad(t.group(1)) + (t.group(2) != null ? ":" + t.group(2) : "");
        return Optional.of(new Stamp(null, LocalTime.parse(hm), t.end()));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String pad(String hm) {
    return hm.indexOf(':') == 1 ? "0" + hm : hm;
  }

  // ---------------------------------------------------------------- items

  private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*+•]|\\d+[.)])\\s+(.*)$");
  private static final Pattern STAMP_START =
      Pattern.compile("^(?:\\[?\\d{4}-\\d{2}-\\d{2}[ T])?\\[?\\d{1,2}:\\d{2}(?::\\d{2})?\\b");
  private static final Pattern TABLE_SEP = Pattern.compile("^\\s*\\|?\\s*:?-{2,}.*$");

  /** Bullets, table rows and sentences of a section's lines. */
  static List<String> items(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder para = new StringBuilder();
    for (int li = 0; li < lines.size(); li++) {
      String line = lines.get(li).strip();
      if (line.startsWith("|")
          && li + 1 < lines.size()
          && TABLE_SEP.matcher(lines.get(li + 1).strip()).matches()) {
        li++; // a table's header row names columns, it is not an item
        continue;
      }
      if (line.isEmpty()) {
        flush(para, out);
        continue;
      }
      if (TABLE_SEP.matcher(line).matches()) {
        continue;
      }
      if (line.startsWith("|")) {
        flush(para, out);
        List<String> cells = new ArrayList<>();
        for (String c : line.split("\\|")) {
          if (!c.isBlank()) {
            cells.add(c.strip());
          }
        }
        if (!cells.isEmpty()) {
          out.add(clean(String.join(" — ", cells)));
        }
        continue;
      }
      Matcher b = BULLET.matcher(line);
      if (b.matches()) {
        flush(para, out);
        out.add(clean(b.group(1)));
        continue;
      }
      if (STAMP_START.matcher(line).find()) {
        // plain-text timelines and work notes: one stamped line is one item
        flush(para, out);
        out.add(clean(line));
        continue;
      }
      if (line.startsWith(">")) {
        line = line.substring(1).strip();
      }
      if (para.length() > 0) {
        para.append(' ');
      }
      para.append(line);
    }
    flush(para, out);
    out.removeIf(String::isBlank);
    return out;
  }

  private static void flush(StringBuilder para, List<String> out) {
    if (para.length() == 0) {
      return;
    }
    for (String s : para.toString().split("(?<=[.!?])\\s+(?=[A-Z(\"'`*])")) {
      out.add(clean(s));
    }
    para.setLength(0);
  }

  static String clean(String s) {
    return s.replaceAll("\\*\\*|__|`", "")
        .replaceAll("\\[([^\\]]+)]\\([^)]*\\)", "$1")
        .replaceAll("\\s+", " ")
        .strip();
  }

  // ---------------------------------------------------------------- services

  private static final Pattern SERVICE_TOKEN =
      Pattern.compile(
          "\\b([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*[-_](?:service|svc|api|gateway|gw|worker|workers|"
              + "db|proxy|server|consumer|producer|cache|queue|cluster|web|frontend|backend|"
              + "scheduler|indexer|router|auth|store|sync|bff|edge|lb))\\b");
  private static final Pattern NAMED_SERVICE =
      Pattern.compile(
          "\\b(?:the )?`?([a-z][a-z0-9-]{2,40})`? (?:service|microservice|api|worker|cluster|"
              + "deployment|pods?)\\b");
  private static final Pattern BACKTICK = Pattern.compile("`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`");
  private static final Set<String> NOT_SERVICES =
      Set.of(
          "the",
          "this",
          "that",
          "our",
          "each",
          "every",
          "one",
          "new",
          "old",
          "same",
          "whole",
          "other",
          "internal",
          "external",
          "payment",
          "web",
          "api",
          "backend",
          "frontend",
          "downstream",
          "upstream",
          "affected",
          "main",
          "primary",
          "public",
          "read",
          "write",
          "follow-up",
          "on-call",
          "post-mortem",
          "root-cause",
          "read-only",
          "long-running",
          "third-party",
          "built-in",
          "per-request",
          "re-run",
          "health-check",
          "auto-scaling",
          "two",
          "three",
          "four",
          "five",
          "all",
          "some",
          "many",
          "several",
          "most",
          "both",
          "few",
          "healthy",
          "unhealthy",
          "remaining",
          "canary",
          "production",
          "staging",
          "new-version");

  static List<String> detectServices(String text) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Pattern p : List.of(SERVICE_TOKEN, BACKTICK, NAMED_SERVICE)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        String s = m.group(1).toLowerCase(Locale.ROOT);
        if (NOT_SERVICES.contains(s) || s.length() < 3 || s.matches(".*\\d{2,}.*")) {
          continue;
        }
        counts.merge(s, 1, Integer::sum);
      }
    }
    List<Map.Entry<String, Integer>> es = new ArrayList<>(counts.entrySet());
    es.sort((a, b) -> b.getValue() - a.getValue());
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : es) {
      out.add(e.getKey());
      if (out.size() == 8) {
        break;
      }
    }
    return out;
  }

  private static @Nullable String firstService(String text, List<String> services) {
    String lower = text.toLowerCase(Locale.ROOT);
    int best = Integer.MAX_VALUE;
    String found = null;
    for (String s : services) {
      int i = lower.indexOf(s);
      if (i >= 0 && i < best) {
        best = i;
        found = s;
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- cues

  private static final Pattern IMPACT =
      Pattern.compile(
          "customers?|users? (?:saw|reported|could not|couldn't|were)|outage|impact (?:began|started)|"
              + "\\bpaged\\b|page (?:fired|went out)|on-?call (?:was )?paged|incident (?:was )?(?:declared|opened)|"
              + "declared (?:a |an )?(?:sev|incident|p[0-4])|sev ?[0-4] declared|"
              + "(?:checkout|login|payments?|requests?|orders?) (?:were |started )?fail|"
              + "slo (?:burn|breach|alert)|unavailable|went down|hard down|alert fired|alerted|"
              + "error rate (?:spiked|crossed|exceeded)|5\\d\\d (?:errors? )?(?:spiked|rate)",
          FLAGS);
  private static final Pattern HYPOTHESIS_CUE =
      Pattern.compile(
          "suspect|hypothes|we thought|initially (?:thought|believed|assumed|suspected)|"
              + "first guess|ruled out|red herring|theory|looked like|assumed",
          FLAGS);
  private static final Pattern WRONG =
      Pattern.compile(
          "ruled out|red herring|not the cause|wasn't the|was not the|wrong|dismissed|incorrect|"
              + "false lead|no correlation|did not help|didn't help|unrelated|turned out not|"
              + "disproved|rejected",
          FLAGS);
  private static final Pattern RIGHT =
      Pattern.compile(
          "confirmed|turned out|was the cause|was indeed|correct|proved|root cause was|"
              + "matched|this was it",
          FLAGS);
  private static final Pattern DIAGNOSTIC =
      Pattern.compile(
          "\\b(?:checked|check(?:ing)?\\b|looked at|inspected|ran |running |pulled|heap dump|"
              + "thread dump|profil|queried|compared|grepp?ed|grep |dashboards?|traced|tcpdump|"
              + "dig |nslookup|kubectl|jstack|jmap|jcmd|explain analyze|flame ?graph|strace|"
              + "openssl s_client|df -h|du -|examined|reviewed (?:the )?(?:logs|metrics|traces)|"
              + "correlated)",
          FLAGS);
  private static final Pattern DIAGNOSTIC_START =
      Pattern.compile(
          "^(?:we )?(?:checked|ran|took|pulled|compared|inspected|looked|queried|captured|"
              + "profiled|used|dumped|grepped|traced|examined|reviewed|tested|reproduced|enabled)\\b",
          FLAGS);
  private static final Pattern RESOLUTION_CUE =
      Pattern.compile(
          "roll(?:ed)? ?back|rollback|restart(?:ed)?|revert(?:ed)?|scal(?:ed|ing) (?:up|out)|"
              + "increas(?:ed|ing)|rais(?:ed|ing)|failover|failed over|flush(?:ed)?|disabl(?:ed|ing)|"
              + "renew(?:ed)?|purg(?:ed|ing)|delet(?:ed|ing)|fix(?:ed)?|patch(?:ed)?|hotfix|"
              + "drain(?:ed)?|rotat(?:ed|ing)|cleared|killed|bumped|re-?enabled|re-?deploy(?:ed)?|"
              + "added (?:an? )?(?:index|capacity|limit|jitter|backoff)",
          FLAGS);
  private static final Pattern EFFECT =
      Pattern.compile(
          "(?:→|->|=>|;|, which|, after which| and | so )\\s*(.*(?:recover|back to normal|returned|"
              + "restored|stabili[sz]|dropped back|subsided|cleared|resolved|normali[sz]|fell back|"
              + "green|healthy|drained).*)$",
          FLAGS);
  private static final Pattern ORGANISATIONAL =
      Pattern.compile(
          "review|process|runbook|alert(?:ing)? (?:was|were)? ?(?:missing|absent|not)|no alert|"
              + "ownership|owner|on-?call|communicat|documentation|documented|training|checklist|"
              + "handover|hand-off|policy|no test|testing gap|not tested|untested|staging|"
              + "change management|approval|knowledge|team|silo|assumption",
          FLAGS);
  private static final Pattern CHANGE =
      Pattern.compile(
          "deploy(?:ed|ment|s)?|releas(?:e|ed)|roll(?:ed)?[- ]?out|config(?:uration)? (?:change|push)|"
              + "pushed|flag|merged|shipped|upgrad(?:e|ed)|migrat(?:ion|ed)|bump(?:ed)?",
          FLAGS);
  private static final Pattern VERSION =
      Pattern.compile(
          "(?<![\\d.:])v?\\d+\\.\\d+(?:\\.\\d+)?(?:[-+][A-Za-z0-9.]+)?(?![\\d.]*\\.\\d)|"
              + "\\bbuild #?\\d+|\\b(?:rev|revision|r)[ -]?\\d{2,}\\b|#\\d{3,}|\\b[0-9a-f]{7,12}\\b");
  private static final Pattern CONFIG_WORDS =
      Pattern.compile(
          "config|flag|setting|timeout|yaml|configmap|parameter|\\blimit|\\bttl\\b|threshold|"
              + "pool size|max[_ -]|property|env var|environment variable",
          FLAGS);
  private static final Pattern SEVERITY =
      Pattern.compile("\\b(SEV[- ]?[0-5]|P[0-4]|Sev[- ]?[0-5]|S[1-4])\\b");

  // ---------------------------------------------------------------- extraction

  private Incident extractText(SourceDocument doc) {
    Parsed p = parse(doc.content());
    Incident.Builder b = Incident.builder().source(doc.source()).extractor(name());
    String title = p.title();
    boolean fromHeading = p.titleFromHeading();
    if (doc.title() != null && !doc.title().isBlank()) {
      title = doc.title();
      fromHeading = true;
    }
    if (title == null) {
      for (String l : doc.content().split("\n")) {
        if (!l.isBlank()) {
          title = clean(l);
          break;
        }
      }
    }
    if (title == null || title.isBlank() || title.length() > 300) {
      throw new InvalidTelemetryException(
          doc.source() + ": no title (a postmortem's first line should be a heading: '# Title')");
    }
    b.title(clean(title)).confidence("title", fromHeading ? 0.95 : 0.5);

    Map<Kind, List<Section>> byKind = new EnumMap<>(Kind.class);
    for (Section s : p.sections()) {
      byKind.computeIfAbsent(s.kind, k -> new ArrayList<>()).add(s);
    }
    String all = doc.content();

    // metadata
    Map<String, String> meta = new HashMap<>();
    for (String fullLine : all.split("\n")) {
      // "Date: 2024-01-09 · Severity: SEV3 · Services: a, b" holds several fields
      for (String line : fullLine.split("\\s[·•]\\s")) {
        Matcher m = META.matcher(line);
        if (m.matches()) {
          String f = metaField(m.group(1));
          if (f != null && !meta.containsKey(f)) {
            meta.put(f, clean(m.group(2)));
          }
        }
      }
    }

    // date
    LocalDate date = null;
    if (doc.occurredAt() != null) {
      date = doc.occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
      b.occurredAt(doc.occurredAt()).confidence("occurredAt", 0.95);
    } else if (meta.containsKey("date") && findDate(meta.get("date")).isPresent()) {
      date = findDate(meta.get("date")).get();
      Instant at = date.atStartOfDay().toInstant(ZoneOffset.UTC);
      Matcher dt = ISO_DATETIME.matcher(meta.get("date"));
      if (dt.find()) {
        at = LocalDateTime.of(date, LocalTime.parse(pad(dt.group(2)))).toInstant(ZoneOffset.UTC);
      }
      b.occurredAt(at).confidence("occurredAt", 0.9);
    } else {
      Optional<LocalDate> d = findDate(all);
      if (d.isPresent()) {
        date = d.get();
        b.occurredAt(date.atStartOfDay().toInstant(ZoneOffset.UTC)).confidence("occurredAt", 0.6);
      }
    }

    // severity
    if (meta.containsKey("severity")) {
      b.severity(meta.get("severity")).confidence("severity", 0.9);
    } else {
      Matcher sv = SEVERITY.matcher(all);
      if (sv.find()) {
        b.severity(sv.group(1).toUpperCase(Locale.ROOT).replace(' ', '-'))
            .confidence("severity", 0.6);
      }
    }

    // services
    List<String> services;
    if (meta.containsKey("services")) {
      services = new ArrayList<>();
      for (String s : meta.get("services").split("[,;/]|\\band\\b")) {
        String t = clean(s).replaceAll("\\(.*?\\)", "").trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && t.length() <= 80) {
          services.add(t);
        }
      }
      b.confidence("services", 0.9);
    } else {
      services = detectServices(all);
      if (!services.isEmpty()) {
        b.confidence("services", 0.6);
      }
    }

    // root cause service
    String rcs = null;
    if (meta.containsKey("rootCauseService")) {
      rcs = meta.get("rootCauseService").toLowerCase(Locale.ROOT).split("[ ,(]")[0];
      b.confidence("rootCauseService", 0.9);
    } else if (byKind.containsKey(Kind.ROOT_CAUSE)) {
      String rc = joined(byKind.get(Kind.ROOT_CAUSE));
      List<String> inRc = detectServices(rc);
      rcs = inRc.stream().filter(services::contains).findFirst().orElse(firstService(rc, services));
      if (rcs != null) {
        b.confidence("rootCauseService", 0.6);
      }
    }
    if (rcs == null && !services.isEmpty()) {
      rcs = services.get(0);
      b.confidence("rootCauseService", 0.3);
    }
    if (rcs != null && !services.contains(rcs)) {
      services.add(rcs);
    }
    b.services(services).rootCauseService(rcs);

    // family
    familyInto(b, clean(title), byKind, all);

    // summary
    String summary = "";
    if (byKind.containsKey(Kind.SUMMARY)) {
      summary = prose(byKind.get(Kind.SUMMARY));
      b.confidence("summary", 0.8);
    }
    if (summary.isBlank() && byKind.containsKey(Kind.PREAMBLE)) {
      summary = prose(byKind.get(Kind.PREAMBLE));
      if (!summary.isBlank()) {
        b.confidence("summary", 0.5);
      }
    }
    if (summary.isBlank() && byKind.containsKey(Kind.IMPACT)) {
      summary = prose(byKind.get(Kind.IMPACT));
      if (!summary.isBlank()) {
        b.confidence("summary", 0.4);
      }
    }
    b.summary(summary.length() > 800 ? summary.substring(0, 800) : summary);

    // timeline
    List<TimelineEntry> timeline = new ArrayList<>();
    List<String> timelineItems = new ArrayList<>();
    if (byKind.containsKey(Kind.TIMELINE)) {
      for (Section s : byKind.get(Kind.TIMELINE)) {
        timelineItems.addAll(items(s.lines));
      }
    }
    LocalDate day = date;
    LocalTime prev = null;
    int stamped = 0;
    for (String item : timelineItems) {
      Optional<Stamp> st = findStamp(item);
      if (st.isEmpty()) {
        timeline.add(new TimelineEntry(null, item));
        continue;
      }
      Stamp s = st.get();
      if (s.date() != null) {
        day = s.date();
      } else if (day != null && prev != null && s.time().isBefore(prev.minusHours(1))) {
        day = day.plusDays(1); // the timeline crossed midnight
      }
      prev = s.time();
      String text =
          item.substring(Math.min(s.end(), item.length()))
              .replaceFirst("^\\s*(?:UTC|Z|GMT)?\\s*[-—–:|)\\]]*\\s*", "")
              .strip();
      if (text.isEmpty()) {
        text = item;
      }
      Instant at = day == null ? null : LocalDateTime.of(day, s.time()).toInstant(ZoneOffset.UTC);
      timeline.add(new TimelineEntry(at, text));
      stamped++;
    }
    b.timeline(timeline);
    if (!timeline.isEmpty()) {
      b.confidence("timeline", stamped > 0 ? 0.9 : 0.5);
    }
    Instant impactAt = null;
    Instant firstStamp = null;
    for (TimelineEntry t : timeline) {
      if (t.at() != null && firstStamp == null) {
        firstStamp = t.at();
      }
      if (t.at() != null && IMPACT.matcher(t.text()).find()) {
        impactAt = t.at();
        break;
      }
    }
    boolean dateHasTime =
        meta.containsKey("date")
            && Pattern.compile("\\d{1,2}:\\d{2}").matcher(meta.get("date")).find();
    if (doc.occurredAt() == null && !dateHasTime && (impactAt != null || firstStamp != null)) {
      // the incident's time is when impact began, else the first stamped timeline line
      Instant start = impactAt != null ? impactAt : firstStamp;
      if (b.occurredAt() == null
          || (date != null
              && b.occurredAt().equals(date.atStartOfDay().toInstant(ZoneOffset.UTC)))) {
        b.occurredAt(start);
      }
    }

    // changes (deploy / config)
    List<ChangeRef> changes = new ArrayList<>();
    Set<String> seenVersions = new LinkedHashSet<>();
    if (meta.containsKey("change")) {
      addChange(changes, seenVersions, meta.get("change"), null, services, true);
    }
    for (TimelineEntry t : timeline) {
      boolean beforeImpact = impactAt == null || t.at() == null || !t.at().isAfter(impactAt);
      if (beforeImpact
          && CHANGE.matcher(t.text()).find()
          && !RESOLUTION_CUE.matcher(t.text()).find()) {
        addChange(changes, seenVersions, t.text(), t.at(), services, false);
      }
    }
    for (Kind k : List.of(Kind.PREAMBLE, Kind.SUMMARY, Kind.ROOT_CAUSE, Kind.CONTRIBUTING)) {
      for (Section s : byKind.getOrDefault(k, List.of())) {
        for (String item : items(s.lines)) {
          if (CHANGE.matcher(item).find()
              && VERSION.matcher(item).find()
              && !RESOLUTION_CUE.matcher(item).find()) {
            addChange(changes, seenVersions, item, null, services, false);
          }
        }
      }
    }
    b.changes(changes);
    if (!changes.isEmpty()) {
      b.confidence("changes", 0.7);
    }

    // deploy to impact
    Duration d2i = null;
    if (impactAt != null) {
      for (ChangeRef c : changes) {
        if (c.at() != null && c.at().isBefore(impactAt)) {
          d2i = Duration.between(c.at(), impactAt);
        }
      }
    }
    if (d2i == null) {
      Optional<Duration> after = TextPatterns.afterChange(all);
      if (after.isPresent()) {
        d2i = after.get();
      }
    }
    b.deployToImpact(d2i);

    // precursor signals
    List<PrecursorSignal> signals = new ArrayList<>();
    for (Section s : byKind.getOrDefault(Kind.PRECURSORS, List.of())) {
      for (String item : items(s.lines)) {
        signal(item, 0.8, true, services, null, impactAt).ifPresent(signals::add);
      }
    }
    if (impactAt != null) {
      Set<String> stated = new LinkedHashSet<>();
      for (PrecursorSignal s : signals) {
        stated.add(s.kind() + "|" + s.direction());
      }
      for (TimelineEntry t : timeline) {
        if (t.at() != null && t.at().isBefore(impactAt)) {
          signal(t.text(), 0.6, false, services, t.at(), impactAt)
              .filter(s -> !stated.contains(s.kind() + "|" + s.direction()))
              .ifPresent(signals::add);
        }
      }
    }
    if (signals.isEmpty()) {
      for (String sentence : items(List.of(all.split("\n")))) {
        if (Pattern.compile("\\bbefore\\b|ahead of|early sign|first sign|precursor", FLAGS)
            .matcher(sentence)
            .find()) {
          signal(sentence, 0.4, false, services, null, null).ifPresent(signals::add);
        }
      }
    }
    b.precursors(dedupeSignals(signals));
    b.confidence(
        "precursors", signals.stream().mapToDouble(PrecursorSignal::confidence).max().orElse(0));

    // hypotheses
    List<ConsideredHypothesis> hyps = new ArrayList<>();
    List<String> diagnostics = new ArrayList<>();
    boolean hypSection = byKind.containsKey(Kind.HYPOTHESES);
    for (Section s : byKind.getOrDefault(Kind.HYPOTHESES, List.of())) {
      for (String item : items(s.lines)) {
        if (DIAGNOSTIC_START.matcher(item).find() && !HYPOTHESIS_CUE.matcher(item).find()) {
          diagnostics.add(item);
        } else {
          hyps.add(new ConsideredHypothesis(item, correctness(item)));
        }
      }
    }
    for (Section s : p.sections()) {
      if (s.kind == Kind.HYPOTHESES) {
        continue;
      }
      for (String item : items(s.lines)) {
        if (HYPOTHESIS_CUE.matcher(item).find() && s.kind != Kind.ACTIONS) {
          hyps.add(new ConsideredHypothesis(item, correctness(item)));
        }
        if (DIAGNOSTIC.matcher(item).find()
            && (s.kind == Kind.TIMELINE || s.kind == Kind.PREAMBLE || s.kind == Kind.SUMMARY)) {
          diagnostics.add(stripStamp(item));
        }
      }
    }
    b.hypotheses(distinct(hyps));
    if (!hyps.isEmpty()) {
      b.confidence("hypotheses", hypSection ? 0.8 : 0.5);
    }
    b.diagnostics(distinctStrings(diagnostics));
    if (!diagnostics.isEmpty()) {
      b.confidence("diagnostics", 0.6);
    }

    // root cause factors
    List<CauseFactor> factors = new ArrayList<>();
    for (Section s : byKind.getOrDefault(Kind.ROOT_CAUSE, List.of())) {
      for (String item : items(s.lines)) {
        factors.add(new CauseFactor(item, causeKind(item)));
      }
    }
    if (!factors.isEmpty()) {
      b.confidence("rootCauseFactors", 0.85);
    } else {
      for (String sentence : items(List.of(all.split("\n")))) {
        if (Pattern.compile("root cause|caused by|because|due to", FLAGS)
            .matcher(sentence)
            .find()) {
          factors.add(new CauseFactor(sentence, causeKind(sentence)));
        }
      }
      if (!factors.isEmpty()) {
        b.confidence("rootCauseFactors", 0.4);
      }
    }
    b.rootCauseFactors(factors.size() > 12 ? factors.subList(0, 12) : factors);

    // contributing factors
    List<String> contributing = new ArrayList<>();
    for (Section s : byKind.getOrDefault(Kind.CONTRIBUTING, List.of())) {
      contributing.addAll(items(s.lines));
    }
    b.contributingFactors(contributing);
    if (!contributing.isEmpty()) {
      b.confidence("contributingFactors", 0.85);
    }

    // resolution
    List<ResolutionAction> resolution = new ArrayList<>();
    for (Section s : byKind.getOrDefault(Kind.RESOLUTION, List.of())) {
      LocalTime prevR = null;
      LocalDate dayR = date;
      for (String item : items(s.lines)) {
        Instant at = null;
        String text = item;
        Optional<Stamp> st = findStamp(item);
        if (st.isPresent()) {
          Stamp stp = st.get();
          LocalDate dd = stp.date() != null ? stp.date() : dayR;
          if (stp.date() == null && dd != null && prevR != null && stp.time().isBefore(prevR)) {
            dd = dd.plusDays(1);
          }
          dayR = dd;
          prevR = stp.time();
          at = dd == null ? null : LocalDateTime.of(dd, stp.time()).toInstant(ZoneOffset.UTC);
          text = stripStamp(item);
        }
        resolution.add(action(text, at));
      }
    }
    if (!resolution.isEmpty()) {
      b.confidence("resolution", 0.85);
    } else {
      for (TimelineEntry t : timeline) {
        if ((impactAt == null || t.at() == null || !t.at().isBefore(impactAt))
            && RESOLUTION_CUE.matcher(t.text()).find()) {
          resolution.add(action(t.text(), t.at()));
        }
      }
      if (!resolution.isEmpty()) {
        b.confidence("resolution", 0.5);
      }
    }
    b.resolution(resolution);
    return b.build();
  }

  private static void familyInto(
      Incident.Builder b, String title, Map<Kind, List<Section>> byKind, String all) {
    Map<FailureFamily, Double> scores = new EnumMap<>(FailureFamily.class);
    for (FailureFamily f : FailureFamily.values()) {
      if (f == FailureFamily.OTHER) {
        continue;
      }
      double s = 3.0 * count(f.vocabulary(), title);
      for (Map.Entry<Kind, List<Section>> e : byKind.entrySet()) {
        double w =
            switch (e.getKey()) {
              case ROOT_CAUSE -> 3.0;
              case SUMMARY, PREAMBLE -> 1.5;
              case PRECURSORS, CONTRIBUTING -> 1.0;
              case ACTIONS, OTHER -> 0.3;
              default -> 0.7;
            };
        s += w * count(f.vocabulary(), joined(e.getValue()));
      }
      if (s > 0) {
        scores.put(f, s);
      }
    }
    FailureFamily best = FailureFamily.OTHER;
    double top = 0;
    double second = 0;
    for (Map.Entry<FailureFamily, Double> e : scores.entrySet()) {
      if (e.getValue() > top) {
        second = top;
        top = e.getValue();
        best = e.getKey();
      } else if (e.getValue() > second) {
        second = e.getValue();
      }
    }
    b.family(best);
    if (best == FailureFamily.OTHER) {
      b.confidence("family", 0.2);
    } else {
      double margin = (top - second) / top;
      double strength = Math.min(1, top / 6);
      b.confidence("family", Math.max(0.3, Math.min(0.95, 0.4 + 0.3 * margin + 0.25 * strength)));
    }
    if (all.isEmpty()) {
      b.confidence("family", 0);
    }
  }

  static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String joined(List<Section> sections) {
    StringBuilder sb = new StringBuilder();
    for (Section s : sections) {
      sb.append(s.heading).append('\n').append(s.text()).append('\n');
    }
    return sb.toString();
  }

  private static String prose(List<Section> sections) {
    StringBuilder sb = new StringBuilder();
    for (Section s : sections) {
      for (String item : items(s.lines)) {
        Matcher m = META.matcher(item);
        if (m.matches() && metaField(m.group(1)) != null) {
          continue;
        }
        if (item.length() < 3) {
          continue;
        }
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(item);
        if (sb.length() > 800) {
          break;
        }
      }
    }
    return sb.toString().strip();
  }

  private static String stripStamp(String item) {
    Optional<Stamp> st = findStamp(item);
    if (st.isEmpty()) {
      return item;
    }
    String t =
        item.substring(Math.min(st.get().end(), item.length()))
            .replaceFirst("^\\s*(?:UTC|Z|GMT)?\\s*[-—–:|)\\]]*\\s*", "")
            .strip();
    return t.isEmpty() ? item : t;
  }

  private static @Nullable Boolean correctness(String item) {
    if (WRONG.matcher(item).find()) {
      return false;
    }
    if (RIGHT.matcher(item).find()) {
      return true;
    }
    return null;
  }

  private static CauseFactor.Kind causeKind(String item) {
    return ORGANISATIONAL.matcher(item).find()
        ? CauseFactor.Kind.ORGANISATIONAL
        : CauseFactor.Kind.TECHNICAL;
  }

  private static ResolutionAction action(String text, @Nullable Instant at) {
    Matcher m = EFFECT.matcher(text);
    if (m.find() && m.start() > 8) {
      return new ResolutionAction(text.substring(0, m.start()).strip(), m.group(1).strip(), at);
    }
    return new ResolutionAction(text, null, at);
  }

  private static void addChange(
      List<ChangeRef> changes,
      Set<String> seen,
      String text,
      @Nullable Instant at,
      List<String> services,
      boolean fromMeta) {
    Matcher v = VERSION.matcher(text);
    String version = v.find() ? v.group() : null;
    if (version == null && !fromMeta) {
      if (!CONFIG_WORDS.matcher(text).find()) {
        return;
      }
    }
    String key = version != null ? version : text.toLowerCase(Locale.ROOT);
    if (!seen.add(key)) {
      if (at != null) {
        // the same change seen again with a time (timeline after metadata): keep the time
        for (int i = 0; i < changes.size(); i++) {
          ChangeRef c = changes.get(i);
          if (key.equals(c.version()) && c.at() == null) {
            changes.set(i, new ChangeRef(c.service(), c.version(), c.kind(), at, c.description()));
          }
        }
      }
      return;
    }
    Deploy.Kind kind = CONFIG_WORDS.matcher(text).find() ? Deploy.Kind.CONFIG : Deploy.Kind.DEPLOY;
    changes.add(new ChangeRef(firstService(text, services), version, kind, at, text));
  }

  private static final Set<MetricKind> RISING_KINDS =
      Set.of(
          MetricKind.MEMORY,
          MetricKind.QUEUE_DEPTH,
          MetricKind.DISK,
          MetricKind.LATENCY,
          MetricKind.ERROR_RATE,
          MetricKind.GC,
          MetricKind.CONNECTION_POOL,
          MetricKind.THREAD_POOL,
          MetricKind.RETRIES,
          MetricKind.RESTARTS,
          MetricKind.CPU,
          MetricKind.SATURATION);

  private static Optional<PrecursorSignal> signal(
      String text,
      double confidence,
      boolean inPrecursorSection,
      List<String> services,
      @Nullable Instant at,
      @Nullable Instant impactAt) {
    String t = stripStamp(text);
    // "... 45 minutes before the first failures": the clause after "before" names the impact
    String signalPart = t.split("(?i)\\b(?:before|prior to|ahead of)\\b", 2)[0];
    Optional<MetricKind> kind = MetricKind.ofText(signalPart);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Optional<Direction> dir = TextPatterns.direction(signalPart);
    double c = confidence;
    if (dir.isEmpty()) {
      if (!inPrecursorSection || !RISING_KINDS.contains(kind.get())) {
        return Optional.empty();
      }
      dir = Optional.of(Direction.UP);
      c *= 0.7;
    }
    if (kind.get() == MetricKind.CACHE
        && Pattern.compile("hit (?:ratio|rate)", FLAGS).matcher(t).find()
        && dir.get() == Direction.UP
        && Pattern.compile("miss", FLAGS).matcher(t).find()) {
      dir = Optional.of(Direction.UP);
    }
    Duration lead = TextPatterns.leadTime(t).orElse(null);
    if (lead == null && at != null && impactAt != null && at.isBefore(impactAt)) {
      lead = Duration.between(at, impactAt);
    }
    // without words about speed, a signal visible long before impact developed slowly
    Optional<VelocityBand> said = TextPatterns.band(signalPart);
    VelocityBand band = said.orElse(lead != null ? VelocityBand.of(lead) : VelocityBand.FAST);
    return Optional.of(
        new PrecursorSignal(kind.get(), dir.get(), band, lead, firstService(t, services), t, c));
  }

  private static List<PrecursorSignal> dedupeSignals(List<PrecursorSignal> signals) {
    Map<String, PrecursorSignal> best = new LinkedHashMap<>();
    for (PrecursorSignal s : signals) {
      String key = s.kind() + "|" + s.direction() + "|" + s.description();
      best.merge(key, s, (a, b) -> a.confidence() >= b.confidence() ? a : b);
    }
    return new ArrayList<>(best.values());
  }

  private static List<ConsideredHypothesis> distinct(List<ConsideredHypothesis> hs) {
    Map<String, ConsideredHypothesis> m = new LinkedHashMap<>();
    for (ConsideredHypothesis h : hs) {
      m.putIfAbsent(h.text(), h);
    }
    return new ArrayList<>(m.values());
  }

  private static List<String> distinctStrings(List<String> xs) {
    return new ArrayList<>(new LinkedHashSet<>(xs));
  }
}
