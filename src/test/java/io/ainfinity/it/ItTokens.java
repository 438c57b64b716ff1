package io.ainfinity.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Tokens for the packaged app, signed in the test JVM with the test key file itself: the test JVM of an integration
 * test has no signing key configured, and reads none from CDI.
 */
final class ItTokens {

    static final String ISSUER = "ainfinity";
    static final String AUDIENCE = "ainfinity";

    private static final PrivateKey TEST_KEY = readPkcs8(PackagedApp.SIGNING_KEY);

    private ItTokens() {}

    /** The key the packaged app trusts (its public half is {@link PackagedApp#VERIFY_KEY}). */
    static PrivateKey testKey() {
        return TEST_KEY;
    }

    static String token(String subject, String... roles) {
        return signed(subject, Instant.now().plus(Duration.ofHours(1)), TEST_KEY, roles);
    }

    static String signed(String subject, Instant expiresAt, PrivateKey key, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .groups(Set.of(roles))
                .issuedAt(expiresAt.minus(Duration.ofHours(2)))
                .expiresAt(expiresAt)
                .sign(key);
    }

    /**
     * A request that sends {@code token}. Built at call time: a request spec built earlier would keep the port
     * RestAssured had then, which is reset between test classes.
     */
    static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    private static PrivateKey readPkcs8(Path pem) {
        try {
            String body =
                    Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test signing key " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the test signing key is not a PKCS#8 RSA key: " + pem, e);
        }
    }
}
