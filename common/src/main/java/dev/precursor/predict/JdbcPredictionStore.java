package dev.precursor.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.precursor.PrecursorException;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.Tier;
import dev.precursor.store.Cursor;
import dev.precursor.store.Page;
import dev.precursor.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link PredictionStore} on the JDBC {@link Store}: indexed columns plus the object as JSON. */
public final class JdbcPredictionStore implements PredictionStore {
  private final Store store;

  public JdbcPredictionStore(Store store) {
    this.store = store;
  }

  @Override
  public void save(Prediction p) {
    String body;
    try {
      body = Json.mapper().writeValueAsString(p);
    } catch (JsonProcessingException e) {
      throw new PrecursorException("cannot serialise prediction " + p.id(), e);
    }
    try (Connection c = store.dataSource().getConnection()) {
      int updated;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE predictions SET situation_id=?, service=?, tier=?, confidence=?, raised_ms=?,"
                  + " pattern=?, state=?, body=? WHERE id=?")) {
        bind(ps, p, body);
        ps.setString(9, p.id());
        updated = ps.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO predictions (situation_id, service, tier, confidence, raised_ms,"
                    + " pattern, state, body, id) VALUES (?,?,?,?,?,?,?,?,?)")) {
          bind(ps, p, body);
          ps.setString(9, p.id());
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot save prediction " + p.id() + ": " + e.getMessage(), e);
    }
  }

  private static void bind(PreparedStatement ps, Prediction p, String body) throws SQLException {
    ps.setString(1, p.situationId());
    ps.setString(2, p.service());
    ps.setString(3, p.tier().wire());
    ps.setDouble(4, p.confidence());
    ps.setLong(5, p.raisedAt().toEpochMilli());
    ps.setString(6, p.pattern());
    ps.setString(7, p.state());
    ps.setString(8, body);
  }

  @Override
  public Optional<Prediction> get(String id) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT body FROM predictions WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot read prediction " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Page<Prediction> list(
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String service,
      @Nullable Tier tier,
      int limit,
      @Nullable String cursor) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT body FROM predictions WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (from != null) {
      sql.append(" AND raised_ms >= ?");
      args.add(from.toEpochMilli());
    }
    if (to != null) {
      sql.append(" AND raised_ms < ?");
      args.add(to.toEpochMilli());
    }
    if (tier != null) {
      sql.append(" AND tier = ?");
      args.add(tier.wire());
    }
    if (cursor != null) {
      Cursor cur = Cursor.decode(cursor);
      sql.append(" AND (raised_ms > ? OR (raised_ms = ? AND id > ?))");
      args.add(cur.at());
      args.add(cur.at());
      args.add(cur.id());
    }
    sql.append(" ORDER BY raised_ms, id");
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<Prediction> items = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && items.size() <= limit) {
          Prediction p = read(rs.getString(1));
          if (service == null
              || p.service().equals(service)
              || (p.rootCause() != null && service.equals(p.rootCause().service()))) {
            items.add(p);
          }
        }
      }
      String next = null;
      if (items.size() > limit) {
        items.remove(items.size() - 1);
        Prediction last = items.get(items.size() - 1);
        next = new Cursor(last.raisedAt().toEpochMilli(), last.id()).encode();
      }
      return new Page<>(items, next);
    } catch (SQLException e) {
      throw new PrecursorException("cannot list predictions: " + e.getMessage(), e);
    }
  }

  @Override
  public void addFeedback(Feedback f) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO prediction_feedback (id, prediction_id, pattern, label, confidence,"
                    + " at_ms, note) VALUES (?,?,?,?,?,?,?)")) {
      ps.setString(1, f.id());
      ps.setString(2, f.predictionId());
      ps.setString(3, f.pattern());
      ps.setString(4, f.label().wire());
      ps.setDouble(5, f.confidence());
      ps.setLong(6, f.at().toEpochMilli());
      ps.setString(7, f.note());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new PrecursorException("cannot save feedback: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Feedback> feedback(String pattern) {
    return queryFeedback(
        "SELECT * FROM prediction_feedback WHERE pattern = ? ORDER BY at_ms, id", pattern);
  }

  @Override
  public List<Feedback> allFeedback() {
    return queryFeedback("SELECT * FROM prediction_feedback ORDER BY at_ms, id", null);
  }

  private List<Feedback> queryFeedback(String sql, @Nullable String arg) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      List<Feedback> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Feedback(
                  rs.getString("id"),
                  rs.getString("prediction_id"),
                  rs.getString("pattern"),
                  FeedbackLabel.parse(rs.getString("label")),
                  rs.getDouble("confidence"),
                  Instant.ofEpochMilli(rs.getLong("at_ms")),
                  rs.getString("note")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new PrecursorException("cannot read feedback: " + e.getMessage(), e);
    }
  }

  private static Prediction read(String json) {
    try {
      return Json.mapper().readValue(json, Prediction.class);
    } catch (JsonProcessingException e) {
      throw new PrecursorException("unreadable prediction in the store: " + e.getMessage(), e);
    }
  }
}
