package dev.envelope.frameworks.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A visit of a customer, with a database-generated id (an identity column, so Hibernate reads
 * the key back from the insert), and two encrypted fields: {@code reason} (RANDOMIZED,
 * {@code text}) and {@code recordedAt} (RANDOMIZED, {@code bytea}).
 */
@Entity
@Table(name = "visits")
public class Visit {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "customer_id")
  private Customer customer;

  @Column(name = "visited_on", nullable = false)
  private LocalDate visitedOn;

  @Column(name = "reason")
  private String reason;

  @Column(name = "recorded_at")
  private LocalDateTime recordedAt;

  protected Visit() {
  }

  public Visit(Customer customer, LocalDate visitedOn, String reason,
      LocalDateTime recordedAt) {
    this.customer = customer;
    this.visitedOn = visitedOn;
    this.reason = reason;
    this.recordedAt = recordedAt;
  }

  public Long getId() {
    return id;
  }

  public Customer getCustomer() {
    return customer;
  }

  public LocalDate getVisitedOn() {
    return visitedOn;
  }

  public String getReason() {
    return reason;
  }

  public LocalDateTime getRecordedAt() {
    return recordedAt;
  }
}
