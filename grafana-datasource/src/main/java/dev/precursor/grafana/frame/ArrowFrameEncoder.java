package dev.precursor.grafana.frame;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes a {@link Frame} as one Arrow IPC <em>file</em> (magic, schema, one record batch, footer),
 * the form Grafana's reader accepts. Schema metadata carries {@code name}, {@code refId} and {@code
 * meta}; field metadata {@code tstype}, {@code labels} and {@code config}. Time values are written
 * as nanoseconds since the epoch. Thread-safe: each call uses a child allocator.
 */
public final class ArrowFrameEncoder implements AutoCloseable {
  private final BufferAllocator root;

  public ArrowFrameEncoder(BufferAllocator root) {
    this.root = root;
  }

  public byte[] encode(Frame frame, String refId) {
    List<org.apache.arrow.vector.types.pojo.Field> arrowFields = new ArrayList<>();
    for (Field f : frame.fields()) {
      arrowFields.add(arrowField(f));
    }
    Map<String, String> schemaMeta = new LinkedHashMap<>();
    schemaMeta.put("name", frame.name());
    schemaMeta.put("refId", refId);
    if (frame.meta() != null) {
      schemaMeta.put("meta", json(frame.meta()));
    }
    Schema schema = new Schema(arrowFields, schemaMeta);
    try (BufferAllocator alloc = root.newChildAllocator("frame", 0, Long.MAX_VALUE);
        VectorSchemaRoot vsr = VectorSchemaRoot.create(schema, alloc)) {
      int rows = frame.rowCount();
      for (int i = 0; i < frame.fields().size(); i++) {
        fill(vsr.getVector(i), frame.fields().get(i), rows);
      }
      vsr.setRowCount(rows);
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + rows * 16);
      try (ArrowFileWriter w = new ArrowFileWriter(vsr, null, Channels.newChannel(out))) {
        w.start();
        w.writeBatch();
        w.end();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding frame '" + frame.name() + "'", e);
    }
  }

  private static org.apache.arrow.vector.types.pojo.Field arrowField(Field f) {
    ArrowType type =
        switch (f.type()) {
          case TIME -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
          case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
          case INT64 -> new ArrowType.Int(64, true);
          case STRING -> ArrowType.Utf8.INSTANCE;
          case BOOL -> ArrowType.Bool.INSTANCE;
        };
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("tstype", f.type().tstype());
    if (!f.labels().isEmpty()) {
      meta.put("labels", json(FrameMeta.MAPPER.valueToTree(f.labels())));
    }
    if (f.config() != null) {
      meta.put("config", json(f.config()));
    }
    org.apache.arrow.vector.types.pojo.FieldType ft =
        new org.apache.arrow.vector.types.pojo.FieldType(f.nullable(), type, null, meta);
    return new org.apache.arrow.vector.types.pojo.Field(f.name(), ft, null);
  }

  private static void fill(FieldVector vector, Field f, int rows) {
    vector.setInitialCapacity(rows);
    vector.allocateNew();
    List<?> values = f.values();
    for (int i = 0; i < rows; i++) {
      Object v = values.get(i);
      if (v == null) {
        vector.setNull(i);
        continue;
      }
      switch (f.type()) {
        case TIME -> ((TimeStampNanoVector) vector).setSafe(i, nanos((Instant) v));
        case FLOAT64 -> ((Float8Vector) vector).setSafe(i, (Double) v);
        case INT64 -> ((BigIntVector) vector).setSafe(i, (Long) v);
        case STRING ->
            ((VarCharVector) vector).setSafe(i, ((String) v).getBytes(StandardCharsets.UTF_8));
        case BOOL -> ((BitVector) vector).setSafe(i, ((Boolean) v) ? 1 : 0);
      }
    }
    vector.setValueCount(rows);
  }

  static long nanos(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  private static String json(Object node) {
    try {
      return FrameMeta.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("frame metadata is not serialisable", e);
    }
  }

  @Override
  public void close() {
    root.close();
  }
}
