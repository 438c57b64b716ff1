package io.ainfinity.support;

import java.util.Set;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/** Real tokens for tests, signed with the test-only key that the test profile verifies against. */
public final class Tokens {

    public static final String ISSUER = "ainfinity";
    public static final String AUDIENCE = "ainfinity";

    private Tokens() {}

    public static String token(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .groups(Set.of(roles))
                .expiresIn(3600)
                .sign();
    }

    public static String admin() {
        return token("root", "admin");
    }

    /** A request spec that sends {@code token} as a bearer token. */
    public static RequestSpecification bearer(String token) {
        return new RequestSpecBuilder()
                .addHeader("Authorization", "Bearer " + token)
                .build();
    }
}
