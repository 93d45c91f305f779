package dev.precursor.draft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks LLM text against the evidence it was given: every service, metric, endpoint, version and
 * incident id it names must occur in the evidence. Names are found as backticked spans (the prompt
 * asks for them), versions ({@code v1.2}, {@code 1.2.3}), incident and ticket ids ({@code
 * INC-1042}), dotted or underscored identifiers ({@code http.server.error_ratio}) and hyphenated
 * names with a service-like suffix ({@code ledger-api}). A sentence or list item naming anything
 * unknown is dropped whole, so no half-sentence survives. Thread-safe.
 */
final class Grounding {
  private static final Pattern BACKTICK = Pattern.compile("`([^`]+)`");
  private static final Pattern VERSION =
      Pattern.compile(
          "(?<![\\w.])v?\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.-]+)?(?![\\w.])"
              + "|(?<![\\w.])v\\d+(?:\\.\\d+)+(?![\\w.])");
  private static final Pattern INCIDENT = Pattern.compile("\\b[A-Z][A-Z0-9]{1,9}-\\d+\\b");
  private static final Pattern IDENTIFIER =
      Pattern.compile("\\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\\b");
  private static final Pattern SERVICE =
      Pattern.compile(
          "\\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:api|svc|service|db|database|worker|"
              + "gateway|gw|proxy|cache|queue|web|app|server|backend|frontend|consumer|producer|"
              + "job|cron|lambda|fn|store|broker|redis|kafka|postgres|mysql|mongo)\\b");
  private static final Set<String> COMMON_DOTTED = Set.of("e.g", "i.e", "etc", "vs", "a.m", "p.m");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z`\"(<])");

  private final String evidence;

  /**
   * @param evidence the exact text the model was given (redacted form included)
   */
  Grounding(String evidence) {
    this.evidence = evidence.toLowerCase(Locale.ROOT);
  }

  /** The names in {@code text} that the evidence does not contain. */
  Set<String> unknownNames(String text) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String name : names(text)) {
      if (!evidence.contains(name.toLowerCase(Locale.ROOT))) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  /** Candidate names in a text. */
  static Set<String> names(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = BACKTICK.matcher(text);
    while (m.find()) {
      String n = m.group(1).strip();
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    String plain = BACKTICK.matcher(text).replaceAll(" ");
    for (Pattern p : List.of(VERSION, INCIDENT, IDENTIFIER, SERVICE)) {
      Matcher x = p.matcher(plain);
      while (x.find()) {
        String n = x.group();
        if (p == IDENTIFIER
            && (COMMON_DOTTED.contains(n.toLowerCase(Locale.ROOT))
                || n.matches("v\\d+(\\.\\d+)*"))) {
          continue;
        }
        out.add(p == VERSION && n.startsWith("v") ? n.substring(1) : n);
      }
    }
    return out;
  }

  /** The result of filtering one text: what was kept and which names caused drops. */
  record Filtered(String text, List<String> dropped) {}

  /** Keeps the sentences of a paragraph that name only known things. */
  Filtered sentences(String paragraph) {
    StringBuilder kept = new StringBuilder();
    List<String> dropped = new ArrayList<>();
    for (String s : SENTENCE_END.split(paragraph.strip())) {
      Set<String> unknown = unknownNames(s);
      if (unknown.isEmpty()) {
        if (kept.length() > 0) {
          kept.append(' ');
        }
        kept.append(s.strip());
      } else {
        dropped.addAll(unknown);
      }
    }
    return new Filtered(kept.toString(), dropped);
  }

  /** Keeps the list items that name only known things. */
  List<String> items(List<String> items, java.util.Collection<String> dropped) {
    List<String> kept = new ArrayList<>();
    for (String item : items) {
      Set<String> unknown = unknownNames(item);
      if (unknown.isEmpty()) {
        if (!item.isBlank()) {
          kept.add(item.strip());
        }
      } else {
        dropped.addAll(unknown);
      }
    }
    return kept;
  }
}
