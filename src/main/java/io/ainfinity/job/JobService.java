package io.ainfinity.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.backend.Backend;
import io.ainfinity.backend.BackendRegistry;
import io.ainfinity.backend.LogTail;
import io.ainfinity.job.InvalidRequestException.Violation;
import io.ainfinity.job.idempotency.LaunchReceipt;
import io.ainfinity.job.idempotency.ReceiptRequest;
import io.ainfinity.job.store.JobPage;
import io.ainfinity.job.store.JobQuery;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.security.Caller;
import io.ainfinity.skypilot.task.TaskRenderer;
import io.ainfinity.skypilot.task.TaskSpec;
import io.ainfinity.skypilot.task.TaskYaml;
import io.ainfinity.skypilot.task.TemplateCatalog;
import io.ainfinity.template.TemplateOptionsCatalog;

/**
 * What the API can ask of jobs. Reads come from the store only; launches and stops are recorded first and then
 * handed to the job's backend in the background, so a request never waits for a task or a cloud.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final TemplateCatalog templates;
    private final TemplateOptionsCatalog options;
    private final BackendRegistry backends;
    private final Clock clock;

    public JobService(
            JobStore store,
            JobLifecycle lifecycle,
            TemplateCatalog templates,
            TemplateOptionsCatalog options,
            BackendRegistry backends,
            Clock clock) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.options = options;
        this.backends = backends;
        this.clock = clock;
    }

    /** Rules a launch must meet beyond the shape of its body; empty when it may go ahead. */
    public List<Violation> check(LaunchCommand command) {
        List<Violation> violations = new ArrayList<>(SpecRules.check(command.spec()));
        String template = command.spec().template();
        if (templates.find(template).isEmpty()) {
            violations.add(new Violation(
                    "template",
                    "unknown template '%s'; known: %s"
                            .formatted(template, templates.all().keySet())));
        }
        options.find(template)
                .ifPresent(accepted ->
                        violations.addAll(accepted.check(command.spec().training())));
        return violations;
    }

    /** The accelerate config a launch of {@code template} gets when it names none. */
    public String defaultAccelerateConfig(String template) {
        return options.defaultAccelerateConfig(template);
    }

    public Uni<Job> launch(LaunchCommand command) {
        return launch(command, Optional.empty());
    }

    /** Launches, keeping a receipt of the answer in the job's own transaction when {@code idempotency} asks for one. */
    public Uni<Job> launch(LaunchCommand command, Optional<ReceiptRequest> idempotency) {
        List<Violation> violations = check(command);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new InvalidRequestException(violations));
        }
        JobSpec spec = command.spec();
        TaskSpec template = templates.find(spec.template()).orElseThrow();
        Backend backend = backends.forInfra(spec.resources().infra());
        TaskSpec task = TaskRenderer.overlay(template, command.jobName(), spec);
        Instant now = clock.instant();
        Job job = new Job(
                command.jobName(),
                command.owner(),
                backend.name(),
                JobStatus.PENDING,
                spec.isLocal() || spec.skyMode() == SkyMode.MANAGED ? null : command.jobName(),
                null,
                spec,
                TaskYaml.write(task),
                now,
                now,
                null,
                null,
                null,
                null,
                null,
                null,
                1,
                null);
        JobEvent created = new JobEvent(0, job.name(), 1, null, JobStatus.PENDING, now, "job created");
        Optional<LaunchReceipt> receipt = idempotency.map(r -> new LaunchReceipt(
                command.owner(),
                r.key(),
                r.requestHash(),
                job.name(),
                r.responseJson().apply(job),
                now));
        return store.insert(job, created, receipt)
                .invoke(stored -> backend.launch(stored, task)
                        .subscribe()
                        .with(ok -> {}, failure -> recordLaunchFailure(stored.name(), failure)));
    }

    /** The job, if the caller may see it: another owner's job is reported missing, never forbidden. */
    public Uni<Job> get(String jobName, Caller caller) {
        return store.find(jobName)
                .map(found -> found.filter(job -> caller.mayAccess(job.owner()))
                        .orElseThrow(() -> new JobNotFoundException(jobName)));
    }

    public Uni<JobPage> list(JobQuery query, Caller caller) {
        return store.list(query.forOwner(caller.ownerFilter()));
    }

    public Uni<Job> stop(String jobName, Caller caller) {
        return get(jobName, caller).flatMap(before -> {
            if (before.status().isTerminal()) {
                return Uni.createFrom()
                        .failure(new JobConflictException("job '%s' has already ended (%s)"
                                .formatted(jobName, before.status().wireName())));
            }
            if (before.status() == JobStatus.STOPPING) {
                return Uni.createFrom().item(before);
            }
            return lifecycle
                    .transition(jobName, JobStatus.STOPPING, "stop requested")
                    .invoke(stopping -> backends.named(before.backend())
                            .stop(before)
                            .subscribe()
                            .with(ok -> {}, failure -> LOG.warnf(failure, "job=%s stop failed", jobName)));
        });
    }

    public Uni<Job> delete(String jobName, Caller caller) {
        return get(jobName, caller).flatMap(job -> {
            if (!job.status().isTerminal()) {
                return Uni.createFrom()
                        .failure(new JobConflictException("job '%s' is %s; stop it before deleting it"
                                .formatted(jobName, job.status().wireName())));
            }
            return backends.named(job.backend())
                    .cleanup(job)
                    .flatMap(cleaned -> store.delete(jobName))
                    .replaceWith(job);
        });
    }

    /** The job's recorded events after {@code afterSeq}, if the caller may see the job. */
    public Uni<List<JobEvent>> events(String jobName, long afterSeq, int limit, Caller caller) {
        return get(jobName, caller).flatMap(job -> store.events(jobName, afterSeq, limit));
    }

    public Uni<LogTail> logs(String jobName, int tail, Caller caller) {
        return get(jobName, caller).flatMap(job -> backends.named(job.backend()).logs(job, tail));
    }

    private void recordLaunchFailure(String jobName, Throwable failure) {
        LOG.warnf("job=%s launch failed: %s", jobName, failure.getMessage());
        lifecycle
                .transition(jobName, JobStatus.FAILED, "launch failed: " + failure.getMessage())
                .subscribe()
                .with(ok -> {}, e -> LOG.debugf("job=%s launch failure not recorded: %s", jobName, e.getMessage()));
    }
}
