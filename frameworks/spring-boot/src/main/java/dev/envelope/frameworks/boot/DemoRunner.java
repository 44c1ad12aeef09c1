package dev.envelope.frameworks.boot;

import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Stores a demo patient once and finds it again by SSN, through Spring Data and through
 * {@code JdbcTemplate}. It logs what it found, not the values.
 */
@Component
@ConditionalOnProperty(name = "demo.enabled", havingValue = "true")
public class DemoRunner implements CommandLineRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);
  private static final String DEMO_SSN = "078-05-1120";

  private final PatientRepository patients;
  private final PatientLookup lookup;

  public DemoRunner(PatientRepository patients, PatientLookup lookup) {
    this.patients = patients;
    this.lookup = lookup;
  }

  @Override
  public void run(String... args) {
    if (patients.findBySsn(DEMO_SSN).isEmpty()) {
      patients.save(new Patient("Hilda Whitcher", DEMO_SSN, LocalDate.of(1938, 4, 1),
          "demo diagnosis"));
    }
    boolean byRepository = patients.findBySsn(DEMO_SSN).isPresent();
    boolean byJdbc = lookup.birthDateOf(DEMO_SSN).isPresent();
    LOG.info("Demo patient found by SSN through Spring Data: {}, through JdbcTemplate: {};"
        + " {} patients in all", byRepository, byJdbc, patients.count());
  }
}
