package dev.precursor.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.precursor.PrecursorException;
import dev.precursor.model.Json;
import dev.precursor.store.Store;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link IncidentStore} on the JDBC {@link Store} (tables of migration V10). */
public final class JdbcIncidentStore implements IncidentStore {
  private final Store store;
  private final Clock clock;

  public JdbcIncidentStore(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void save(StoredIncident s) {
    saveAll(List.of(s));
  }

  @Override
  public void saveAll(List<StoredIncident> incidents) {
    if (incidents.isEmpty()) {
      return;
    }
    try (Connection c = store.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        long now = clock.millis();
        try (PreparedStatement del =
                c.prepareStatement("DELETE FROM incident_vectors WHERE incident_id = ?");
            PreparedStatement upd =
                c.prepareStatement(
                    "UPDATE incidents SET source=?, content_hash=?, title=?, occurred_at_ms=?,"
                        + " family=?, severity=?, root_cause_service=?, extractor=?,"
                        + " updated_at_ms=?, body=?, incident_json=? WHERE id=?");
            PreparedStatement ins =
                c.prepareStatement(
                    "INSERT INTO incidents (source, content_hash, title, occurred_at_ms, family,"
                        + " severity, root_cause_service, extractor, updated_at_ms, body,"
                        + " incident_json, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
            PreparedStatement vec =
                c.prepareStatement(
                    "INSERT INTO incident_vectors (incident_id, space, model, vector)"
                        + " VALUES (?,?,?,?)")) {
          for (StoredIncident s : incidents) {
            Incident i = s.incident();
            del.setString(1, i.id());
            del.executeUpdate();
            bind(upd, s, now);
            if (upd.executeUpdate() == 0) {
              bind(ins, s, now);
              ins.executeUpdate();
            }
            for (Map.Entry<Space, float[]> e : s.vectors().entrySet()) {
              vec.setString(1, i.id());
              vec.setString(2, e.getKey().wire());
              vec.setString(3, s.model());
              vec.setBytes(4, toBytes(e.getValue()));
              vec.addBatch();
            }
          }
          vec.executeBatch();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (isUniqueViolation(e)) {
          throw new DuplicateContentException(
              "another incident already has the same content: " + e.getMessage(), e);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot save incident: " + e.getMessage(), e);
    }
  }

  private static boolean isUniqueViolation(SQLException e) {
    // 23505 = unique_violation in PostgreSQL and H2
    return "23505".equals(e.getSQLState())
        || (e.getNextException() != null && "23505".equals(e.getNextException().getSQLState()));
  }

  private static void bind(PreparedStatement ps, StoredIncident s, long now) throws SQLException {
    Incident i = s.incident();
    ps.setString(1, truncate(i.source(), 1024));
    ps.setString(2, s.contentHash());
    ps.setString(3, truncate(i.title(), 1024));
    if (i.occurredAt() == null) {
      ps.setNull(4, java.sql.Types.BIGINT);
    } else {
      ps.setLong(4, i.occurredAt().toEpochMilli());
    }
    ps.setString(5, i.family().wire());
    ps.setString(6, i.severity() == null ? null : truncate(i.severity(), 64));
    ps.setString(7, i.rootCauseService() == null ? null : truncate(i.rootCauseService(), 255));
    ps.setString(8, i.extractor());
    ps.setLong(9, now);
    ps.setString(10, s.body());
    try {
      ps.setString(11, Json.mapper().writeValueAsString(i));
    } catch (JsonProcessingException e) {
      throw new PrecursorException("cannot serialise incident " + i.id(), e);
    }
    ps.setString(12, i.id());
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  @Override
  public Optional<StoredIncident> findByHash(String contentHash) {
    return findOne("WHERE content_hash = ?", contentHash);
  }

  @Override
  public Optional<StoredIncident> findBySource(String source) {
    return findOne("WHERE source = ? ORDER BY updated_at_ms DESC", truncate(source, 1024));
  }

  @Override
  public Optional<Incident> get(String id) {
    return findOne("WHERE id = ?", id).map(StoredIncident::incident);
  }

  private Optional<StoredIncident> findOne(String where, String arg) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, content_hash, body, incident_json FROM incidents " + where)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String id = rs.getString(1);
        String hash = rs.getString(2);
        String body = rs.getString(3);
        Incident incident = parse(rs.getString(4));
        Map<Space, float[]> vectors = new EnumMap<>(Space.class);
        String model = "";
        try (PreparedStatement vs =
            c.prepareStatement(
                "SELECT space, model, vector FROM incident_vectors WHERE incident_id = ?")) {
          vs.setString(1, id);
          try (ResultSet vr = vs.executeQuery()) {
            while (vr.next()) {
              vectors.put(Space.parse(vr.getString(1)), fromBytes(vr.getBytes(3)));
              model = vr.getString(2);
            }
          }
        }
        return Optional.of(new StoredIncident(incident, hash, body, model, vectors));
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot read incidents: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Incident> all() {
    List<Incident> out = new ArrayList<>();
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT incident_json FROM incidents ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(parse(rs.getString(1)));
      }
      return out;
    } catch (SQLException e) {
      throw new PrecursorException("cannot list incidents: " + e.getMessage(), e);
    }
  }

  @Override
  public void forEach(Consumer<StoredIncident> consumer) {
    try (Connection c = store.dataSource().getConnection()) {
      Map<String, Map<Space, float[]>> vectors = new HashMap<>();
      Map<String, String> models = new HashMap<>();
      try (PreparedStatement ps =
              c.prepareStatement("SELECT incident_id, space, model, vector FROM incident_vectors");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          vectors
              .computeIfAbsent(id, k -> new EnumMap<>(Space.class))
              .put(Space.parse(rs.getString(2)), fromBytes(rs.getBytes(4)));
          models.put(id, rs.getString(3));
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, content_hash, incident_json FROM incidents ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          consumer.accept(
              new StoredIncident(
                  parse(rs.getString(3)),
                  rs.getString(2),
                  "",
                  models.getOrDefault(id, ""),
                  vectors.getOrDefault(id, Map.of())));
        }
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot load incidents: " + e.getMessage(), e);
    }
  }

  @Override
  public Version version() {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*), MAX(updated_at_ms) FROM incidents");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Version(rs.getLong(1), rs.getLong(2));
    } catch (SQLException e) {
      throw new PrecursorException("cannot read incidents: " + e.getMessage(), e);
    }
  }

  private static Incident parse(String json) {
    try {
      return Json.mapper().readValue(json, Incident.class);
    } catch (JsonProcessingException e) {
      throw new PrecursorException("stored incident is not readable: " + e.getMessage(), e);
    }
  }

  static byte[] toBytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  static float[] fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.length / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }
}
