package dev.envelope.frameworks.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application as configured by its {@code application.properties}, on a schema of
 * its own in PostgreSQL. Only the URL (for the schema) and the master key are set here.
 */
@ExtendWith(PostgresSchema.class)
@SpringBootTest(properties = {
    "demo.enabled=false",
    // A fixed TEST-ONLY master key, public in this repository: never use it for real data.
    "spring.datasource.hikari.data-source-properties[envelope.local.masterKey]="
        + "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLWluLXByb2Q=",
    "spring.datasource.hikari.data-source-properties[envelope.local.masterKeyFile]="})
class EnvelopeBootApplicationTest {

  @Autowired
  private PatientRepository patients;

  @Autowired
  private PatientLookup lookup;

  @Autowired
  private JdbcTemplate jdbc;

  @Autowired
  private DataSource dataSource;

  @DynamicPropertySource
  static void schema(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", PostgresSchema::envelopeUrl);
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    PostgresSchema.drop();
  }

  @Test
  void dataSource_isAHikariPoolOnTheEnvelopeUrl() {
    assertThat(dataSource).isInstanceOf(HikariDataSource.class);
    HikariDataSource pool = (HikariDataSource) dataSource;
    assertThat(pool.getJdbcUrl()).startsWith("jdbc:envelope:postgresql:");
    assertThat(pool.getDataSourceProperties().stringPropertyNames())
        .contains("envelope.kms", "envelope.local.masterKey");
  }

  @Test
  void repository_findsBySsnAndTheDatabaseHoldsOnlyCiphertext() throws SQLException {
    Patient saved = patients.save(new Patient("Rosalind", "600-00-0001",
        LocalDate.of(1920, 7, 25), "x-ray exposure"));
    patients.save(new Patient("Maurice", "600-00-0002", LocalDate.of(1916, 12, 15), null));

    Patient found = patients.findBySsn("600-00-0001").orElseThrow();
    assertThat(found.getId()).isEqualTo(saved.getId());
    assertThat(found.getName()).isEqualTo("Rosalind");
    assertThat(found.getBirthDate()).isEqualTo(LocalDate.of(1920, 7, 25));
    assertThat(found.getDiagnosis()).isEqualTo("x-ray exposure");
    assertThat(patients.findBySsn("600-00-0009")).isEmpty();
    assertThat(patients.findBySsnIn(List.of("600-00-0002", "600-00-0009")))
        .extracting(Patient::getName).containsExactly("Maurice");
    assertThat(patients.findByDiagnosisIsNullOrderByNameAsc())
        .extracting(Patient::getName).contains("Maurice").doesNotContain("Rosalind");

    List<String> raw = rawRow(saved.getId());
    assertThat(raw.get(0)).isEqualTo("Rosalind");
    assertThat(raw.get(1)).doesNotContain("600-00");
    assertThat(raw.get(2)).doesNotContain("1920");
    assertThat(raw.get(3)).doesNotContain("x-ray");
    assertThat(raw.subList(1, 4)).allSatisfy(value -> assertThat(value).hasSizeGreaterThan(24));
  }

  @Test
  void jdbcTemplate_writesAndQueriesPlaintextThatIsStoredEncrypted() throws SQLException {
    assertThat(lookup.add("Chien-Shiung", "700-00-0001", LocalDate.of(1912, 5, 31), null))
        .isEqualTo(1);

    assertThat(lookup.birthDateOf("700-00-0001")).contains(LocalDate.of(1912, 5, 31));
    assertThat(lookup.birthDateOf("700-00-0002")).isEmpty();
    Long id = jdbc.queryForObject("SELECT id FROM patients WHERE ssn = ?", Long.class,
        "700-00-0001");
    assertThat(patients.findById(id)).get().extracting(Patient::getName)
        .isEqualTo("Chien-Shiung");

    List<String> raw = rawRow(id);
    assertThat(raw.get(1)).doesNotContain("700-00");
    assertThat(raw.get(2)).doesNotContain("1912");
    assertThat(raw.get(3)).isNull();
  }

  @Test
  void sortingOrMatchingOnAnEncryptedField_failsClosed() {
    assertThatThrownBy(() -> patients.findAll(Sort.by("ssn")))
        .isInstanceOf(DataAccessException.class)
        .hasStackTraceContaining("patients.ssn")
        .hasStackTraceContaining("ORDER BY");
    assertThatThrownBy(() -> jdbc.queryForList("SELECT id FROM patients WHERE ssn LIKE ?",
        Long.class, "600%"))
        .isInstanceOf(DataAccessException.class)
        .hasStackTraceContaining("patients.ssn");
  }

  @Test
  void flyway_migratedAndAnnotatedThroughTheEnvelopeUrl() throws SQLException {
    try (Connection plain = PostgresSchema.plain()) {
      assertThat(strings(plain, "SELECT version FROM flyway_schema_history"
          + " WHERE success AND version <> '0' ORDER BY installed_rank"))
          .containsExactly("1");
      assertThat(strings(plain, "SELECT column_name || ' ' || mode FROM envelope_columns"
          + " WHERE table_name = 'patients' ORDER BY 1"))
          .containsExactly("birth_date RANDOMIZED", "diagnosis RANDOMIZED",
              "ssn DETERMINISTIC");
    }
  }

  /** A patients row as a plain PostgreSQL connection reads it: name, ssn, birth_date, diagnosis. */
  private static List<String> rawRow(long id) throws SQLException {
    try (Connection plain = PostgresSchema.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT name, ssn, encode(birth_date, 'hex'), diagnosis FROM patients WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        assertThat(row.next()).isTrue();
        List<String> values = new ArrayList<>();
        for (int column = 1; column <= 4; column++) {
          values.add(row.getString(column));
        }
        return values;
      }
    }
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
