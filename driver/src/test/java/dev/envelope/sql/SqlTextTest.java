package dev.envelope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

  @Test
  void parameterCount_skipsLiteralsCommentsAndQuotedNames() {
    String sql = "select '?', \"a?\", $$?$$, $tag$ ? $tag$ -- ?\n, x /* ? */ from t "
        + "where a = ? and b = 'it''s ?' and c = ?";

    assertThat(SqlText.countParameters(sql)).isEqualTo(2);
  }

  @Test
  void doubledQuestionMark_isTheJdbcEscapeNotAParameter() {
    assertThat(SqlText.countParameters("select data ?? 'k' from t where id = ?"))
        .isEqualTo(1);
  }

  @Test
  void positionalDollarParameter_isNotADollarQuote() {
    assertThat(SqlText.countParameters("select $1, ? from t where a = ?")).isEqualTo(2);
  }

  @Test
  void identifiers_areLowerCaseWithQuotesStripped() {
    assertThat(SqlText.identifiers("SELECT c.\"SSN\" FROM Public.`Customers` c, [Orders]"))
        .containsExactly("select", "c", "ssn", "from", "public", "customers", "orders");
  }

  @Test
  void writeKeyword_isRecognisedAfterLeadingSpace() {
    assertThat(SqlText.looksLikeWrite("  \n INSERT into x")).isTrue();
    assertThat(SqlText.looksLikeWrite("select 1")).isFalse();
  }
}
