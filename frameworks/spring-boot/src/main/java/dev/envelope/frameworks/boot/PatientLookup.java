package dev.envelope.frameworks.boot;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The same table through {@code JdbcTemplate}: plain SQL with parameters, plaintext values. */
@Component
public class PatientLookup {

  private final JdbcTemplate jdbc;

  public PatientLookup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The birth date of the patient with this SSN, if there is one. */
  public Optional<LocalDate> birthDateOf(String ssn) {
    List<LocalDate> dates = jdbc.query("SELECT birth_date FROM patients WHERE ssn = ?",
        (row, number) -> row.getObject(1, LocalDate.class), ssn);
    return dates.stream().findFirst();
  }

  /** Adds a patient with plain SQL; returns the number of rows written. */
  public int add(String name, String ssn, LocalDate birthDate, String diagnosis) {
    return jdbc.update(
        "INSERT INTO patients (name, ssn, birth_date, diagnosis) VALUES (?, ?, ?, ?)",
        name, ssn, birthDate, diagnosis);
  }
}
