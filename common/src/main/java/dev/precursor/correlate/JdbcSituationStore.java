package dev.precursor.correlate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.precursor.PrecursorException;
import dev.precursor.model.Json;
import dev.precursor.model.Prediction;
import dev.precursor.model.SimilarIncident;
import dev.precursor.model.Situation;
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

/** {@link SituationStore} on the JDBC {@link Store}: indexed columns plus the object as JSON. */
public final class JdbcSituationStore implements SituationStore {
  private final Store store;

  public JdbcSituationStore(Store store) {
    this.store = store;
  }

  /** The JSON body: the detail without unwrapping, so it reads back through the constructor. */
  record Body(
      Situation situation,
      List<SimilarIncident> similarIncidents,
      @Nullable Prediction prediction,
      List<SituationEvent> timeline,
      Instant updatedAt) {}

  @Override
  public void save(SituationDetail d) {
    String body;
    try {
      body =
          Json.mapper()
              .writeValueAsString(
                  new Body(
                      d.situation(),
                      d.similarIncidents(),
                      d.prediction(),
                      d.timeline(),
                      d.updatedAt()));
    } catch (JsonProcessingException e) {
      throw new PrecursorException("cannot serialise situation " + d.id(), e);
    }
    Situation s = d.situation();
    String services = String.join(",", s.services());
    if (services.length() > 4000) {
      services = services.substring(0, 4000);
    }
    try (Connection c = store.dataSource().getConnection()) {
      int updated;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE situations SET state=?, opened_ms=?, resolved_ms=?, updated_ms=?, services=?,"
                  + " body=? WHERE id=?")) {
        ps.setString(1, s.state());
        ps.setLong(2, s.openedAt().toEpochMilli());
        ps.setObject(3, s.resolvedAt() == null ? null : s.resolvedAt().toEpochMilli());
        ps.setLong(4, d.updatedAt().toEpochMilli());
        ps.setString(5, services);
        ps.setString(6, body);
        ps.setString(7, s.id());
        updated = ps.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO situations (id, state, opened_ms, resolved_ms, updated_ms, services,"
                    + " body) VALUES (?,?,?,?,?,?,?)")) {
          ps.setString(1, s.id());
          ps.setString(2, s.state());
          ps.setLong(3, s.openedAt().toEpochMilli());
          ps.setObject(4, s.resolvedAt() == null ? null : s.resolvedAt().toEpochMilli());
          ps.setLong(5, d.updatedAt().toEpochMilli());
          ps.setString(6, services);
          ps.setString(7, body);
          ps.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot save situation " + s.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SituationDetail> get(String id) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT body FROM situations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot read situation " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Page<SituationDetail> list(
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String state,
      int limit,
      @Nullable String cursor) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT id, opened_ms, body FROM situations WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (from != null) {
      sql.append(" AND opened_ms >= ?");
      args.add(from.toEpochMilli());
    }
    if (to != null) {
      sql.append(" AND opened_ms < ?");
      args.add(to.toEpochMilli());
    }
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state);
    }
    if (cursor != null) {
      Cursor cur = Cursor.decode(cursor);
      sql.append(" AND (opened_ms > ? OR (opened_ms = ? AND id > ?))");
      args.add(cur.at());
      args.add(cur.at());
      args.add(cur.id());
    }
    sql.append(" ORDER BY opened_ms, id LIMIT ?");
    args.add(limit + 1);
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<SituationDetail> items = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(read(rs.getString(3)));
        }
      }
      String next = null;
      if (items.size() > limit) {
        items.remove(items.size() - 1);
        SituationDetail last = items.get(items.size() - 1);
        next = new Cursor(last.situation().openedAt().toEpochMilli(), last.id()).encode();
      }
      return new Page<>(items, next);
    } catch (SQLException e) {
      throw new PrecursorException("cannot list situations: " + e.getMessage(), e);
    }
  }

  private static SituationDetail read(String json) {
    try {
      Body b = Json.mapper().readValue(json, Body.class);
      return new SituationDetail(
          b.situation(), b.similarIncidents(), b.prediction(), b.timeline(), b.updatedAt());
    } catch (JsonProcessingException e) {
      throw new PrecursorException("unreadable situation in the store: " + e.getMessage(), e);
    }
  }
}
