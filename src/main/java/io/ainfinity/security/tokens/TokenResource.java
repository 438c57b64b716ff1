package io.ainfinity.security.tokens;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.http.FieldPaths;
import io.ainfinity.security.CallerResolver;
import io.ainfinity.security.Roles;

/** {@code /api/v1/tokens}: service tokens for automation, minted and revoked by admins. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "tokens")
public class TokenResource {

    /** Response bodies. {@code token} appears only in the answer to minting. */
    @RegisterForReflection
    public record MintResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) String token,
            @Schema(required = true) ServiceToken tokenInfo) {}

    @RegisterForReflection
    public record TokenResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) ServiceToken tokenInfo) {}

    @RegisterForReflection
    public record TokenListResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) List<ServiceToken> tokens) {}

    private static final int DEFAULT_DAYS = 90;

    private final TokenService tokens;
    private final CallerResolver callers;
    private final Validator validator;

    public TokenResource(TokenService tokens, CallerResolver callers, Validator validator) {
        this.tokens = tokens;
        this.callers = callers;
        this.validator = validator;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "The token, shown this once, and what is kept of it",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = MintResponse.class)),
            headers =
                    @Header(
                            name = "Cache-Control",
                            required = true,
                            schema = @Schema(type = SchemaType.STRING, enumeration = "no-store")))
    public Uni<RestResponse<MintResponse>> mint(TokenRequest request) {
        if (request == null) {
            throw InvalidRequestException.of("body", "a JSON object is required");
        }
        List<Violation> violations = validator.validate(request).stream()
                .map(v -> new Violation(FieldPaths.fromPropertyPath(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        int days = request.expiresInDays() == null ? DEFAULT_DAYS : request.expiresInDays();
        List<String> roles = request.roles().stream().distinct().sorted().toList();
        return tokens.mint(
                        request.name(),
                        roles,
                        Duration.ofDays(days),
                        callers.caller().subject())
                .map(minted -> RestResponse.ResponseBuilder.<MintResponse>create(RestResponse.Status.CREATED)
                        .entity(new MintResponse(true, minted.token(), minted.info()))
                        .header("Cache-Control", "no-store")
                        .build());
    }

    @GET
    public Uni<TokenListResponse> list() {
        return tokens.list().map(all -> new TokenListResponse(true, all));
    }

    @GET
    @Path("{id}")
    public Uni<TokenResponse> get(@RestPath String id) {
        return tokens.get(id).map(t -> new TokenResponse(true, t));
    }

    @DELETE
    @Path("{id}")
    public Uni<TokenResponse> revoke(@RestPath String id) {
        return tokens.revoke(id).map(t -> new TokenResponse(true, t));
    }
}
