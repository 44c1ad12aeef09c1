package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the end-to-end suite honest: every test class here runs on PostgreSQL, either on both
 * databases (an {@link EndToEndTest}) or on PostgreSQL only (a {@link PostgresOnlyTest}), so that
 * no scenario is proven on H2 alone.
 */
class SuiteShapeTest {

  @Test
  void everyIntegrationTestClass_runsOnPostgresql() throws IOException, URISyntaxException {
    Path here = Paths.get(SuiteShapeTest.class.getResource("SuiteShapeTest.class").toURI())
        .getParent();
    List<Class<?>> tests;
    try (Stream<Path> files = Files.list(here)) {
      tests = files.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith("Test.class") && !name.contains("$"))
          .<Class<?>>map(name -> load(name.substring(0, name.length() - ".class".length())))
          .filter(type -> !Modifier.isAbstract(type.getModifiers()))
          .filter(type -> type != SuiteShapeTest.class)
          .toList();
    }

    assertThat(tests).hasSizeGreaterThanOrEqualTo(10).allSatisfy(type ->
        assertThat(EndToEndTest.class.isAssignableFrom(type)
            || PostgresOnlyTest.class.isAssignableFrom(type)).as(type.getName()).isTrue());
  }

  private static Class<?> load(String simpleName) {
    try {
      return Class.forName(SuiteShapeTest.class.getPackageName() + "." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(simpleName, e);
    }
  }
}
