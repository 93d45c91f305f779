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
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Document} as plain text for ServiceNow {@code description}, {@code work_notes}
 * and {@code close_notes} (journal fields show text as typed): headings underlined, lists with
 * {@code -} or numbers, tables as aligned columns, links as {@code text (url)}, code indented by
 * four spaces. Nothing is escaped because nothing is interpreted. Stateless and thread-safe.
 */
public final class PlainTextRenderer {
  /** Columns wider than this are not padded further, so one long cell cannot stretch a table. */
  private static final int MAX_COLUMN = 60;

  private PlainTextRenderer() {}

  /** The blocks only (the title is carried separately, e.g. as {@code short_description}). */
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

  /** The title underlined with {@code =}, then the blocks. */
  public static String renderWithTitle(Document doc) {
    String body = render(doc);
    String t = MarkdownRenderer.oneLine(doc.title()).strip();
    String head = t.isEmpty() ? "" : t + "\n" + "=".repeat(t.length()) + "\n";
    return body.isEmpty() ? head : head.isEmpty() ? body : head + "\n" + body;
  }

  private static String block(Block b) {
    if (b instanceof Heading h) {
      String t = MarkdownRenderer.oneLine(h.text()).strip();
      if (t.isEmpty()) {
        return "";
      }
      return t + "\n" + (h.level() == 1 ? "=" : "-").repeat(t.length()) + "\n";
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
        sb.append(marker).append(inlines(item).replace("\n", "\n" + indent)).append('\n');
      }
      return sb.toString();
    }
    if (b instanceof Table t) {
      List<List<String>> all = new ArrayList<>();
      all.add(t.header());
      all.addAll(t.rows());
      int cols = t.header().size();
      int[] width = new int[cols];
      for (List<String> r : all) {
        for (int i = 0; i < cols; i++) {
          width[i] = Math.min(MAX_COLUMN, Math.max(width[i], cellText(r.get(i)).length()));
        }
      }
      StringBuilder sb = new StringBuilder();
      line(sb, t.header(), width);
      for (int i = 0; i < cols; i++) {
        sb.append(i == 0 ? "" : "-+-").append("-".repeat(Math.max(1, width[i])));
      }
      sb.append('\n');
      for (List<String> r : t.rows()) {
        line(sb, r, width);
      }
      return sb.toString();
    }
    if (b instanceof Code c) {
      StringBuilder sb = new StringBuilder();
      String text =
          c.text().endsWith("\n") ? c.text().substring(0, c.text().length() - 1) : c.text();
      for (String line : text.split("\n", -1)) {
        sb.append(line.isEmpty() ? "" : "    " + line).append('\n');
      }
      return sb.toString();
    }
    throw new IllegalArgumentException("unknown block " + b);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = cellText(cells.get(i));
      l.append(i == 0 ? "" : " | ").append(c);
      if (i < cells.size() - 1) {
        l.append(" ".repeat(Math.max(0, width[i] - c.length())));
      }
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private static String cellText(String c) {
    return MarkdownRenderer.oneLine(c).strip();
  }

  private static String inlines(List<Inline> inlines) {
    StringBuilder sb = new StringBuilder();
    for (Inline in : inlines) {
      if (in instanceof Text t) {
        sb.append(t.text());
      } else if (in instanceof Link l) {
        String url = l.url().strip();
        String label = MarkdownRenderer.oneLine(l.text()).strip();
        if (url.isEmpty()) {
          sb.append(label);
        } else if (label.isEmpty() || label.equals(url)) {
          sb.append(url);
        } else {
          sb.append(label).append(" (").append(url).append(')');
        }
      }
    }
    return sb.toString();
  }
}
