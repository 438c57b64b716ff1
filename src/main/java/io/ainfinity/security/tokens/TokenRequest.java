package io.ainfinity.security.tokens;

import java.util.List;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.ainfinity.security.Roles;

/** Body of {@code POST /api/v1/tokens}. */
@RegisterForReflection
@Schema(additionalProperties = Schema.False.class)
public record TokenRequest(
        @Schema(example = "ci-pipeline", description = "Service account name; the token's subject is service:<name>")
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", message = "must be 1-63 of a-z, 0-9 and -")
        String name,

        @Schema(
                type = SchemaType.ARRAY,
                implementation = Role.class,
                example = "[\"user\"]",
                description = "Any of admin, user, viewer")
        @NotEmpty(message = "must name at least one role")
        List<
                        @NotNull(message = "must be a role")
                        @Pattern(regexp = "admin|user|viewer", message = "must be admin, user or viewer") String>
                roles,

        @Schema(
                example = "90",
                description = "Lifetime in days; left out or null: 90. At most ainfinity.security.max-token-lifetime"
                        + " (365 days unless configured)")
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 3650, message = "must be at most 3650")
        Integer expiresInDays) {

    /** A role a token may carry. */
    @Schema(
            type = SchemaType.STRING,
            enumeration = {Roles.ADMIN, Roles.USER, Roles.VIEWER})
    static final class Role {}
}
