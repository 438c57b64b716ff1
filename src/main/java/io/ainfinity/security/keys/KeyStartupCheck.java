package io.ainfinity.security.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.security.Roles;
import io.ainfinity.security.tokens.TokenMinter;

/**
 * At start-up: in production, refuses to run without a verification key (naming the properties to set); with the
 * keys generated for a local installation, hands the operator an admin token so the API can be used at once.
 */
@ApplicationScoped
public class KeyStartupCheck {

    static final String ADMIN_TOKEN_FILE = "admin-token";

    private static final Logger LOG = Logger.getLogger(KeyStartupCheck.class);
    private static final Duration FIRST_RUN_LIFETIME = Duration.ofDays(30);

    private final AinfinityConfig config;
    private final TokenMinter minter;
    private final Optional<String> publicKeyLocation;
    private final Optional<String> publicKey;
    private final int port;

    public KeyStartupCheck(
            AinfinityConfig config,
            TokenMinter minter,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8000") int port) {
        this.config = config;
        this.minter = minter;
        this.publicKeyLocation = publicKeyLocation.filter(s -> !s.isBlank());
        this.publicKey = publicKey.filter(s -> !s.isBlank());
        this.port = port;
    }

    void check(@Observes StartupEvent started) {
        if (publicKeyLocation.isEmpty() && publicKey.isEmpty()) {
            throw new IllegalStateException("no key to verify tokens with: set mp.jwt.verify.publickey.location"
                    + " (MP_JWT_VERIFY_PUBLICKEY_LOCATION) to a PEM file or a JWKS URL, and"
                    + " smallrye.jwt.sign.key.location (SMALLRYE_JWT_SIGN_KEY_LOCATION) to mint service tokens;"
                    + " or run with QUARKUS_PROFILE=local to generate a local key pair");
        }
        if (config.security().generatedKeys() && LaunchMode.current() != LaunchMode.TEST) {
            announceAdminToken();
        }
    }

    private void announceAdminToken() {
        String token = minter.mint(
                UUID.randomUUID().toString(), "local-admin", "local-admin", List.of(Roles.ADMIN), FIRST_RUN_LIFETIME);
        Path file = config.dataDir().toAbsolutePath().resolve(ADMIN_TOKEN_FILE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        // Shown once at start-up on purpose: a local installation is useless without a first token.
        LOG.infof(
                "Local admin token (valid %d days, also in %s):%n%s%nTry: curl -H \"Authorization: Bearer $(cat %s)\""
                        + " http://localhost:%d/api/v1/jobs",
                FIRST_RUN_LIFETIME.toDays(), file, token, file, port);
    }
}
