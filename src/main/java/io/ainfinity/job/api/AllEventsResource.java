package io.ainfinity.job.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.ainfinity.job.events.EventStreams;
import io.ainfinity.job.events.Resume;
import io.ainfinity.job.events.StreamItem;
import io.ainfinity.security.Caller;
import io.ainfinity.security.CallerResolver;
import io.ainfinity.security.Roles;
import io.ainfinity.security.ratelimit.StreamSlots;

/** {@code /api/v1/events/stream}: the events of every job the caller may see, with ids from a global sequence. */
@Path("/api/v1/events")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@Tag(name = "events")
public class AllEventsResource {

    private final EventStreams streams;
    private final CallerResolver callers;
    private final ObjectMapper json;
    private final StreamSlots slots;

    public AllEventsResource(EventStreams streams, CallerResolver callers, ObjectMapper json, StreamSlots slots) {
        this.slots = slots;
        this.streams = streams;
        this.callers = callers;
        this.json = json;
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(
            responseCode = "200",
            description = "Events of every job the caller may see, with ids from a global sequence; without"
                    + " Last-Event-ID or after, from the moment of connecting (after=0 replays the whole history)",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = WireSchemas.JobStreamEvent.class)))
    public Multi<OutboundSseEvent> stream(
            @Parameter(
                            description = "Resume after this event (the id: of the last event received)",
                            schema = @Schema(implementation = WireSchemas.LastEventId.class))
                    @RestHeader("Last-Event-ID")
                    String lastEventId,
            @Parameter(
                            description = "Resume after this event id (Last-Event-ID wins when both are sent)",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.EventId.class))
                    @RestQuery
                    String after,
            @Context Sse sse,
            @Context RoutingContext ctx) {
        Caller caller = callers.caller();
        // Without a cursor the stream starts now: replaying the whole history of every job is asked for with after=0.
        boolean fromNow = Resume.absent(lastEventId, after);
        Multi<StreamItem> items = fromNow
                ? streams.allFromNow(caller.ownerFilter())
                : streams.all(caller.ownerFilter(), Resume.from(lastEventId, after));
        return slots.hold(caller.subject(), SseEvents.write(SseEvents.untilClosed(items, ctx), sse, json));
    }
}
