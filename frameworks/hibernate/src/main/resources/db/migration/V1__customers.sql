-- The encrypted columns hold ciphertext: bytea for the raw bytes, or text for base64. Their
-- Java types (LocalDate, BigDecimal, Long) live in the entity only.
CREATE SEQUENCE customers_seq INCREMENT BY 50;

CREATE TABLE customers (
  id              bigint       PRIMARY KEY,
  name            varchar(100) NOT NULL,
  ssn             text,
  customer_number bytea,
  birth_date      bytea,
  balance         bytea,
  notes           text
);

INSERT INTO envelope_columns (table_name, column_name, mode) VALUES
  ('customers', 'ssn', 'DETERMINISTIC'),
  ('customers', 'customer_number', 'DETERMINISTIC'),
  ('customers', 'birth_date', 'RANDOMIZED'),
  ('customers', 'balance', 'RANDOMIZED'),
  ('customers', 'notes', 'RANDOMIZED');
