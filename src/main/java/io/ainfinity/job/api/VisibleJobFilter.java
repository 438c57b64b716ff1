package io.ainfinity.job.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.http.Problem;
import io.ainfinity.job.JobService;
import io.ainfinity.security.CallerResolver;

/** Answers 404 (as a problem) before a {@link VisibleJob} stream opens on a job the caller cannot see. */
public class VisibleJobFilter {

    private final JobService jobs;
    private final CallerResolver callers;

    public VisibleJobFilter(JobService jobs, CallerResolver callers) {
        this.jobs = jobs;
        this.callers = callers;
    }

    @VisibleJob
    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String jobName = request.getUriInfo().getPathParameters().getFirst("job_name");
        return jobs.get(jobName, callers.caller())
                .map(job -> (Response) null)
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
