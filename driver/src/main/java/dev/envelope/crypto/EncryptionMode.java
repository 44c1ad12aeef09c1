package dev.envelope.crypto;

/** How an annotated column is encrypted, as stored in {@code envelope_columns.mode}. */
public enum EncryptionMode {

  /** A fresh random nonce per value: reveals only length and nullness. The default. */
  RANDOMIZED,

  /** Same plaintext, same ciphertext (AES-SIV): allows equality search, reveals equality. */
  DETERMINISTIC
}
