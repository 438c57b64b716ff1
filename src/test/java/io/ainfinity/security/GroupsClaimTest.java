package io.ainfinity.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.ainfinity.support.Tokens;

import static io.restassured.RestAssured.given;

/** Tokens signed with the service's own key whose {@code groups} claim has the wrong shape: 401, never 500. */
@QuarkusTest
class GroupsClaimTest {

    private static String signed(Object groups) {
        JwtClaimsBuilder claims =
                Jwt.issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("mallory");
        return claims.claim("groups", groups).expiresIn(3600).sign();
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
