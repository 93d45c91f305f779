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
import java.util.regex.Pattern;

/**
 * Renders a {@link Document} as Jira wiki markup, for Jira Data Center and REST v2 ({@code
 * description} and comment {@code body} strings). Markup characters in text are escaped with a
 * backslash where they could take effect, so {@code checkout-api} and {@code http_server_duration}
 * stay readable while {@code -5%}, {@code [x]} or {@code a|b} do not turn into strike-through,
 * links or table cells. Stateless and thread-safe.
 */
public final class WikiRenderer {
  private static final Pattern BLOCK_MACRO_START = Pattern.compile("^(h[1-6]|bq)\\.");

  private WikiRenderer() {}

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

  /** The title as {@code h1.}, then the blocks. */
  public static String renderWithTitle(Document doc) {
    String body = render(doc);
    String head =
        doc.title().isBlank() ? "" : "h1. " + escape(MarkdownRenderer.oneLine(doc.title())) + "\n";
    return body.isEmpty() ? head : head.isEmpty() ? body : head + "\n" + body;
  }

  private static String block(Block b) {
    if (b instanceof Heading h) {
      String t = MarkdownRenderer.oneLine(h.text()).strip();
      return t.isEmpty() ? "" : "h" + h.level() + ". " + escape(t) + "\n";
    }
    if (b instanceof Paragraph p) {
      String s = inlines(p.inlines());
      return s.isBlank() ? "" : s + "\n";
    }
    if (b instanceof BulletList l) {
      StringBuilder sb = new StringBuilder();
      String marker = l.ordered() ? "# " : "* ";
      for (List<Inline> item : l.items()) {
        // a list item is one line in wiki markup; an explicit break keeps multi-line items in place
        String text = inlines(item).replace("\n", " \\\\ ");
        sb.append(marker).append(text.isBlank() ? "\\-" : text).append('\n');
      }
      return sb.toString();
    }
    if (b instanceof Table t) {
      StringBuilder sb = new StringBuilder("||");
      for (String h : t.header()) {
        sb.append(cell(h)).append("||");
      }
      sb.append('\n');
      for (List<String> r : t.rows()) {
        sb.append('|');
        for (String c : r) {
          sb.append(cell(c)).append('|');
        }
        sb.append('\n');
      }
      return sb.toString();
    }
    if (b instanceof Code c) {
      String text = c.text().endsWith("\n") ? c.text() : c.text() + "\n";
      String lang = c.language() == null ? "" : c.language().strip();
      if (text.contains("{code") || text.contains("{noformat")) {
        // the macro would end early: a noformat block with the braces defused keeps the text
        return "{noformat}\n"
            + text.replace("{noformat", "{ noformat").replace("{code", "{ code")
            + "{noformat}\n";
      }
      boolean plain = lang.isEmpty() || lang.equals("text") || !lang.matches("[A-Za-z0-9+#-]+");
      return (plain ? "{code}" : "{code:" + lang + "}") + "\n" + text + "{code}\n";
    }
    throw new IllegalArgumentException("unknown block " + b);
  }

  private static String cell(String c) {
    String t = escape(MarkdownRenderer.oneLine(c).strip());
    // an empty cell would read as "||", which starts a header cell
    return t.isEmpty() ? " " : t;
  }

  private static String inlines(List<Inline> inlines) {
    StringBuilder sb = new StringBuilder();
    for (Inline in : inlines) {
      if (in instanceof Text t) {
        if (t.text().isEmpty()) {
          continue;
        }
        sb.append(text(t));
      } else if (in instanceof Link l) {
        String url = url(l.url());
        String label = MarkdownRenderer.oneLine(l.text().isBlank() ? l.url() : l.text()).strip();
        if (url.isEmpty()) {
          sb.append(escape(label));
        } else if (label.equals(l.url().strip())) {
          sb.append('[').append(url).append(']');
        } else {
          sb.append('[').append(escape(label)).append('|').append(url).append(']');
        }
      }
    }
    String s = sb.toString();
    StringBuilder out = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      // "h2." or "bq." at the start of a line would become a block macro
      out.append(BLOCK_MACRO_START.matcher(line).find() ? line.replaceFirst("\\.", "\\\\.") : line);
    }
    return out.toString();
  }

  private static String text(Text t) {
    String s = t.text();
    String core = s.strip();
    if (core.isEmpty() || (!t.bold() && !t.code())) {
      return escape(s);
    }
    int lead = s.indexOf(core);
    String before = s.substring(0, lead);
    String after = s.substring(lead + core.length());
    String inner = escape(MarkdownRenderer.oneLine(core));
    if (t.code()) {
      inner = "{{" + inner + "}}";
    }
    if (t.bold()) {
      inner = "*" + inner + "*";
    }
    return before + inner + after;
  }

  /**
   * Escapes wiki markup. Characters that only act at a word boundary ({@code * _ - + ^ ~ ? #}) are
   * escaped only there; brackets, braces, pipes and {@code !} always.
   */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '{', '}', '[', ']', '|', '!' -> sb.append('\\').append(c);
        case '*', '_', '-', '+', '^', '~', '?', '#' -> {
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
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String url(String url) {
    String u = url.strip();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < u.length(); i++) {
      char c = u.charAt(i);
      switch (c) {
        case ' ' -> sb.append("%20");
        case '|' -> sb.append("%7C");
        case ']' -> sb.append("%5D");
        case '[' -> sb.append("%5B");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
