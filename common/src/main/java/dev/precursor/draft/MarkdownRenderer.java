package dev.precursor.draft;

import dev.precursor.draft.Document.Block;
import dev.precursor.draft.Document.BulletList;
import dev.precursor.draft.Document.Code;
import dev.precursor.draft.Document.Heading;
import dev.precursor.draft.Document.Inline;
import dev.precursor.draft.Document.Link;
import dev.precursor.draft.Document.Paragraph;
import dev.precursor.draft.Document.Table;
import dev.precursor.draft.Document.Text;
import java.util.List;

/**
 * Renders a {@link Document} as CommonMark / GitHub-flavoured Markdown. Text is escaped so that
 * service names, metric names and log lines never turn into markup; tables use GFM pipe tables.
 * Stateless and thread-safe.
 */
public final class MarkdownRenderer {
  private MarkdownRenderer() {}

  /** The blocks only (the title is carried separately, e.g. as a ticket summary). */
  public static String render(Document doc) {
    StringBuilder sb = new StringBuilder();
    for (Block b : doc.blocks()) {
      String s = block(b);
      if (s.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  /** The title as a level-1 heading, then the blocks. */
  public static String renderWithTitle(Document doc) {
    String body = render(doc);
    String head = doc.title().isBlank() ? "" : "# " + escape(oneLine(doc.title()), true) + "\n";
    return body.isEmpty() ? head : head.isEmpty() ? body : head + "\n" + body;
  }

  private static String block(Block b) {
    if (b instanceof Heading h) {
      String t = oneLine(h.text());
      return t.isBlank() ? "" : "#".repeat(h.level()) + " " + escape(t, true) + "\n";
    }
    if (b instanceof Paragraph p) {
      String s = inlines(p.inlines());
      return s.isBlank() ? "" : s + "\n";
    }
    if (b instanceof BulletList l) {
      StringBuilder sb = new StringBuilder();
      int n = 1;
      for (List<Inline> item : l.items()) {
        String marker = l.ordered() ? (n++) + ". " : "- ";
        String indent = " ".repeat(marker.length());
        String text = inlines(item);
        sb.append(marker).append(text.replace("\n", "\n" + indent)).append('\n');
      }
      return sb.toString();
    }
    if (b instanceof Table t) {
      StringBuilder sb = new StringBuilder();
      row(sb, t.header());
      sb.append('|');
      for (int i = 0; i < t.header().size(); i++) {
        sb.append(" --- |");
      }
      sb.append('\n');
      for (List<String> r : t.rows()) {
        row(sb, r);
      }
      return sb.toString();
    }
    if (b instanceof Code c) {
      String text = c.text().endsWith("\n") ? c.text() : c.text() + "\n";
      String fence = "```";
      while (text.contains(fence)) {
        fence += "`";
      }
      String lang = c.language() == null || c.language().isBlank() ? "" : c.language().strip();
      return fence + lang + "\n" + text + fence + "\n";
    }
    throw new IllegalArgumentException("unknown block " + b);
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      String t = escape(oneLine(c), false);
      sb.append(' ').append(t.isEmpty() ? " " : t).append(" |");
    }
    sb.append('\n');
  }

  static String inlines(List<Inline> inlines) {
    StringBuilder sb = new StringBuilder();
    for (Inline in : inlines) {
      if (in instanceof Text t) {
        if (t.text().isEmpty()) {
          continue;
        }
        sb.append(text(t, sb.length() == 0 || sb.charAt(sb.length() - 1) == '\n'));
      } else if (in instanceof Link l) {
        String url = url(l.url());
        String label = l.text().isBlank() ? l.url() : l.text();
        if (url.isEmpty()) {
          sb.append(escape(oneLine(label), sb.length() == 0));
        } else {
          sb.append('[').append(escape(oneLine(label), false)).append("](").append(url).append(')');
        }
      }
    }
    // a hard line break inside a paragraph: CommonMark's backslash form survives trimming editors
    return sb.toString().replace("\n", "\\\n");
  }

  private static String text(Text t, boolean lineStart) {
    String s = t.text();
    if (t.code()) {
      String code = codeSpan(s.replace('\n', ' '));
      return t.bold() ? "**" + code + "**" : code;
    }
    if (!t.bold()) {
      return escapeLines(s, lineStart);
    }
    // emphasis delimiters must hug the text: keep surrounding spaces outside
    String core = s.strip();
    if (core.isEmpty()) {
      return s;
    }
    int lead = s.indexOf(core);
    String before = s.substring(0, lead);
    String after = s.substring(lead + core.length());
    return before + "**" + escapeLines(core, lineStart && lead == 0) + "**" + after;
  }

  private static String escapeLines(String s, boolean lineStart) {
    String[] lines = s.split("\n", -1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        sb.append('\n');
      }
      sb.append(escape(lines[i], i > 0 || lineStart));
    }
    return sb.toString();
  }

  private static String codeSpan(String s) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = s.startsWith("`") || s.endsWith("`");
    return fence + (pad ? " " + s + " " : s) + fence;
  }

  /**
   * Escapes Markdown punctuation. Underscores are escaped only where they could open or close
   * emphasis, so {@code http_server_duration} stays readable in the raw text.
   */
  static String escape(String s, boolean lineStart) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '`', '*', '[', ']', '<', '>', '|', '&' -> sb.append('\\').append(c);
        case '_' -> {
          boolean inWord =
              i > 0
                  && i + 1 < s.length()
                  && Character.isLetterOrDigit(s.charAt(i - 1))
                  && Character.isLetterOrDigit(s.charAt(i + 1));
          if (!inWord) {
            sb.append('\\');
          }
          sb.append(c);
        }
        case '#', '-', '+', '=' -> {
          if (lineStart && i == firstNonSpace(s)) {
            sb.append('\\');
          }
          sb.append(c);
        }
        case '.', ')' -> {
          // "1. text" at the start of a line would become an ordered list
          if (lineStart && i > 0 && allDigits(s, firstNonSpace(s), i)) {
            sb.append('\\');
          }
          sb.append(c);
        }
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static int firstNonSpace(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static boolean allDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String url(String url) {
    String u = url.strip();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < u.length(); i++) {
      char c = u.charAt(i);
      switch (c) {
        case ' ' -> sb.append("%20");
        case '(' -> sb.append("%28");
        case ')' -> sb.append("%29");
        case '<' -> sb.append("%3C");
        case '>' -> sb.append("%3E");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
