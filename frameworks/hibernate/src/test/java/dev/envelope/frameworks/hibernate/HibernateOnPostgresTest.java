package dev.envelope.frameworks.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hibernate ORM on a HikariCP pool on the Envelope URL, with the schema made by Flyway through
 * the same pool, against PostgreSQL. Every test writes through JPA, reads the rows back through
 * JPA, and reads them again on a plain PostgreSQL connection to see what the server holds.
 */
@ExtendWith(PostgresSchema.Reachable.class)
class HibernateOnPostgresTest {

  private static PostgresSchema schema;
  private static HikariDataSource pool;
  private static EntityManagerFactory jpa;

  @BeforeAll
  static void start() throws SQLException {
    schema = PostgresSchema.create();
    pool = JpaSetup.pool(schema.envelopeUrl(), schema.envelopeProperties(), 4);
    JpaSetup.migrate(pool);
    jpa = JpaSetup.entityManagerFactory(pool, Map.of("hibernate.generate_statistics", "true"));
  }

  @AfterAll
  static void stop() throws SQLException {
    if (jpa != null) {
      jpa.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void persistFindMergeRemove_roundTripEveryFieldType() {
    Customer created = new Customer("Ada", "111-00-0001", 1001L, LocalDate.of(1815, 12, 10),
        new BigDecimal("1234.50"));
    inTransaction(em -> em.persist(created));
    long id = created.getId();

    Customer found = read(em -> em.find(Customer.class, id));
    assertThat(found.getName()).isEqualTo("Ada");
    assertThat(found.getSsn()).isEqualTo("111-00-0001");
    assertThat(found.getCustomerNumber()).isEqualTo(1001L);
    assertThat(found.getBirthDate()).isEqualTo(LocalDate.of(1815, 12, 10));
    assertThat(found.getBalance()).isEqualTo(new BigDecimal("1234.50"));
    assertThat(found.getNotes()).isNull();

    found.setSsn("111-00-0002");
    found.setBalance(new BigDecimal("-0.001"));
    found.setNotes("prefers letters");
    found.setBirthDate(null);
    inTransaction(em -> em.merge(found));

    Customer merged = read(em -> em.find(Customer.class, id));
    assertThat(merged.getSsn()).isEqualTo("111-00-0002");
    assertThat(merged.getBalance()).isEqualTo(new BigDecimal("-0.001"));
    assertThat(merged.getNotes()).isEqualTo("prefers letters");
    assertThat(merged.getBirthDate()).isNull();

    inTransaction(em -> em.remove(em.find(Customer.class, id)));
    Customer removed = read(em -> em.find(Customer.class, id));
    assertThat(removed).isNull();
  }

  @Test
  void rawRows_holdCiphertextForAnnotatedFieldsAndPlaintextForTheRest() throws SQLException {
    Customer first = new Customer("Grace", "222-00-0001", 2001L, LocalDate.of(1906, 12, 9),
        new BigDecimal("99.95"));
    Customer twin = new Customer("Grace", "222-00-0001", 2001L, LocalDate.of(1906, 12, 9),
        new BigDecimal("99.95"));
    first.setNotes("secret note");
    twin.setNotes("secret note");
    inTransaction(em -> {
      em.persist(first);
      em.persist(twin);
    });

    try (Connection plain = schema.plain();
        PreparedStatement select = plain.prepareStatement("SELECT name, ssn, customer_number,"
            + " birth_date, balance, notes FROM customers WHERE id IN (?, ?) ORDER BY id")) {
      select.setLong(1, first.getId());
      select.setLong(2, twin.getId());
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(List.of(result.getString(1), result.getString(2), result.getBytes(3),
              result.getBytes(4), result.getBytes(5), result.getString(6)));
        }
      }
      assertThat(rows).hasSize(2);
      List<Object> one = rows.get(0);
      List<Object> other = rows.get(1);

      assertThat(one.get(0)).isEqualTo("Grace");
      String ssn = (String) one.get(1);
      assertThat(ssn).doesNotContain("222").doesNotContain("0001");
      assertThat(Base64.getDecoder().decode(ssn).length).isGreaterThan(16);
      String notes = (String) one.get(5);
      assertThat(notes).doesNotContain("secret");
      for (int column = 2; column <= 4; column++) {
        String latin = new String((byte[]) one.get(column), StandardCharsets.ISO_8859_1);
        assertThat(latin).doesNotContain("2001").doesNotContain("1906").doesNotContain("99.95");
      }

      // Deterministic fields give equal ciphertext for equal values; randomized ones do not.
      assertThat(other.get(1)).isEqualTo(ssn);
      assertThat((byte[]) other.get(2)).isEqualTo((byte[]) one.get(2));
      assertThat((byte[]) other.get(4)).isNotEqualTo((byte[]) one.get(4));
      assertThat(other.get(5)).isNotEqualTo(notes);
    }
  }

