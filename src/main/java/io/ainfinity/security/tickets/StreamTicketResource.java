package io.ainfinity.security.tickets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.security.CallerResolver;
import io.ainfinity.security.Roles;

/**
 * {@code /api/v1/stream-tickets}: a short-lived credential for one event or log stream, to be sent as
 * {@code ?ticket=} by a client that cannot send an {@code Authorization} header (a browser's {@code EventSource}).
 */
@Path("/api/v1/stream-tickets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@Tag(name = "events")
public class StreamTicketResource {

    /** Body of {@code POST /api/v1/stream-tickets}. */
    @RegisterForReflection
    @Schema(additionalProperties = Schema.False.class)
    public record TicketRequest(
            @Schema(
                    required = true,
                    example = "/api/v1/jobs/smoke-1/logs/stream",
                    description = "The stream the ticket opens: /api/v1/events/stream, or a job's"
                            + " /api/v1/jobs/{job_name}/events/stream or /api/v1/jobs/{job_name}/logs/stream")
            String path) {}

    @RegisterForReflection
    public record TicketResponse(
            @Schema(required = true) boolean success,

            @Schema(required = true, description = "Send as ?ticket= on the stream's URL, for reconnects too")
            String ticket,

            @Schema(required = true) String path,

            @Schema(required = true, description = "After this, the stream's URL answers 401: mint another")
            String expiresAt) {}

    private final StreamTickets tickets;
    private final CallerResolver callers;
    private final SecurityIdentity identity;

    public StreamTicketResource(StreamTickets tickets, CallerResolver callers, SecurityIdentity identity) {
        this.tickets = tickets;
        this.callers = callers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "A ticket for the stream, valid for reconnects until it expires",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = TicketResponse.class)),
            headers =
                    @Header(
                            name = "Cache-Control",
                            required = true,
                            schema = @Schema(type = SchemaType.STRING, enumeration = "no-store")))
    public RestResponse<TicketResponse> mint(TicketRequest request) {
        if (request == null) {
            throw InvalidRequestException.of("body", "a JSON object is required");
        }
        if (request.path() == null || request.path().isBlank()) {
            throw InvalidRequestException.of("path", "is required");
        }
        if (!StreamPaths.isStream(request.path())) {
            throw InvalidRequestException.of(
                    "path",
                    "must be /api/v1/events/stream, /api/v1/jobs/{job_name}/events/stream or"
                            + " /api/v1/jobs/{job_name}/logs/stream");
        }
        // Whether the caller may read that job is decided when the stream is opened, as for a bearer token: a
        // ticket carries the caller's rights, never more, so minting one reveals nothing about the job.
        StreamTickets.Minted minted = tickets.mint(identity, callers.caller().subject(), request.path());
        return RestResponse.ResponseBuilder.<TicketResponse>create(RestResponse.Status.CREATED)
                .entity(new TicketResponse(
                        true,
                        minted.text(),
                        request.path(),
                        minted.ticket().expiresAt().toString()))
                .header("Cache-Control", "no-store")
                .build();
    }
}
