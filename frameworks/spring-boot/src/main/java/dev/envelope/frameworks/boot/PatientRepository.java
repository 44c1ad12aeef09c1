package dev.envelope.frameworks.boot;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Derived queries on encrypted fields: equality on the DETERMINISTIC {@code ssn} works, and
 * so does {@code IS NULL} on any encrypted field. A method that sorts by an encrypted field
 * ({@code findAllByOrderBySsn}) or compares one with {@code Like}, {@code Before} or
 * {@code GreaterThan} fails closed when it runs.
 */
public interface PatientRepository extends JpaRepository<Patient, Long> {

  Optional<Patient> findBySsn(String ssn);

  List<Patient> findBySsnIn(List<String> ssns);

  List<Patient> findByDiagnosisIsNullOrderByNameAsc();
}
