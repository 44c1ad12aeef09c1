-- Envelope metadata tables for PostgreSQL. The driver creates them when missing; this file is the
-- reference.

CREATE TABLE IF NOT EXISTS envelope_columns (
  table_name  text        NOT NULL,
  column_name text        NOT NULL,
  mode        text        NOT NULL DEFAULT 'RANDOMIZED',
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT envelope_columns_pk PRIMARY KEY (table_name, column_name),
  CONSTRAINT envelope_columns_mode CHECK (mode IN ('RANDOMIZED', 'DETERMINISTIC'))
);

CREATE TABLE IF NOT EXISTS envelope_keys (
  table_name    text        NOT NULL,
  column_name   text        NOT NULL,
  version       integer     NOT NULL,
  master_key_id text        NOT NULL,
  encrypted_key bytea       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT envelope_keys_pk PRIMARY KEY (table_name, column_name, version),
  CONSTRAINT envelope_keys_version CHECK (version > 0)
);
