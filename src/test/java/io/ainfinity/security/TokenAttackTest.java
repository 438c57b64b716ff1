package io.ainfinity.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ainfinity.support.Tokens;

import static io.ainfinity.support.Tokens.AUDIENCE;
import static io.ainfinity.support.Tokens.ISSUER;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** Forged, stale, malformed and misdirected tokens: every one is turned away with 401, on reads and on launches. */
@QuarkusTest
class TokenAttackTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String unsigned(String headerJson, String payloadJson, String signature) {
        return B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    private static String payload(String subject, String groups) {
        long now = Instant.now().getEpochSecond();
        return "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"%s\",\"groups\":%s,\"iat\":%d,\"exp\":%d}"
                .formatted(ISSUER, AUDIENCE, subject, groups, now, now + 3600);
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static Supplier<String> of(ThrowingSupplier supplier) {
        return () -> {
            try {
                return supplier.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static Stream<Arguments> attacks() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of(
                        "alg none",
                        of(() ->
                                unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", payload("mallory", "[\"admin\"]"), ""))),
                Arguments.of(
                        "alg none with a signature",
                        of(() -> unsigned("{\"alg\":\"none\"}", payload("mallory", "[\"admin\"]"), "c2ln"))),
                Arguments.of("HS256 signed with the public key as secret", of(() -> {
                    byte[] pem = Files.readAllBytes(Path.of("src/test/resources/keys/test-verify-key.pem"));
                    return Jwt.issuer(ISSUER)
                            .audience(AUDIENCE)
                            .subject("mallory")
                            .groups("admin")
                            .jws()
                            .algorithm(SignatureAlgorithm.HS256)
                            .sign(new SecretKeySpec(pem, "HmacSHA256"));
                })),
                Arguments.of(
                        "expired",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .issuedAt(now - 7200)
                                .expiresAt(now - 3600)
                                .sign())),
                Arguments.of(
                        "not yet valid",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .claim("nbf", now + 3600)
                                .expiresAt(now + 7200)
                                .sign())),
                Arguments.of(
                        "issued in the future",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .issuedAt(now + 3600)
                                .expiresAt(now + 7200)
                                .sign())),
                Arguments.of(
                        "wrong issuer",
                        of(() -> Jwt.issuer("someone-else")
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .sign())),
                Arguments.of(
                        "no issuer",
                        of(() -> Jwt.audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .sign())),
                Arguments.of(
                        "wrong audience",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience("another-service")
                                .subject("alice")
                                .groups("admin")
                                .sign())),
                Arguments.of(
                        "no audience",
                        of(() -> Jwt.issuer(ISSUER)
                                .subject("alice")
                                .groups("admin")
                                .sign())),
                Arguments.of(
                        "wrong RSA key",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .sign(keyPair("RSA").getPrivate()))),
                Arguments.of(
                        "ES256 with an unrelated key",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups("admin")
                                .jws()
                                .algorithm(SignatureAlgorithm.ES256)
                                .sign(keyPair("EC").getPrivate()))),
                Arguments.of("tampered claims", of(() -> {
                    String[] parts = Tokens.token("alice", "viewer").split("\\.");
                    String forged = payload("alice", "[\"admin\"]");
                    return parts[0] + "." + B64.encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                            + parts[2];
                })),
                Arguments.of("tampered signature", of(() -> {
                    String token = Tokens.token("alice", "admin");
                    char last = token.charAt(token.length() - 5);
                    return token.substring(0, token.length() - 5)
                            + (last == 'A' ? 'B' : 'A')
                            + token.substring(token.length() - 4);
                })),
                Arguments.of(
                        "no groups",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .sign())),
                Arguments.of("unknown groups only", of(() -> Tokens.token("alice", "superuser", "root"))),
                Arguments.of(
                        "empty groups",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .subject("alice")
                                .groups(Set.of())
                                .sign())),
                Arguments.of(
                        "no subject",
                        of(() -> Jwt.issuer(ISSUER)
                                .audience(AUDIENCE)
                                .groups("admin")
                                .sign())),
                Arguments.of("garbage", of(() -> "garbage")),
                Arguments.of("three garbage segments", of(() -> "aaa.bbb.ccc")),
                Arguments.of("base64 of nothing useful", of(() -> B64.encodeToString(new byte[64]))),
                Arguments.of("oversized token", of(() -> "eyJ" + "A".repeat(16_000) + ".e30.sig")),
                Arguments.of(
                        "header only",
                        of(() -> B64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + ".")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void rejectsWith401(String attack, Supplier<String> token) {
        String value = token.get();
        given().header("Authorization", "Bearer " + value)
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + value)
                .contentType("application/json")
                .body("{\"job_name\": \"forged\", \"template\": \"local-smoke\"}")
                .post("/api/v1/jobs")
                .then()
                .statusCode(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingCredentials")
    void rejectsRequestsWithoutABearerToken(String what, String header) {
        var request = given();
        if (header != null) {
            request.header("Authorization", header);
        }
        request.get("/api/v1/jobs").then().statusCode(401);
    }

    static Stream<Arguments> missingCredentials() {
        return Stream.of(
                Arguments.of("no Authorization header", null),
                Arguments.of("empty bearer", "Bearer "),
                Arguments.of("basic credentials", "Basic YWRtaW46YWRtaW4="),
                Arguments.of("token without scheme", "eyJhbGciOiJub25lIn0.e30."));
    }

    @Test
    void aValidTokenIsAccepted() {
        given().header("Authorization", "Bearer " + Tokens.token("alice", "viewer"))
                .get("/api/v1/jobs")
                .then()
                .statusCode(200)
                .body("success", is(true));
    }

    @FunctionalInterface
    private interface ThrowingSupplier {
        String get() throws Exception;
    }
}
