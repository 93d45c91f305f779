package dev.precursor.store;

import dev.precursor.PrecursorException;
import dev.precursor.model.Deploy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link DeployStore} on the JDBC {@link Store}; keyset pagination on (at, id). */
public final class JdbcDeployStore implements DeployStore {
  private final Store store;

  public JdbcDeployStore(Store store) {
    this.store = store;
  }

  @Override
  public Deploy save(Deploy d) {
    String key = dedupKey(d);
    try (Connection c = store.dataSource().getConnection()) {
      Optional<Deploy> existing = findByKey(c, key);
      if (existing.isPresent()) {
        return existing.get();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO deploys (id, service, version, environment, at_ms, kind, commit_sha, url,"
                  + " source, dedup_key) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
        ps.setString(1, d.id());
        ps.setString(2, d.service());
        ps.setString(3, d.version());
        ps.setString(4, d.environment());
        ps.setLong(5, d.at().toEpochMilli());
        ps.setString(6, d.kind().wire());
        ps.setString(7, d.commit());
        ps.setString(8, d.url());
        ps.setString(9, d.source());
        ps.setString(10, key);
        ps.executeUpdate();
        return d;
      } catch (SQLException e) {
        // a concurrent writer stored the same deploy first
        return findByKey(c, key).orElseThrow(() -> e);
      }
    } catch (SQLException e) {
      throw new PrecursorException("cannot save deploy: " + e.getMessage(), e);
    }
  }

  private static String dedupKey(Deploy d) {
    return d.service()
        + "\u001f"
        + d.version()
        + "\u001f"
        + (d.environment() == null ? "" : d.environment())
        + "\u001f"
        + d.at().toEpochMilli();
  }

  private static Optional<Deploy> findByKey(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM deploys WHERE dedup_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Page<Deploy> list(
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String service,
      int limit,
      @Nullable String cursor) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT * FROM deploys WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (from != null) {
      sql.append(" AND at_ms >= ?");
      args.add(from.toEpochMilli());
    }
    if (to != null) {
      sql.append(" AND at_ms < ?");
      args.add(to.toEpochMilli());
    }
    if (service != null) {
      sql.append(" AND service = ?");
      args.add(service);
    }
    if (cursor != null) {
      Cursor cur = Cursor.decode(cursor);
      sql.append(" AND (at_ms > ? OR (at_ms = ? AND id > ?))");
      args.add(cur.at());
      args.add(cur.at());
      args.add(cur.id());
    }
    sql.append(" ORDER BY at_ms, id LIMIT ?");
    args.add(limit + 1);
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<Deploy> items = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(read(rs));
        }
      }
      String next = null;
      if (items.size() > limit) {
        items.remove(items.size() - 1);
        Deploy last = items.get(items.size() - 1);
        next = new Cursor(last.at().toEpochMilli(), last.id()).encode();
      }
      return new Page<>(items, next);
    } catch (SQLException e) {
      throw new PrecursorException("cannot list deploys: " + e.getMessage(), e);
    }
  }

  private static Deploy read(ResultSet rs) throws SQLException {
    return new Deploy(
        rs.getString("id"),
        rs.getString("service"),
        rs.getString("version"),
        rs.getString("environment"),
        Instant.ofEpochMilli(rs.getLong("at_ms")),
        Deploy.Kind.parse(rs.getString("kind")),
        rs.getString("commit_sha"),
        rs.getString("url"),
        rs.getString("source"));
  }
}
