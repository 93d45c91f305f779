package dev.precursor.ticket;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.precursor.PrecursorException;
import dev.precursor.model.Json;
import dev.precursor.model.TicketLink;
import dev.precursor.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link TicketStore} on the JDBC {@link Store} (H2 or PostgreSQL; schema {@code V30}). */
public final class JdbcTicketStore implements TicketStore {
  private static final int MAX_ERROR = 4000;
  private final Store store;

  public JdbcTicketStore(Store store) {
    this.store = store;
  }

  @Override
  public Optional<String> keyOf(String situationId) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT dedup_key FROM ticket_keys WHERE situation_id = ?")) {
      ps.setString(1, situationId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the dedup key of situation " + situationId, e);
    }
  }

  @Override
  public Optional<KeyState> state(String dedupKey) {
    try (Connection c = store.dataSource().getConnection()) {
      return state(c, dedupKey);
    } catch (SQLException e) {
      throw failure("read ticket state " + dedupKey, e);
    }
  }

  private static Optional<KeyState> state(Connection c, String dedupKey) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM ticket_state WHERE dedup_key = ?")) {
      ps.setString(1, dedupKey);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new KeyState(
                rs.getString("dedup_key"),
                rs.getString("environment"),
                rs.getString("situation_id"),
                rs.getString("state").equals("open"),
                rs.getString("resolved_by"),
                Instant.ofEpochMilli(rs.getLong("opened_ms")),
                instant(rs, "resolved_ms"),
                Instant.ofEpochMilli(rs.getLong("updated_ms")),
                fromJson(rs.getString("material_json"), TicketMaterial.class),
                fromJson(rs.getString("snapshot_json"), TicketPayload.class)));
      }
    }
  }

  @Override
  public List<Long> record(
      KeyState state,
      @Nullable TicketAction action,
      List<String> systems,
      TicketPayload payload,
      Instant now) {
    String payloadJson = toJson(payload);
    try (Connection c = store.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        bind(c, state.situationId(), state.dedupKey(), now);
        saveState(c, state);
        List<Long> ids = new ArrayList<>();
        if (action != null) {
          for (String system : systems) {
            ids.add(enqueue(c, system, state.dedupKey(), action, payloadJson, now));
          }
        }
        c.commit();
        return ids;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("record ticket decision for " + state.dedupKey(), e);
    }
  }

  private static void bind(Connection c, String situationId, String dedupKey, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT dedup_key FROM ticket_keys WHERE situation_id = ?")) {
      ps.setString(1, situationId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ticket_keys (situation_id, dedup_key, created_ms) VALUES (?,?,?)")) {
      ps.setString(1, situationId);
      ps.setString(2, dedupKey);
      ps.setLong(3, now.toEpochMilli());
      ps.executeUpdate();
    }
  }

  private static void saveState(Connection c, KeyState s) throws SQLException {
    String material = toJson(s.material());
    String snapshot = toJson(s.snapshot());
    int updated;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ticket_state SET environment=?, situation_id=?, state=?, resolved_by=?,"
                + " opened_ms=?, resolved_ms=?, updated_ms=?, material_json=?, snapshot_json=?"
                + " WHERE dedup_key=?")) {
      ps.setString(1, s.environment());
      ps.setString(2, s.situationId());
      ps.setString(3, s.open() ? "open" : "resolved");
      ps.setString(4, s.resolvedBy());
      ps.setLong(5, s.openedAt().toEpochMilli());
      setInstant(ps, 6, s.resolvedAt());
      ps.setLong(7, s.updatedAt().toEpochMilli());
      ps.setString(8, material);
      ps.setString(9, snapshot);
      ps.setString(10, s.dedupKey());
      updated = ps.executeUpdate();
    }
    if (updated > 0) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ticket_state (dedup_key, environment, situation_id, state, resolved_by,"
                + " opened_ms, resolved_ms, updated_ms, material_json, snapshot_json)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, s.dedupKey());
      ps.setString(2, s.environment());
      ps.setString(3, s.situationId());
      ps.setString(4, s.open() ? "open" : "resolved");
      ps.setString(5, s.resolvedBy());
      ps.setLong(6, s.openedAt().toEpochMilli());
      setInstant(ps, 7, s.resolvedAt());
      ps.setLong(8, s.updatedAt().toEpochMilli());
      ps.setString(9, material);
      ps.setString(10, snapshot);
      ps.executeUpdate();
    }
  }

  private static long enqueue(
      Connection c,
      String system,
      String dedupKey,
      TicketAction action,
      String payloadJson,
      Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ticket_outbox (system, dedup_key, action, status, attempts, created_ms,"
                + " next_attempt_ms, payload_json) VALUES (?,?,?,?,?,?,?,?)",
            new String[] {"id"})) {
      ps.setString(1, system);
      ps.setString(2, dedupKey);
      ps.setString(3, action.wire());
      ps.setString(4, OutboxEntry.Status.PENDING.wire());
      ps.setInt(5, 0);
      ps.setLong(6, now.toEpochMilli());
      ps.setLong(7, now.toEpochMilli());
      ps.setString(8, payloadJson);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no generated id for the outbox entry");
        }
        return keys.getLong(1);
      }
    }
  }

  @Override
  public void saveLink(String dedupKey, TicketLink link, Instant now) {
    try (Connection c = store.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        int n;
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE ticket_links SET ticket_key=?, url=?, updated_ms=? WHERE system=? AND"
                    + " dedup_key=?")) {
          ps.setString(1, link.key());
          ps.setString(2, link.url());
          ps.setLong(3, now.toEpochMilli());
          ps.setString(4, link.system());
          ps.setString(5, dedupKey);
          n = ps.executeUpdate();
        }
        if (n == 0) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ticket_links (system, dedup_key, ticket_key, url, updated_ms)"
                      + " VALUES (?,?,?,?,?)")) {
            ps.setString(1, link.system());
            ps.setString(2, dedupKey);
            ps.setString(3, link.key());
            ps.setString(4, link.url());
            ps.setLong(5, now.toEpochMilli());
            ps.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("save the " + link.system() + " ticket of " + dedupKey, e);
    }
  }

  @Override
  public Optional<TicketLink> link(String system, String dedupKey) {
    return queryLinks(
            "SELECT * FROM ticket_links WHERE system = ? AND dedup_key = ?", system, dedupKey)
        .stream()
        .findFirst();
  }

  @Override
  public List<TicketLink> links(String dedupKey) {
    return queryLinks("SELECT * FROM ticket_links WHERE dedup_key = ? ORDER BY system", dedupKey);
  }

  private List<TicketLink> queryLinks(String sql, String... args) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      List<TicketLink> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TicketLink(
                  rs.getString("system"), rs.getString("ticket_key"), rs.getString("url")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("read ticket links", e);
    }
  }

  @Override
  public Optional<String> keyOfTicket(String system, String ticketKey) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT dedup_key FROM ticket_links WHERE system = ? AND ticket_key = ?")) {
      ps.setString(1, system);
      ps.setString(2, ticketKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("find the dedup key of " + system + " ticket " + ticketKey, e);
    }
  }

  @Override
  public List<OutboxEntry> due(String system, Instant now, int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    String sql =
        "SELECT * FROM ticket_outbox o WHERE o.status = 'pending' AND o.system = ?"
            + " AND o.next_attempt_ms <= ?"
            + " AND (o.lease_until_ms IS NULL OR o.lease_until_ms < ?)"
            + " AND NOT EXISTS (SELECT 1 FROM ticket_outbox p WHERE p.system = o.system"
            + " AND p.dedup_key = o.dedup_key AND p.status = 'pending' AND p.id < o.id)"
            + " ORDER BY o.id LIMIT ?";
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, system);
      ps.setLong(2, now.toEpochMilli());
      ps.setLong(3, now.toEpochMilli());
      ps.setInt(4, limit);
      return readEntries(ps);
    } catch (SQLException e) {
      throw failure("read due outbox entries of " + system, e);
    }
  }

  @Override
  public boolean claim(long id, String owner, Instant until, Instant now) {
    return update(
            "UPDATE ticket_outbox SET lease_owner = ?, lease_until_ms = ? WHERE id = ? AND status ="
                + " 'pending' AND (lease_until_ms IS NULL OR lease_until_ms < ?)",
            owner,
            until.toEpochMilli(),
            id,
            now.toEpochMilli())
        == 1;
  }

  @Override
  public void markDone(long id, int attempts, Instant now) {
    update(
        "UPDATE ticket_outbox SET status = 'done', attempts = ?, done_ms = ?, lease_owner = NULL,"
            + " lease_until_ms = NULL WHERE id = ?",
        attempts,
        now.toEpochMilli(),
        id);
  }

  @Override
  public void markRetry(long id, int attempts, Instant next, String error) {
    update(
        "UPDATE ticket_outbox SET attempts = ?, next_attempt_ms = ?, last_error = ?, lease_owner ="
            + " NULL, lease_until_ms = NULL WHERE id = ?",
        attempts,
        next.toEpochMilli(),
        truncate(error),
        id);
  }

  @Override
  public void markFailed(long id, int attempts, String error, Instant now) {
    update(
        "UPDATE ticket_outbox SET status = 'failed', attempts = ?, last_error = ?, done_ms = ?,"
            + " lease_owner = NULL, lease_until_ms = NULL WHERE id = ?",
        attempts,
        truncate(error),
        now.toEpochMilli(),
        id);
  }

  @Override
  public Optional<OutboxEntry> entry(long id) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT * FROM ticket_outbox WHERE id = ?")) {
      ps.setLong(1, id);
      return readEntries(ps).stream().findFirst();
    } catch (SQLException e) {
      throw failure("read outbox entry " + id, e);
    }
  }

  @Override
  public List<OutboxEntry> entries(String dedupKey) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT * FROM ticket_outbox WHERE dedup_key = ? ORDER BY id")) {
      ps.setString(1, dedupKey);
      return readEntries(ps);
    } catch (SQLException e) {
      throw failure("read outbox entries of " + dedupKey, e);
    }
  }

  @Override
  public Map<OutboxEntry.Status, Long> counts() {
    Map<OutboxEntry.Status, Long> m = new EnumMap<>(OutboxEntry.Status.class);
    for (OutboxEntry.Status s : OutboxEntry.Status.values()) {
      m.put(s, 0L);
    }
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT status, COUNT(*) FROM ticket_outbox GROUP BY status");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        m.put(OutboxEntry.Status.parse(rs.getString(1)), rs.getLong(2));
      }
      return m;
    } catch (SQLException e) {
      throw failure("count outbox entries", e);
    }
  }

  @Override
  public Optional<Instant> nextDue(String system) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT MIN(next_attempt_ms) FROM ticket_outbox WHERE status = 'pending' AND"
                    + " system = ?")) {
      ps.setString(1, system);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long v = rs.getLong(1);
          return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
        }
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read the next due outbox entry of " + system, e);
    }
  }

  private List<OutboxEntry> readEntries(PreparedStatement ps) throws SQLException {
    List<OutboxEntry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new OutboxEntry(
                rs.getLong("id"),
                rs.getString("system"),
                rs.getString("dedup_key"),
                TicketAction.parse(rs.getString("action")),
                OutboxEntry.Status.parse(rs.getString("status")),
                rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("created_ms")),
                Instant.ofEpochMilli(rs.getLong("next_attempt_ms")),
                instant(rs, "done_ms"),
                rs.getString("last_error"),
                fromJson(rs.getString("payload_json"), TicketPayload.class)));
      }
    }
    return out;
  }

  private int update(String sql, Object... args) {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("update the ticket outbox", e);
    }
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setInstant(PreparedStatement ps, int i, @Nullable Instant v)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v.toEpochMilli());
    }
  }

  private static String truncate(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 1) + "…";
  }

  private static String toJson(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new PrecursorException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  private static <T> T fromJson(String json, Class<T> type) {
    try {
      return Json.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new PrecursorException(
          "stored " + type.getSimpleName() + " is not readable: " + e.getOriginalMessage(), e);
    }
  }

  private static PrecursorException failure(String what, SQLException e) {
    return new PrecursorException("cannot " + what + ": " + e.getMessage(), e);
  }
}
