package dev.envelope.frameworks.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A customer. Nothing here knows about Envelope: {@code ssn} and {@code customerNumber} are
 * annotated DETERMINISTIC and {@code birthDate}, {@code balance} and {@code notes} RANDOMIZED in
 * {@code envelope_columns} by the migration {@code V1__customers.sql}, which also gives them
 * their {@code text} or {@code bytea} columns.
 */
@Entity
@Table(name = "customers")
public class Customer {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customers_seq")
  @SequenceGenerator(name = "customers_seq", sequenceName = "customers_seq", allocationSize = 50)
  private Long id;

  @Column(name = "name", nullable = false)
  private String name;

  @Column(name = "ssn")
  private String ssn;

  @Column(name = "customer_number")
  private Long customerNumber;

  @Column(name = "birth_date")
  private LocalDate birthDate;

  @Column(name = "balance")
  private BigDecimal balance;

  @Column(name = "notes")
  private String notes;

  protected Customer() {
  }

  public Customer(String name, String ssn, Long customerNumber, LocalDate birthDate,
      BigDecimal balance) {
    this.name = name;
    this.ssn = ssn;
    this.customerNumber = customerNumber;
    this.birthDate = birthDate;
    this.balance = balance;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSsn() {
    return ssn;
  }

  public void setSsn(String ssn) {
    this.ssn = ssn;
  }

  public Long getCustomerNumber() {
    return customerNumber;
  }

  public void setCustomerNumber(Long customerNumber) {
    this.customerNumber = customerNumber;
  }

  public LocalDate getBirthDate() {
    return birthDate;
  }

  public void setBirthDate(LocalDate birthDate) {
    this.birthDate = birthDate;
  }

  public BigDecimal getBalance() {
    return balance;
  }

  public void setBalance(BigDecimal balance) {
    this.balance = balance;
  }

  public String getNotes() {
    return notes;
  }

  public void setNotes(String notes) {
    this.notes = notes;
  }
}
