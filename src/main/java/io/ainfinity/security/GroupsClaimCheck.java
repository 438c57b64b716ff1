package io.ainfinity.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shape a token's {@code groups} claim must have before it is verified: absent, an array of strings, or one
 * string that is one role name. SmallRye JWT splits a string claim at spaces ({@code "viewer admin"} would become two
 * roles) and fails with a 500 on an object; here both are refused, so such a token is simply not a token (401). Pure.
 */
public final class GroupsClaimCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupsClaimCheck() {}

    /** Why the compact token's {@code groups} claim is unacceptable, if it is; a token that is not a JWS is left alone. */
    public static Optional<String> problem(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.of("the claims are not a JSON object");
        }
        if (claims == null || !claims.isObject()) {
            return Optional.of("the claims are not a JSON object");
        }
        JsonNode groups = claims.get("groups");
        if (groups == null) {
            return Optional.empty();
        }
        if (groups.isTextual()) {
            return groups.asText().chars().anyMatch(Character::isWhitespace)
                    ? Optional.of("groups is one string holding several names; give an array of role names")
                    : Optional.empty();
        }
        if (groups.isArray()) {
            for (JsonNode role : groups) {
                if (!role.isTextual()) {
                    return Optional.of("groups must hold only strings");
                }
            }
            return Optional.empty();
        }
        return Optional.of("groups must be an array of role names");
    }
}
