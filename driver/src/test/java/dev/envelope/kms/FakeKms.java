package dev.envelope.kms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A KMS-compatible endpoint on 127.0.0.1 for tests: the part of the KMS JSON 1.1 protocol that
 * Envelope uses ({@code GenerateDataKey}, {@code Decrypt}) and that key rotation will use
 * ({@code Encrypt}, {@code ReEncrypt}). It enforces what KMS enforces: a blob is AES-GCM under
 * the master key that made it, with the key ARN and the canonical encryption context as
 * associated data, so {@code Decrypt} under another context fails with
 * {@code InvalidCiphertextException} and with another {@code KeyId} with
 * {@code IncorrectKeyException}.
 *
 * <p>Blob layout: {@code u16 arnLength || arn || 12-byte IV || ciphertext || 16-byte tag}.
 */
public final class FakeKms implements AutoCloseable {

  /** The region of every key. */
  public static final String REGION = "eu-west-1";

  private static final String ACCOUNT = "111122223333";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private volatile Duration latency = Duration.ZERO;
  private volatile int port;
  private HttpServer server;
  private ExecutorService executor;

  /** Starts on a free port. */
  public static FakeKms start() throws IOException {
    FakeKms kms = new FakeKms();
    kms.listen(0);
    return kms;
  }

  /** Adds a master key and returns its ARN; with an alias when {@code alias} is not null. */
  public String createKey(String alias) {
    String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + UUID.randomUUID();
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    keys.put(arn, key);
    if (alias != null) {
      aliases.put("alias/" + alias, arn);
    }
    return arn;
  }

  /** The endpoint URL for {@code envelope.kms.endpoint}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** How many calls of an operation ({@code GenerateDataKey}, {@code Decrypt}, ...) arrived. */
  public int calls(String operation) {
    AtomicInteger count = calls.get(operation);
    return count == null ? 0 : count.get();
  }

  /** Forgets the call counts. */
  public void resetCalls() {
    calls.clear();
  }

  /** Delays every answer by this much. */
  public void latency(Duration delay) {
    this.latency = delay;
  }

