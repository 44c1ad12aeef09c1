package dev.envelope.frameworks.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application that uses Envelope through {@code application.properties} alone:
 * the data source URL is {@code jdbc:envelope:postgresql://...}, the {@code envelope.*}
 * settings are HikariCP data source properties, Flyway migrates and annotates the tables, and
 * Spring Data JPA and {@code JdbcTemplate} read and write plaintext.
 */
@SpringBootApplication
public class EnvelopeBootApplication {

  /** Starts, runs the demo (when {@code demo.enabled}), and stops: it serves nothing. */
  public static void main(String[] args) {
    SpringApplication.run(EnvelopeBootApplication.class, args).close();
  }
}
