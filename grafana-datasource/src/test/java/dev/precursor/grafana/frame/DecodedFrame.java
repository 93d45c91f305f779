package dev.precursor.grafana.frame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;

/**
 * A frame read back with Arrow's own IPC file reader (as Grafana does), for assertions: schema
 * metadata, Arrow field types and metadata, and values as Java objects.
 */
public record DecodedFrame(Map<String, String> metadata, List<Column> columns, int rows) {

  public record Column(
      String name,
      ArrowType type,
      boolean nullable,
      Map<String, String> metadata,
      List<Object> values) {}

  public static DecodedFrame decode(byte[] bytes) {
    try (BufferAllocator alloc = new RootAllocator();
        ArrowFileReader reader =
            new ArrowFileReader(
                new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(bytes)), alloc)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Schema schema = root.getSchema();
      List<List<Object>> values = new ArrayList<>();
      schema.getFields().forEach(f -> values.add(new ArrayList<>()));
      int rows = 0;
      while (reader.loadNextBatch()) {
        rows += root.getRowCount();
        for (int i = 0; i < schema.getFields().size(); i++) {
          FieldVector v = root.getVector(i);
          for (int r = 0; r < root.getRowCount(); r++) {
            Object o = v.getObject(r);
            values.get(i).add(o instanceof org.apache.arrow.vector.util.Text t ? t.toString() : o);
          }
        }
      }
      List<Column> cols = new ArrayList<>();
      for (int i = 0; i < schema.getFields().size(); i++) {
        var f = schema.getFields().get(i);
        cols.add(
            new Column(
                f.getName(),
                f.getType(),
                f.isNullable(),
                f.getMetadata() == null ? Map.of() : new LinkedHashMap<>(f.getMetadata()),
                values.get(i)));
      }
      return new DecodedFrame(
          schema.getCustomMetadata() == null
              ? Map.of()
              : new LinkedHashMap<>(schema.getCustomMetadata()),
          cols,
          rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Column column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no column '" + name + "' in " + columns.stream().map(Column::name).toList()));
  }
}
