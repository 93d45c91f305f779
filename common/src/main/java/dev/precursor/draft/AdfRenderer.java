package dev.precursor.draft;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Renders a {@link Document} as an Atlassian Document Format tree ({@code
 * {"type":"doc","version":1,...}}) for Jira Cloud REST v3 descriptions and comments. The output
 * always passes {@link AdfValidator}: empty text nodes are dropped, list items and table cells
 * always start with a paragraph, code blocks hold unmarked text, {@code code} is never combined
 * with {@code strong}, and line breaks inside a paragraph become {@code hardBreak} nodes. Stateless
 * and thread-safe.
 */
public final class AdfRenderer {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private AdfRenderer() {}

  /** The blocks only, as the value of a Jira {@code description} or comment {@code body}. */
  public static ObjectNode render(Document doc) {
    ObjectNode root = F.objectNode();
    root.put("type", "doc");
    root.put("version", 1);
    ArrayNode content = root.putArray("content");
    for (Block b : doc.blocks()) {
      ObjectNode n = block(b);
      if (n != null) {
        content.add(n);
      }
    }
    return root;
  }

  /** The title as a level-1 heading, then the blocks. */
  public static ObjectNode renderWithTitle(Document doc) {
    ObjectNode root = render(doc);
    ObjectNode title = block(new Heading(1, doc.title()));
    if (title != null) {
      ((ArrayNode) root.get("content")).insert(0, title);
    }
    return root;
  }

  private static @org.jspecify.annotations.Nullable ObjectNode block(Block b) {
    if (b instanceof Heading h) {
      String t = MarkdownRenderer.oneLine(h.text());
      if (t.isBlank()) {
        return null;
      }
      ObjectNode n = node("heading");
      n.putObject("attrs").put("level", h.level());
      n.putArray("content").add(text(t.strip()));
      return n;
    }
    if (b instanceof Paragraph p) {
      ObjectNode n = paragraph(p.inlines());
      return n.get("content").isEmpty() ? null : n;
    }
    if (b instanceof BulletList l) {
      if (l.items().isEmpty()) {
        return null;
      }
      ObjectNode n = node(l.ordered() ? "orderedList" : "bulletList");
      if (l.ordered()) {
        n.putObject("attrs").put("order", 1);
      }
      ArrayNode items = n.putArray("content");
      for (List<Inline> item : l.items()) {
        ObjectNode li = node("listItem");
        li.putArray("content").add(paragraph(item));
        items.add(li);
      }
      return n;
    }
    if (b instanceof Table t) {
      ObjectNode n = node("table");
      ObjectNode attrs = n.putObject("attrs");
      attrs.put("isNumberColumnEnabled", false);
      attrs.put("layout", "default");
      ArrayNode rows = n.putArray("content");
      rows.add(row("tableHeader", t.header()));
      for (List<String> r : t.rows()) {
        rows.add(row("tableCell", r));
      }
      return n;
    }
    if (b instanceof Code c) {
      ObjectNode n = node("codeBlock");
      String lang = c.language() == null || c.language().isBlank() ? "text" : c.language().strip();
      n.putObject("attrs").put("language", lang);
      ArrayNode content = n.putArray("content");
      String text =
          c.text().endsWith("\n") ? c.text().substring(0, c.text().length() - 1) : c.text();
      if (!text.isEmpty()) {
        content.add(text(text));
      }
      return n;
    }
    throw new IllegalArgumentException("unknown block " + b);
  }

  private static ObjectNode row(String cellType, List<String> cells) {
    ObjectNode row = node("tableRow");
    ArrayNode content = row.putArray("content");
    for (String c : cells) {
      ObjectNode cell = node(cellType);
      cell.putObject("attrs");
      cell.putArray("content").add(paragraph(List.of(Text.plain(MarkdownRenderer.oneLine(c)))));
      content.add(cell);
    }
    return row;
  }

  private static ObjectNode paragraph(List<Inline> inlines) {
    ObjectNode p = node("paragraph");
    ArrayNode content = p.putArray("content");
    for (Inline in : inlines) {
      if (in instanceof Text t) {
        addText(content, t.text(), t.bold(), t.code(), null);
      } else if (in instanceof Link l) {
        String href = l.url().strip();
        String label = l.text().isBlank() ? href : l.text();
        addText(content, label, false, false, href.isEmpty() ? null : href);
      }
    }
    return p;
  }

  private static void addText(
      ArrayNode content,
      String s,
      boolean bold,
      boolean code,
      @org.jspecify.annotations.Nullable String href) {
    String[] lines = s.replace("\r\n", "\n").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        content.add(node("hardBreak"));
      }
      if (lines[i].isEmpty()) {
        continue;
      }
      ObjectNode t = text(lines[i]);
      if (bold || code || href != null) {
        ArrayNode marks = t.putArray("marks");
        // ADF forbids code combined with formatting marks: code wins, it carries the meaning
        if (code) {
          marks.add(node("code"));
        } else if (bold) {
          marks.add(node("strong"));
        }
        if (href != null) {
          ObjectNode link = node("link");
          link.putObject("attrs").put("href", href);
          marks.add(link);
        }
      }
      content.add(t);
    }
  }

  private static ObjectNode text(String s) {
    ObjectNode t = node("text");
    t.put("text", s);
    return t;
  }

  private static ObjectNode node(String type) {
    ObjectNode n = F.objectNode();
    n.put("type", type);
    return n;
  }
}
