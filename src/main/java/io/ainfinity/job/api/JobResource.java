package io.ainfinity.job.api;

import java.net.URI;
import java.util.ArrayList;
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
import jakarta.ws.rs.core.UriInfo;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobService;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.LaunchCommand;
import io.ainfinity.job.api.Responses.JobListResponse;
import io.ainfinity.job.api.Responses.JobResponse;
import io.ainfinity.job.api.Responses.LogsResponse;
import io.ainfinity.job.api.Responses.MetricsResponse;
import io.ainfinity.security.CallerResolver;
import io.ainfinity.security.Roles;
import io.ainfinity.security.ratelimit.LaunchBudget;

/** {@code /api/v1/jobs}: launch, read, stop and delete jobs. Every read is served from the store. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs")
public class JobResource {

    static final String TASK_YAML = "application/yaml";

    private final JobService jobs;
    private final IdempotentLaunches launches;
    private final Validator validator;
    private final CallerResolver callers;

    public JobResource(JobService jobs, IdempotentLaunches launches, Validator validator, CallerResolver callers) {
        this.jobs = jobs;
        this.launches = launches;
        this.validator = validator;
        this.callers = callers;
    }

    @POST
    @LaunchBudget
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(
            responseCode = "201",
            description = "The job is recorded as pending and its task starts in the background",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = JobResponse.class)),
            headers = {
                @Header(
                        name = "Location",
                        description = "The job's URL",
                        required = true,
                        schema = @Schema(type = SchemaType.STRING, format = "uri")),
                @Header(
                        name = IdempotentLaunches.REPLAYED_HEADER,
                        description = "true when this repeats the answer to an earlier launch with the same"
                                + " Idempotency-Key",
                        schema = @Schema(type = SchemaType.STRING, enumeration = "true"))
            })
    public Uni<RestResponse<JobResponse>> launch(
            LaunchRequest request,
            @Parameter(
                            description = "Makes retries safe: a repeat with the same key and body within 24 h gets"
                                    + " the first answer again (header Idempotent-Replayed: true) and launches"
                                    + " nothing; the same key with another body is refused with 422. Empty: no key",
                            schema = @Schema(type = SchemaType.STRING, pattern = IdempotentLaunches.KEY_REGEX))
                    @RestHeader(IdempotentLaunches.HEADER)
                    String idempotencyKey,
            UriInfo uri) {
        if (request == null) {
            throw InvalidRequestException.of("body", "a JSON object is required");
        }
        // The shape's faults travel with the command: the service reports them with its own, in one answer.
        List<Violation> shape = new ArrayList<>(BeanViolations.of(validator.validate(request)));
        shape.addAll(NullEntries.of(request));
        IdempotentLaunches.check(idempotencyKey).ifPresent(shape::add);
        LaunchCommand command = JobMapper.toCommand(request, callers.caller(), shape);
        return launches.launch(command, request, idempotencyKey).map(answer -> {
            URI location = uri.getBaseUriBuilder()
                    .path("api/v1/jobs")
                    .path(answer.body().jobInfo().jobName())
                    .build();
            RestResponse.ResponseBuilder<JobResponse> created =
                    RestResponse.ResponseBuilder.<JobResponse>created(location).entity(answer.body());
            if (answer.replayed()) {
                created.header(IdempotentLaunches.REPLAYED_HEADER, "true");
            }
            return created.build();
        });
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    public Uni<JobListResponse> list(
            @Parameter(
                            description = "Page size; empty or left out: 50",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.Limit.class))
                    @RestQuery
                    String limit,
            @Parameter(
                            description = "The next_cursor of the previous page; empty or left out: the first page",
                            schema = @Schema(implementation = WireSchemas.Cursor.class))
                    @RestQuery
                    String after,
            @Parameter(
                            description = "Only jobs in these statuses (comma-separated)",
                            style = ParameterStyle.FORM,
                            explode = Explode.FALSE,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = JobStatus.class))
                    @RestQuery
                    String status,
            @Parameter(
                            description = "Only jobs with this label (key=value); repeat it to require several",
                            schema = @Schema(type = SchemaType.ARRAY, implementation = WireSchemas.LabelSelector.class))
                    @RestQuery("label")
                    List<String> labels) {
        return jobs.list(ListParams.query(limit, after, status, labels), callers.caller())
                .map(page -> new JobListResponse(
                        true,
                        page.jobs().stream().map(JobInfo::of).toList(),
                        page.total(),
                        ListParams.cursor(page.nextAfterId())));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Path("{job_name}")
    public Uni<JobResponse> get(@RestPath("job_name") String jobName) {
        return jobs.get(jobName, callers.caller()).map(job -> new JobResponse(true, "job found", JobInfo.of(job)));
    }

    @DELETE
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("{job_name}")
    public Uni<JobResponse> stop(@RestPath("job_name") String jobName) {
        return jobs.stop(jobName, callers.caller())
                .map(job -> new JobResponse(true, "stop requested for job '%s'".formatted(jobName), JobInfo.of(job)));
    }

    @DELETE
    @RolesAllowed({Roles.ADMIN, Roles.USER})
    @Path("{job_name}/delete")
    public Uni<JobResponse> delete(@RestPath("job_name") String jobName) {
        return jobs.delete(jobName, callers.caller())
                .map(job -> new JobResponse(true, "job '%s' deleted".formatted(jobName), JobInfo.of(job)));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Path("{job_name}/logs")
    public Uni<LogsResponse> logs(
            @RestPath("job_name") String jobName,
            @Parameter(
                            description = "How many of the last lines; empty or left out: 100",
                            allowEmptyValue = true,
                            schema = @Schema(implementation = WireSchemas.Tail.class))
                    @RestQuery
                    String tail) {
        return jobs.logs(jobName, ListParams.tail(tail), callers.caller())
                .map(logs -> new LogsResponse(
                        true,
                        jobName,
                        String.join("\n", logs.lines()),
                        logs.lines().size()));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Path("{job_name}/metrics")
    public Uni<MetricsResponse> metrics(@RestPath("job_name") String jobName) {
        return jobs.get(jobName, callers.caller())
                .map(job -> new MetricsResponse(
                        true,
                        jobName,
                        job.status(),
                        LegacyMetricNames.training(job),
                        job.evaluationMetrics(),
                        job.gpuMetrics()));
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.USER, Roles.VIEWER})
    @Path("{job_name}/task")
    @Produces(TASK_YAML)
    @APIResponse(
            responseCode = "200",
            description = "The SkyPilot task rendered for the job, as YAML",
            content =
                    @Content(
                            mediaType = TASK_YAML,
                            schema =
                                    @Schema(
                                            type = SchemaType.OBJECT,
                                            description = "A SkyPilot task: name, resources, envs, setup, run, …")))
    public Uni<String> task(@RestPath("job_name") String jobName) {
        return jobs.get(jobName, callers.caller()).map(Job::taskYaml);
    }
}
