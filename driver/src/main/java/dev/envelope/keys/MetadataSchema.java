package dev.envelope.keys;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code envelope_columns} and {@code envelope_keys} when they are missing, from the DDL
 * in {@code sql/<dialect>/schema.sql} that the driver jar carries.
 */
public final class MetadataSchema {

  private static final Logger LOG = LoggerFactory.getLogger(MetadataSchema.class);

  private MetadataSchema() {
  }

  /** Runs the DDL of the connection's dialect; every statement is {@code IF NOT EXISTS}. */
  public static void create(Connection connection) throws SQLException {
    String dialect = dialectOf(connection);
    List<String> statements = statements(load(dialect));
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      // Two processes creating the tables at once can collide; the tables then exist.
      if (!tablesExist(connection)) {
        throw new EnvelopeException(SqlState.KEY_UNAVAILABLE,
            "could not create envelope_columns and envelope_keys", e);
      }
    }
    LOG.debug("Envelope metadata tables present ({} dialect)", dialect);
  }

  /** The DDL dialect for a connection: {@code h2} or {@code postgresql}. */
  static String dialectOf(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("h2")) {
      return "h2";
    }
    if (product.contains("postgres")) {
      return "postgresql";
    }
    throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
        "Envelope has no DDL for " + product + "; create envelope_columns and envelope_keys"
            + " by hand and set envelope.schema.create=false");
  }

  private static boolean tablesExist(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1 FROM envelope_columns WHERE 1 = 0").close();
      statement.executeQuery("SELECT 1 FROM envelope_keys WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static String load(String dialect) throws EnvelopeException {
    String resource = "/dev/envelope/sql/" + dialect + "/schema.sql";
    try (InputStream in = MetadataSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
            "the driver jar lacks " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS, "cannot read " + resource, e);
    }
  }

  /** Splits a DDL file into statements, dropping {@code --} comments. */
  static List<String> statements(String script) {
    StringBuilder text = new StringBuilder();
    for (String line : script.split("\n")) {
      int comment = line.indexOf("--");
      text.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
    }
    List<String> statements = new ArrayList<>();
    for (String part : text.toString().split(";")) {
      if (!part.isBlank()) {
        statements.add(part.trim());
      }
    }
    return statements;
  }
}