  @Test
  void jpqlAndCriteria_findByEqualityOnDeterministicFields() {
    inTransaction(em -> {
      em.persist(new Customer("Alan", "333-00-0001", 3001L, LocalDate.of(1912, 6, 23),
          BigDecimal.ONE));
      em.persist(new Customer("Barbara", "333-00-0002", 3002L, LocalDate.of(1939, 11, 7),
          BigDecimal.TEN));
      em.persist(new Customer("Edsger", "333-00-0003", 3003L, null, null));
    });

    List<Customer> bySsn = read(em -> em.createQuery(
        "select c from Customer c where c.ssn = :ssn", Customer.class)
        .setParameter("ssn", "333-00-0002").getResultList());
    assertThat(bySsn).extracting(Customer::getName).containsExactly("Barbara");

    List<Customer> byNumber = read(em -> {
      CriteriaBuilder builder = em.getCriteriaBuilder();
      CriteriaQuery<Customer> query = builder.createQuery(Customer.class);
      Root<Customer> customer = query.from(Customer.class);
      query.select(customer).where(builder.equal(customer.get("customerNumber"), 3003L));
      return em.createQuery(query).getResultList();
    });
    assertThat(byNumber).extracting(Customer::getName).containsExactly("Edsger");
    assertThat(byNumber.get(0).getBirthDate()).isNull();

    List<String> inList = read(em -> em.createQuery(
        "select c.name from Customer c where c.ssn in :ssns order by c.name", String.class)
        .setParameter("ssns", List.of("333-00-0001", "333-00-0003")).getResultList());
    assertThat(inList).containsExactly("Alan", "Edsger");

    List<LocalDate> page = read(em -> em.createQuery(
        "select c.birthDate from Customer c where c.ssn <> :ssn and c.name in :names"
            + " order by c.name", LocalDate.class)
        .setParameter("ssn", "333-00-0003")
        .setParameter("names", List.of("Alan", "Barbara", "Edsger"))
        .setFirstResult(1).setMaxResults(1).getResultList());
    assertThat(page).containsExactly(LocalDate.of(1939, 11, 7));
  }

