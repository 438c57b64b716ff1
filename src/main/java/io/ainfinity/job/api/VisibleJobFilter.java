package io.ainfinity.job.api;

import java.util.function.Supplier;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.http.Problem;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobService;
import io.ainfinity.security.CallerResolver;

/** Answers 404 (as a problem) before a {@link VisibleJob} stream opens on a job the caller cannot see. */
public class VisibleJobFilter {

    private static final String FOUND = "ainfinity.visible-job";

    private final JobService jobs;
    private final CallerResolver callers;
    private final CurrentVertxRequest current;

    public VisibleJobFilter(JobService jobs, CallerResolver callers, CurrentVertxRequest current) {
        this.jobs = jobs;
        this.callers = callers;
        this.current = current;
    }

    /** The job this filter found, for the stream to start from instead of reading it from the store again. */
    static Uni<Job> found(RoutingContext ctx, Supplier<Uni<Job>> lookup) {
        Job job = ctx.get(FOUND);
        return job != null ? Uni.createFrom().item(job) : lookup.get();
    }

    @VisibleJob
    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String jobName = request.getUriInfo().getPathParameters().getFirst("job_name");
        // Taken here, on the request's thread: the lookup completes on a store thread.
        RoutingContext routing = current.getCurrent();
        return jobs.get(jobName, callers.caller())
                .map(job -> {
                    routing.put(FOUND, job);
                    return (Response) null;
                })
                .onFailure(ResourceNotFoundException.class)
                .recoverWithItem(missing -> Response.status(404)
                        .type(Problem.MEDIA_TYPE)
                        .entity(Problem.of(
                                404,
                                "Not Found",
                                ((ResourceNotFoundException) missing).code(),
                                missing.getMessage(),
                                "/" + request.getUriInfo().getPath().replaceFirst("^/", ""),
                                null))
                        .build());
    }
}
