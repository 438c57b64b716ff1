package io.ainfinity.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.util.KeyUtils;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;

/** Tokens signed with the service's own key whose {@code groups} claim has the wrong shape: 401, never 500. */
@QuarkusTest
class GroupsClaimTest {

    /**
     * Signed with the service's test key by hand: the token builder itself refuses a groups claim that is not a string
     * or a list of strings, which an attacker holding a signing key would not care about.
     */
    private static String signed(Object groups) {
        try {
            long now = Instant.now().getEpochSecond();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", Tokens.ISSUER);
            claims.put("aud", Tokens.AUDIENCE);
            claims.put("sub", "mallory");
            claims.put("groups", groups);
            claims.put("iat", now);
            claims.put("exp", now + 3600);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(new ObjectMapper().writeValueAsString(claims));
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            jws.setKey(KeyUtils.readPrivateKey("keys/test-signing-key.pem"));
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    static Stream<Arguments> misshapen() {
        return Stream.of(
                Arguments.of("an object", Map.of("admin", true)),
                Arguments.of("one string holding two roles", "viewer admin"),
                Arguments.of("an array holding a number", List.of("admin", 1)),
                Arguments.of("a number", 7),
                Arguments.of("a boolean", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misshapen")
    void aMisshapenGroupsClaimIsNoTokenAtAll(String what, Object groups) {
        given().header("Authorization", "Bearer " + signed(groups))
                .get("/api/v1/jobs")
                .then()
                .statusCode(401);
    }

    @Test
    void oneStringIsOneRoleName() {
        given().header("Authorization", "Bearer " + signed("viewer"))
                .get("/api/v1/jobs")
                .then()
                .statusCode(200);
        // "viewer admin" is not split into two roles: it is one unknown role, so the token carries none.
        given().header("Authorization", "Bearer " + signed("viewer admin"))
                .get("/api/v1/tokens")
                .then()
                .statusCode(401);
    }
}
