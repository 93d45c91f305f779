package dev.precursor.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Drain-style online log-template mining (He et al., ICWS 2017) for one service: messages are
 * tokenised on whitespace, tokens with digits become {@code <*>}, and a message joins the most
 * similar template of the same length and first token when at least {@code similarity} of the
 * positions agree (differing positions become {@code <*>}); otherwise it starts a new template. At
 * most {@code maxTemplates} templates are kept; beyond that new shapes are folded into an overflow
 * template so memory stays bounded.
 */
final class DrainMiner {
  static final String WILDCARD = "<*>";
  private static final int MAX_TOKENS = 64;

  private final double similarity;
  private final int maxTemplates;
  private final Map<String, List<Template>> groups = new HashMap<>();
  private int count;

  DrainMiner(double similarity, int maxTemplates) {
    this.similarity = similarity;
    this.maxTemplates = maxTemplates;
  }

  /** One learned template. */
  static final class Template {
    final String[] tokens;
    long matches;

    Template(String[] tokens) {
      this.tokens = tokens;
    }

    String text() {
      return String.join(" ", tokens);
    }
  }

  /** The outcome of {@link #add}: the template the message joined, and whether it is new. */
  record Match(String template, boolean isNew) {}

  Match add(String message) {
    String[] tokens = tokenize(message);
    String group = tokens.length + " " + (tokens.length == 0 ? "" : tokens[0]);
    List<Template> candidates = groups.computeIfAbsent(group, g -> new ArrayList<>());
    Template best = null;
    double bestScore = -1;
    for (Template t : candidates) {
      double score = score(t.tokens, tokens);
      if (score > bestScore) {
        bestScore = score;
        best = t;
      }
    }
    if (best != null && bestScore >= similarity) {
      for (int i = 0; i < tokens.length; i++) {
        if (!best.tokens[i].equals(tokens[i])) {
          best.tokens[i] = WILDCARD;
        }
      }
      best.matches++;
      return new Match(best.text(), false);
    }
    if (count >= maxTemplates) {
      Template overflow = overflow();
      overflow.matches++;
      return new Match(overflow.text(), false);
    }
    Template t = new Template(tokens);
    t.matches = 1;
    candidates.add(t);
    count++;
    return new Match(t.text(), true);
  }

  private @Nullable Template overflowTemplate;

  private Template overflow() {
    if (overflowTemplate == null) {
      overflowTemplate = new Template(new String[] {WILDCARD});
    }
    return overflowTemplate;
  }

  int size() {
    return count;
  }

  private static double score(String[] template, String[] tokens) {
    if (tokens.length == 0) {
      return 1;
    }
    int same = 0;
    for (int i = 0; i < tokens.length; i++) {
      if (template[i].equals(tokens[i])) {
        same++;
      }
    }
    return (double) same / tokens.length;
  }

  static String[] tokenize(String message) {
    String trimmed = message.strip();
    if (trimmed.isEmpty()) {
      return new String[0];
    }
    String[] raw = trimmed.split("\\s+", MAX_TOKENS + 1);
    int n = Math.min(raw.length, MAX_TOKENS);
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = hasDigit(raw[i]) ? WILDCARD : raw[i];
    }
    return out;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
