package dev.precursor.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset position of a page: event time in epoch ms and id of the last item; encoded as opaque
 * URL-safe text for {@code nextCursor}.
 */
public record Cursor(long at, String id) {
  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((at + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes a cursor.
   *
   * @throws IllegalArgumentException when the text is not a cursor this store issued
   */
  public static Cursor decode(String text) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return new Cursor(Long.parseLong(s.substring(0, colon)), s.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid cursor '" + text + "'", e);
    }
  }
}
