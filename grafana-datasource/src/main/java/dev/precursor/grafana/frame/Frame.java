package dev.precursor.grafana.frame;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Grafana data frame: a name, optional {@code FrameMeta} JSON and equally long fields. The refId
 * is added when the frame is encoded for a response.
 */
public record Frame(String name, @Nullable ObjectNode meta, List<Field> fields) {
  public Frame {
    Objects.requireNonNull(name, "name");
    fields = List.copyOf(fields);
    if (!fields.isEmpty()) {
      int n = fields.get(0).length();
      for (Field f : fields) {
        if (f.length() != n) {
          throw new IllegalArgumentException(
              "frame '"
                  + name
                  + "': field '"
                  + f.name()
                  + "' has "
                  + f.length()
                  + " rows, expected "
                  + n);
        }
      }
    }
  }

  public int rowCount() {
    return fields.isEmpty() ? 0 : fields.get(0).length();
  }
}