  /** Stops answering; the port is closed until {@link #restart()}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
      executor.shutdownNow();
    }
  }

  /** Answers again on the same port, with the same keys. */
  public synchronized void restart() throws IOException {
    if (server == null) {
      listen(port);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private synchronized void listen(int wanted) throws IOException {
    HttpServer http = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
    http.createContext("/", this::handle);
    executor = Executors.newCachedThreadPool();
    http.setExecutor(executor);
    http.start();
    server = http;
    port = http.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
      calls.computeIfAbsent(operation, name -> new AtomicInteger()).incrementAndGet();
      pause();
      JsonNode request;
      try (InputStream body = exchange.getRequestBody()) {
        request = JsonNode.parser().parse(body);
      }
      Answer answer;
      try {
        answer = answer(operation, request.asObject());
      } catch (KmsError e) {
        answer = new Answer(400, "{\"__type\":\"" + e.type + "\",\"message\":\""
            + e.getMessage() + "\"}");
      }
      byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(answer.status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void pause() {
    Duration delay = latency;
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Answer answer(String operation, Map<String, JsonNode> request) throws KmsError {
    switch (operation) {
      case "GenerateDataKey": {
        String arn = resolve(string(request, "KeyId"));
        byte[] plaintext = new byte[32];
        RANDOM.nextBytes(plaintext);
        byte[] blob = seal(arn, plaintext, context(request, "EncryptionContext"));
        return ok(Map.of("KeyId", arn, "Plaintext", base64(plaintext),
            "CiphertextBlob", base64(blob)));
      }
      case "Encrypt": {
        String arn = resolve(string(request, "KeyId"));
        byte[] blob = seal(arn, blob(request, "Plaintext"), context(request,
            "EncryptionContext"));
        return ok(Map.of("KeyId", arn, "CiphertextBlob", base64(blob),
            "EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
      }
      case "Decrypt": {
        byte[] blob = blob(request, "CiphertextBlob");
        String arn = open(blob, optionalString(request, "KeyId"));
        byte[] plaintext = unseal(arn, blob, context(request, "EncryptionContext"));
        return ok(Map.of("KeyId", arn, "Plaintext", base64(plaintext),
            "EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
      }
      case "ReEncrypt": {
        byte[] blob = blob(request, "CiphertextBlob");
        String source = open(blob, optionalString(request, "SourceKeyId"));
        byte[] plaintext = unseal(source, blob, context(request, "SourceEncryptionContext"));
        String destination = resolve(string(request, "DestinationKeyId"));
        byte[] sealed = seal(destination, plaintext,
            context(request, "DestinationEncryptionContext"));
        return ok(Map.of("KeyId", destination, "SourceKeyId", source,
            "CiphertextBlob", base64(sealed)));
      }
      default:
        throw new KmsError("UnknownOperationException", "unsupported operation");
    }
  }

  /** The key ARN inside a blob, checked against the KeyId the caller named, if any. */
  private String open(byte[] blob, Optional<String> keyId) throws KmsError {
    if (blob.length < 2 + 12 + 16) {
      throw new KmsError("InvalidCiphertextException", "malformed blob");
    }
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    int length = buffer.getShort() & 0xFFFF;
    if (length > blob.length - 2 - 12 - 16) {
      throw new KmsError("InvalidCiphertextException", "malformed blob");
    }
    byte[] arnBytes = new byte[length];
    buffer.get(arnBytes);
    String arn = new String(arnBytes, StandardCharsets.UTF_8);
    if (keyId.isPresent() && !resolve(keyId.get()).equals(arn)) {
      throw new KmsError("IncorrectKeyException", "the blob was not made under this KeyId");
    }
    if (!keys.containsKey(arn)) {
      throw new KmsError("InvalidCiphertextException", "unknown key");
    }
    return arn;
  }

  private String resolve(String keyId) throws KmsError {
    String arn = keyId;
    if (keyId.startsWith("alias/")) {
      arn = aliases.get(keyId);
    } else if (keyId.contains(":alias/")) {
      arn = aliases.get(keyId.substring(keyId.indexOf(":alias/") + 1));
    } else if (!keyId.startsWith("arn:")) {
      arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + keyId;
    }
    if (arn == null || !keys.containsKey(arn)) {
      throw new KmsError("NotFoundException", "key not found");
    }
    return arn;
  }

  private byte[] seal(String arn, byte[] plaintext, Map<String, String> context)
      throws KmsError {
    byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
    byte[] iv = new byte[12];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.get(arn), "AES"),
          new GCMParameterSpec(128, iv));
      cipher.updateAAD(associatedData(arnBytes, context));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(2 + arnBytes.length + iv.length + sealed.length)
          .putShort((short) arnBytes.length).put(arnBytes).put(iv).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new KmsError("KMSInternalException", "cannot encrypt");
    }
  }

  private byte[] unseal(String arn, byte[] blob, Map<String, String> context)
      throws KmsError {
    byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
    int offset = 2 + arnBytes.length;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.get(arn), "AES"),
          new GCMParameterSpec(128, blob, offset, 12));
      cipher.updateAAD(associatedData(arnBytes, context));
      return cipher.doFinal(blob, offset + 12, blob.length - offset - 12);
    } catch (GeneralSecurityException e) {
      throw new KmsError("InvalidCiphertextException", "the blob does not decrypt under this"
          + " encryption context");
    }
  }

  private static byte[] associatedData(byte[] arn, Map<String, String> context) {
    byte[] canonical = EncryptionContext.canonicalBytes(context);
    return ByteBuffer.allocate(2 + arn.length + canonical.length)
        .putShort((short) arn.length).put(arn).put(canonical).array();
  }

  private static Map<String, String> context(Map<String, JsonNode> request, String field) {
    Map<String, String> context = new TreeMap<>();
    JsonNode node = request.get(field);
    if (node != null && node.isObject()) {
      node.asObject().forEach((name, value) -> context.put(name, value.asString()));
    }
    return context;
  }

  private static String string(Map<String, JsonNode> request, String field) throws KmsError {
    return optionalString(request, field).orElseThrow(
        () -> new KmsError("ValidationException", field + " is required"));
  }

  private static Optional<String> optionalString(Map<String, JsonNode> request, String field) {
    JsonNode node = request.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asString());
  }

  private static byte[] blob(Map<String, JsonNode> request, String field) throws KmsError {
    try {
      return Base64.getDecoder().decode(string(request, field));
    } catch (IllegalArgumentException e) {
      throw new KmsError("ValidationException", field + " is not base64");
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static Answer ok(Map<String, String> fields) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, String> field : new LinkedHashMap<>(fields).entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(field.getKey()).append("\":\"").append(field.getValue())
          .append('"');
    }
    return new Answer(200, json.append('}').toString());
  }

  private record Answer(int status, String body) {
  }

  private static final class KmsError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String type;

    KmsError(String type, String message) {
      super(message);
      this.type = type;
    }
  }
}
