package dev.envelope.frameworks.boot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/**
 * A patient. {@code ssn} is annotated DETERMINISTIC (so {@code findBySsn} works) and
 * {@code birthDate} and {@code diagnosis} RANDOMIZED, by the migration
 * {@code V1__patients.sql}; the entity itself knows nothing of Envelope.
 */
@Entity
@Table(name = "patients")
public class Patient {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "name", nullable = false)
  private String name;

  @Column(name = "ssn")
  private String ssn;

  @Column(name = "birth_date")
  private LocalDate birthDate;

  @Column(name = "diagnosis")
  private String diagnosis;

  protected Patient() {
  }

  public Patient(String name, String ssn, LocalDate birthDate, String diagnosis) {
    this.name = name;
    this.ssn = ssn;
    this.birthDate = birthDate;
    this.diagnosis = diagnosis;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getSsn() {
    return ssn;
  }

  public LocalDate getBirthDate() {
    return birthDate;
  }

  public String getDiagnosis() {
    return diagnosis;
  }

  public void setDiagnosis(String diagnosis) {
    this.diagnosis = diagnosis;
  }
}
