package io.ainfinity.job.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.ainfinity.http.Problem;
import io.ainfinity.job.ServiceUnavailableException;
import io.ainfinity.job.logs.LogFeeds;

/** Answers 503 with Retry-After, before a {@link ReplaysLog} stream opens, while the pool that replays logs is full. */
public class LogCapacityFilter {

    private final LogFeeds logs;

    public LogCapacityFilter(LogFeeds logs) {
        this.logs = logs;
    }

    @ReplaysLog
    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        try {
            logs.checkCapacity();
            return null;
        } catch (ServiceUnavailableException full) {
            return Response.status(503)
                    .type(Problem.MEDIA_TYPE)
                    .header("Retry-After", full.retryAfter().toSeconds())
                    .entity(Problem.of(
                            503,
                            "Service Unavailable",
                            full.getMessage(),
                            "/" + request.getUriInfo().getPath().replaceFirst("^/", ""),
                            null))
                    .build();
        }
    }
}