  @Test
  void jpqlBulkUpdateAndDelete_matchOnDeterministicFieldsAndEncryptTheNewValues()
      throws SQLException {
    inTransaction(em -> {
      em.persist(new Customer("Niklaus", "666-00-0001", 6001L, null, null));
      em.persist(new Customer("Tony", "666-00-0002", 6002L, null, null));
    });

    int updated = write(em -> em.createQuery("update Customer c set c.notes = :notes,"
        + " c.balance = :balance where c.ssn = :ssn")
        .setParameter("notes", "moved to Zurich")
        .setParameter("balance", new BigDecimal("12.30"))
        .setParameter("ssn", "666-00-0001").executeUpdate());
    assertThat(updated).isEqualTo(1);
    Long count = read(em -> em.createQuery(
        "select count(c) from Customer c where c.notes is not null and c.ssn in :ssns",
        Long.class).setParameter("ssns", List.of("666-00-0001", "666-00-0002"))
        .getSingleResult());
    assertThat(count).isEqualTo(1L);
    Customer moved = read(em -> em.createQuery(
        "select c from Customer c where c.ssn = :ssn", Customer.class)
        .setParameter("ssn", "666-00-0001").getSingleResult());
    assertThat(moved.getNotes()).isEqualTo("moved to Zurich");
    assertThat(moved.getBalance()).isEqualTo(new BigDecimal("12.30"));

    int deleted = write(em -> em.createQuery(
        "delete from Customer c where c.customerNumber = :number")
        .setParameter("number", 6002L).executeUpdate());
    assertThat(deleted).isEqualTo(1);

    try (Connection plain = schema.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT count(*) FROM customers WHERE name IN ('Niklaus', 'Tony')"
                + " AND notes NOT LIKE '%Zurich%'");
        ResultSet result = select.executeQuery()) {
      result.next();
      assertThat(result.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void batchedInserts_areEncryptedAndSentAsOneBatch() throws SQLException {
    Statistics statistics = jpa.unwrap(SessionFactory.class).getStatistics();
    statistics.clear();
    inTransaction(em -> {
      for (int i = 0; i < 40; i++) {
        em.persist(new Customer("batch" + i, String.format("444-00-%04d", i), 4000L + i,
            LocalDate.of(2000, 1, 1).plusDays(i), new BigDecimal(i + ".25")));
      }
    });
    // 40 inserts in batches of 25 are two statements, plus the sequence calls.
    assertThat(statistics.getEntityInsertCount()).isEqualTo(40);
    assertThat(statistics.getPrepareStatementCount()).isLessThan(6);

    Customer last = read(em -> em.createQuery(
        "select c from Customer c where c.customerNumber = :number", Customer.class)
        .setParameter("number", 4039L).getSingleResult());
    assertThat(last.getSsn()).isEqualTo("444-00-0039");
    assertThat(last.getBalance()).isEqualTo(new BigDecimal("39.25"));

    try (Connection plain = schema.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT count(*) FROM customers WHERE name LIKE 'batch%' AND ssn LIKE '444-%'")) {
      try (ResultSet result = select.executeQuery()) {
        result.next();
        assertThat(result.getInt(1)).isZero();
      }
    }
  }

  @Test
  void identityKeyAndJoinFetch_workThroughTheWrappers() throws SQLException {
    Customer customer = new Customer("Linus", "555-00-0001", 5001L, null, null);
    LocalDateTime recordedAt = LocalDateTime.of(2024, 3, 1, 9, 30, 15, 123_456_000);
    Visit visit = new Visit(customer, LocalDate.of(2024, 3, 1), "annual check", recordedAt);
    inTransaction(em -> {
      em.persist(customer);
      em.persist(visit);
    });
    assertThat(visit.getId()).isNotNull();

    Visit found = read(em -> em.createQuery("select v from Visit v join fetch v.customer c"
        + " where c.ssn = :ssn", Visit.class)
        .setParameter("ssn", "555-00-0001").getSingleResult());
    assertThat(found.getId()).isEqualTo(visit.getId());
    assertThat(found.getReason()).isEqualTo("annual check");
    assertThat(found.getRecordedAt()).isEqualTo(recordedAt);
    assertThat(found.getCustomer().getName()).isEqualTo("Linus");

    try (Connection plain = schema.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT visited_on, reason FROM visits WHERE id = ?")) {
      select.setLong(1, visit.getId());
      try (ResultSet result = select.executeQuery()) {
        assertThat(result.next()).isTrue();
        assertThat(result.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(result.getString(2)).doesNotContain("annual");
      }
    }
  }

  @Test
  void orderingOrMatchingOnAnEncryptedField_failsClosed() {
    assertThatThrownBy(() -> read(em -> em.createQuery(
        "select c from Customer c order by c.ssn", Customer.class).getResultList()))
        .isInstanceOf(PersistenceException.class)
        .hasStackTraceContaining("customers.ssn")
        .hasStackTraceContaining("ORDER BY");
    assertThatThrownBy(() -> read(em -> em.createQuery(
        "select c from Customer c where c.ssn like :prefix", Customer.class)
        .setParameter("prefix", "111%").getResultList()))
        .isInstanceOf(PersistenceException.class)
        .hasStackTraceContaining("customers.ssn");
    assertThatThrownBy(() -> read(em -> em.createQuery(
        "select c from Customer c where c.balance = :balance", Customer.class)
        .setParameter("balance", BigDecimal.ONE).getResultList()))
        .isInstanceOf(PersistenceException.class)
        .hasStackTraceContaining("customers.balance");
  }

  @Test
  void flywayMigrations_createdAndAnnotatedTheTables() throws SQLException {
    try (Connection plain = schema.plain()) {
      List<String> annotations = new ArrayList<>();
      try (PreparedStatement select = plain.prepareStatement("SELECT table_name || '.'"
          + " || column_name || ' ' || mode FROM envelope_columns ORDER BY 1");
          ResultSet result = select.executeQuery()) {
        while (result.next()) {
          annotations.add(result.getString(1));
        }
      }
      assertThat(annotations).containsExactly("customers.balance RANDOMIZED",
          "customers.birth_date RANDOMIZED", "customers.customer_number DETERMINISTIC",
          "customers.notes RANDOMIZED", "customers.ssn DETERMINISTIC",
          "visits.reason RANDOMIZED", "visits.recorded_at RANDOMIZED");

      List<String> applied = new ArrayList<>();
      try (PreparedStatement select = plain.prepareStatement("SELECT version FROM"
          + " flyway_schema_history WHERE success AND version <> '0' ORDER BY installed_rank");
          ResultSet result = select.executeQuery()) {
        while (result.next()) {
          applied.add(result.getString(1));
        }
      }
      assertThat(applied).containsExactly("1", "2");
    }
  }

  private static void inTransaction(Consumer<EntityManager> work) {
    try (EntityManager em = jpa.createEntityManager()) {
      em.getTransaction().begin();
      work.accept(em);
      em.getTransaction().commit();
    }
  }

  private static <T> T write(Function<EntityManager, T> work) {
    try (EntityManager em = jpa.createEntityManager()) {
      em.getTransaction().begin();
      T result = work.apply(em);
      em.getTransaction().commit();
      return result;
    }
  }

  private static <T> T read(Function<EntityManager, T> work) {
    try (EntityManager em = jpa.createEntityManager()) {
      return work.apply(em);
    }
  }
}
