package io.ainfinity.job.api;

import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.ainfinity.job.JobService;
import io.ainfinity.job.events.EventPayload;
import io.ainfinity.job.events.EventStreams;
import io.ainfinity.job.events.Resume;
import io.ainfinity.job.events.StreamItem;
import io.ainfinity.job.logs.LogFeeds;
import io.ainfinity.security.Caller;
import io.ainfinity.security.CallerResolver;
import io.ainfinity.security.Roles;
import io.ainfinity.security.ratelimit.StreamSlots;

/**
 * Job events: the recorded history as JSON, and live streams (server-sent events) that resume from Last-Event-ID
 * (or {@code ?after=}), send a heartbeat comment while idle, and end after a job's terminal event.
 */
@Path("/api/v1/jobs")
@RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
@Tag(name = "events")
public class EventResource {

    /** The history of a job's events. */
    @RegisterForReflection
    public record EventsResponse(
            @Schema(required = true) boolean success,
            @Schema(required = true) String jobName,
            @Schema(required = true) List<EventPayload> events,

            @Schema(description = "The after of the next page; null on the last page")
            Long nextAfter) {}

    private final JobService jobs;
    private final EventStreams streams;
    private final CallerResolver callers;
    private final ObjectMapper json;
    private final LogFeeds logs;
    private final StreamSlots slots;

    public EventResource(
            JobService jobs,
            EventStreams streams,
            CallerResolver callers,
            ObjectMapper json,
            LogFeeds logs,
            StreamSlots slots) {
        this.jobs = jobs;
        this.streams = streams;
        this.callers = callers;
        this.json = json;
        this.logs = logs;
        this.slots = slots;
    }

    @GET
    @Path("{job_name}/events")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<EventsResponse> history(
            @RestPath("job_name") String jobName,
            @Parameter(
                            description = "Events after this sequence number (the next_after of the previous page)",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.EventId.class))
                    @RestQuery
                    String after,
            @Parameter(
                            description = "Page size; empty or left out: 50",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.Limit.class))
                    @RestQuery
                    String limit) {
        long from = Resume.from(null, after);
        int size = ListParams.limit(limit);
        return jobs.events(jobName, from, size + 1, callers.caller()).map(events -> {
            boolean more = events.size() > size;
            List<EventPayload> page =
                    events.stream().limit(size).map(EventPayload::of).toList();
            Long next = more ? page.get(page.size() - 1).seq() : null;
            return new EventsResponse(true, jobName, page, next);
        });
    }

    @GET
    @VisibleJob
    @Path("{job_name}/events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(
            responseCode = "200",
            description = "The job's events from the resume point on; ends after the job's terminal event",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = WireSchemas.JobStreamEvent.class)))
    public Multi<OutboundSseEvent> jobStream(
            @RestPath("job_name") String jobName,
            @Parameter(
                            description = "Resume after this event (the id: of the last event received)",
                            schema = @Schema(implementation = WireSchemas.LastEventId.class))
                    @RestHeader("Last-Event-ID")
                    String lastEventId,
            @Parameter(
                            description = "Resume after this event, for clients that cannot send Last-Event-ID (which"
                                    + " wins when both are sent)",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.EventId.class))
                    @RestQuery
                    String after,
            @Context Sse sse,
            @Context RoutingContext ctx) {
        long from = Resume.from(lastEventId, after);
        // The job is looked up first, so an unknown job is a 404 problem before the stream opens.
        Caller caller = callers.caller();
        Multi<StreamItem> items = VisibleJobFilter.found(ctx, () -> jobs.get(jobName, caller))
                .onItem()
                .transformToMulti(job -> streams.job(job.name(), from));
        return slots.hold(caller.subject(), SseEvents.write(SseEvents.untilClosed(items, ctx), sse, json));
    }

    /**
     * The job's log as server-sent events, one line each ({@code id:} the line number): the last {@code tail} lines,
     * then new lines as they are written; ends when the job has ended and its log is drained.
     */
    @GET
    @VisibleJob
    @ReplaysLog
    @Path("{job_name}/logs/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(
            responseCode = "200",
            description =
                    "The log's lines from the resume point on; ends when the job has ended and its log is drained",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema = @Schema(implementation = WireSchemas.LogStreamEvent.class)))
    public Multi<OutboundSseEvent> logStream(
            @RestPath("job_name") String jobName,
            @Parameter(
                            description = "Resume after this line (the id: of the last line received)",
                            schema = @Schema(implementation = WireSchemas.LastEventId.class))
                    @RestHeader("Last-Event-ID")
                    String lastEventId,
            @Parameter(
                            description = "How many of the last lines to send first, without Last-Event-ID; empty:"
                                    + " as if left out",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.Tail.class))
                    @RestQuery
                    String tail,
            @Parameter(
                            description = "Resume after this line, for clients that cannot send Last-Event-ID (which"
                                    + " wins when both are sent); tail is then ignored",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.EventId.class))
                    @RestQuery
                    String after,
            @Context Sse sse,
            @Context RoutingContext ctx) {
        // A browser's EventSource sends Last-Event-ID only on its own reconnects; one reopened with a fresh ticket
        // resumes with ?after=.
        Long resume = Resume.absent(lastEventId, after) ? null : Resume.from(lastEventId, after);
        int lines = ListParams.tail(tail);
        Caller caller = callers.caller();
        Multi<StreamItem> items = VisibleJobFilter.found(ctx, () -> jobs.get(jobName, caller))
                .onItem()
                .transformToMulti(job -> logs.stream(job, resume, lines, ctx.request()));
        return slots.hold(caller.subject(), SseEvents.write(SseEvents.untilClosed(items, ctx), sse, json));
    }
}
