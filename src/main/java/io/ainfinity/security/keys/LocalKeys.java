package io.ainfinity.security.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The RSA key pair a local installation signs its tokens with when no keys are configured: created on first start in
 * {@code <data>/keys/} (private key readable by the owner only) and reused afterwards, so that tokens survive a
 * restart. Never used in the {@code prod} profile, which insists on configured keys.
 */
public final class LocalKeys {

    public static final String PRIVATE = "signing-key.pem";
    public static final String PUBLIC = "verify-key.pem";

    private LocalKeys() {}

    /** Returns the key directory, creating the pair if it does not exist yet. */
    public static Path ensure(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().resolve("keys");
        Path privatePem = dir.resolve(PRIVATE);
        Path publicPem = dir.resolve(PUBLIC);
        if (Files.isRegularFile(privatePem) && Files.isRegularFile(publicPem)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            write(privatePem, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            write(publicPem, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local signing keys to " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate RSA keys", e);
        }
    }

    private static void write(Path file, String type, byte[] der, boolean secret) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        if (secret) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
