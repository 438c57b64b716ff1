package io.ainfinity.security.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.security.Roles;
import io.ainfinity.security.tokens.TokenService;

/**
 * At start-up: in production, refuses to run without a verification key (naming the properties to set); with the
 * keys generated for a local installation, mints an admin service token once, so the API can be used at once. The
 * token is stored like any service token (listed, and revocable with {@code DELETE /api/v1/tokens/{id}}), written to
 * {@code <data>/admin-token} readable by the owner only, and never logged.
 */
@ApplicationScoped
public class KeyStartupCheck {

    static final String ADMIN_TOKEN_FILE = "admin-token";
    static final String ADMIN_TOKEN_NAME = "local-admin";

    private static final Logger LOG = Logger.getLogger(KeyStartupCheck.class);

    private final AinfinityConfig config;
    private final TokenService tokens;
    private final Optional<String> publicKeyLocation;
    private final Optional<String> publicKey;
    private final int port;

    public KeyStartupCheck(
            AinfinityConfig config,
            TokenService tokens,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> publicKeyLocation,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> publicKey,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8000") int port) {
        this.config = config;
        this.tokens = tokens;
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
            ensureAdminToken(config.dataDir().toAbsolutePath().resolve(ADMIN_TOKEN_FILE));
        }
    }

    /** Mints the local admin token unless its file exists: a restart never adds a token nobody asked for. */
    void ensureAdminToken(Path file) {
        String hint = "Try: curl -H \"Authorization: Bearer $(cat %s)\" http://localhost:%d/api/v1/jobs"
                .formatted(file, port);
        if (Files.exists(file)) {
            LOG.infof(
                    "Local admin token: %s (revoke it with DELETE /api/v1/tokens/{id}; delete the file to mint a"
                            + " new one at the next start). %s",
                    file, hint);
            return;
        }
        Duration lifetime = config.security().maxTokenLifetime();
        TokenService.Minted minted = tokens.mint(ADMIN_TOKEN_NAME, List.of(Roles.ADMIN), lifetime, "local profile")
                .await()
                .atMost(Duration.ofMinutes(1));
        write(file, minted.token());
        LOG.infof(
                "Local admin token minted (id %s, valid %d days) and written to %s, readable by its owner only. %s",
                minted.info().id(), lifetime.toDays(), file, hint);
    }

    private static void write(Path file, String token) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
