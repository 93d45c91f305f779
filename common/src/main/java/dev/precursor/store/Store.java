package dev.precursor.store;

import dev.precursor.ConfigException;
import dev.precursor.PrecursorException;
import dev.precursor.config.PrecursorConfig.StoreConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * The database behind every persistent store: H2 (embedded default) or PostgreSQL, reached through
 * JDBC only (the driver comes with the runnable). Opening it runs the Flyway migrations under
 * {@code db/migration}, which are written to run unchanged on both.
 *
 * <p>Migration numbering by capability, so modules grow their schema without clashing: V1–V9
 * foundation, V10–V19 memory, V20–V29 situations and predictions, V30–V39 tickets and outbox,
 * V40–V49 ingest.
 */
public final class Store implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Store.class.getName());
  private final DataSource dataSource;
  private final String url;
  private final Kind kind;

  /** The database product, where SQL must differ. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  private Store(DataSource dataSource, String url, Kind kind) {
    this.dataSource = dataSource;
    this.url = url;
    this.kind = kind;
  }

  /**
   * Opens the database and migrates it.
   *
   * @throws ConfigException when the URL names an unsupported database
   * @throws PrecursorException when the database cannot be reached or migrated
   */
  public static Store open(StoreConfig config) {
    String url = config.url();
    Kind kind;
    if (url.startsWith("jdbc:h2:")) {
      kind = Kind.H2;
      url = h2Url(url);
    } else if (url.startsWith("jdbc:postgresql:")) {
      kind = Kind.POSTGRESQL;
    } else {
      throw new ConfigException(
          "store.url: only jdbc:h2: and jdbc:postgresql: URLs are supported, got '" + url + "'");
    }
    DataSource ds = new DriverManagerDataSource(url, config.user(), config.password());
    try (Connection c = ds.getConnection()) {
      LOG.fine("connected to " + c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new PrecursorException(
          "cannot open the store at "
              + redact(url)
              + ": "
              + e.getMessage()
              + (kind == Kind.H2
                  ? " (is another engine using the same file? stop it or set store.url)"
                  : " (check store.url, store.user, store.password and that PostgreSQL is up)"),
          e);
    }
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          .outOfOrder(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new PrecursorException(
          "store migration failed on " + redact(url) + ": " + e.getMessage(), e);
    }
    return new Store(ds, url, kind);
  }

  private static String h2Url(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("jdbc:h2:file:")
        || lower.startsWith("jdbc:h2:./")
        || lower.startsWith("jdbc:h2:~")) {
      String path = url.substring(url.indexOf(':', 5) + 1);
      if (path.startsWith("file:")) {
        path = path.substring(5);
      }
      int semi = path.indexOf(';');
      Path file = Path.of(semi < 0 ? path : path.substring(0, semi));
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        try {
          Files.createDirectories(parent);
        } catch (java.io.IOException e) {
          throw new PrecursorException(
              "cannot create the store directory " + parent + ": " + e.getMessage(), e);
        }
      }
    }
    StringBuilder sb = new StringBuilder(url);
    if (!lower.contains(";mode=")) {
      sb.append(";MODE=PostgreSQL");
    }
    if (!lower.contains("database_to_lower")) {
      sb.append(";DATABASE_TO_LOWER=TRUE");
    }
    if (!lower.contains("default_null_ordering")) {
      sb.append(";DEFAULT_NULL_ORDERING=HIGH");
    }
    return sb.toString();
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Kind kind() {
    return kind;
  }

  /** The JDBC URL, with any password in it masked. */
  public String describe() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + redact(url);
  }

  /** Whether the database answers a trivial query now. */
  public boolean isHealthy() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (kind == Kind.H2 && !url.contains(":mem:")) {
      try (Connection c = dataSource.getConnection();
          var st = c.createStatement()) {
        st.execute("SHUTDOWN");
      } catch (SQLException e) {
        LOG.log(java.util.logging.Level.FINE, "H2 shutdown", e);
      }
    }
  }

  /** A connection per call from {@link DriverManager}: enough for the embedded store. */
  private static final class DriverManagerDataSource implements DataSource {
    private final String url;
    private final Properties props = new Properties();

    DriverManagerDataSource(String url, @Nullable String user, @Nullable String password) {
      this.url = url;
      if (user != null) {
        props.setProperty("user", user);
      }
      if (password != null) {
        props.setProperty("password", password);
      }
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, props);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return DriverManager.getConnection(url, username, password);
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
