package dev.envelope.frameworks.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * How an application wires Envelope under JPA: a HikariCP pool on the {@code jdbc:envelope:}
 * URL, Flyway migrations through that pool, and Hibernate on the same pool. Envelope appears
 * only in the URL and in the {@code envelope.*} pool properties.
 */
public final class JpaSetup {

  private JpaSetup() {
  }

  /**
   * A pool on an Envelope URL such as {@code jdbc:envelope:postgresql://db:5432/app}.
   *
   * @param properties the delegate driver's properties ({@code user}, {@code password}) and
   *     the {@code envelope.*} settings, all passed as HikariCP data source properties
   */
  public static HikariDataSource pool(String url, Properties properties, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDataSourceProperties(properties);
    config.setMaximumPoolSize(size);
    return new HikariDataSource(config);
  }

  /**
   * Runs the migrations in {@code db/migration} through the given (Envelope) data source.
   *
   * <p>The baseline settings are needed because the driver creates {@code envelope_columns}
   * and {@code envelope_keys} on its first connection: Flyway would otherwise refuse a schema
   * that is not empty but has no history table yet.
   */
  public static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  /** The persistence unit {@code envelope-example} on the given data source. */
  public static EntityManagerFactory entityManagerFactory(DataSource dataSource,
      Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.put("jakarta.persistence.nonJtaDataSource", dataSource);
    return Persistence.createEntityManagerFactory("envelope-example", settings);
  }
}
