-- Envelope metadata tables for H2. The driver creates them when missing; this file is the reference.

CREATE TABLE IF NOT EXISTS envelope_columns (
  table_name  VARCHAR(128) NOT NULL,
  column_name VARCHAR(128) NOT NULL,
  mode        VARCHAR(16)  DEFAULT 'RANDOMIZED' NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT envelope_columns_pk PRIMARY KEY (table_name, column_name),
  CONSTRAINT envelope_columns_mode CHECK (mode IN ('RANDOMIZED', 'DETERMINISTIC'))
);

CREATE TABLE IF NOT EXISTS envelope_keys (
  table_name    VARCHAR(128)   NOT NULL,
  column_name   VARCHAR(128)   NOT NULL,
  version       INTEGER        NOT NULL,
  master_key_id VARCHAR(2048)  NOT NULL,
  encrypted_key VARBINARY(4096) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
  CONSTRAINT envelope_keys_pk PRIMARY KEY (table_name, column_name, version),
  CONSTRAINT envelope_keys_version CHECK (version > 0)
);
