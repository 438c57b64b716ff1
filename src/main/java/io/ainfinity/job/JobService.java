package io.ainfinity.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.backend.Backend;
import io.ainfinity.backend.BackendRegistry;
import io.ainfinity.backend.LaunchReservation;
import io.ainfinity.backend.LogTail;
import io.ainfinity.config.AinfinityConfig;
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
    private final EnvPolicy envs;
    private final Set<String> remoteCodeModels;
    private final Set<String> localRoles;

    public JobService(
            JobStore store,
            JobLifecycle lifecycle,
            TemplateCatalog templates,
            TemplateOptionsCatalog options,
            BackendRegistry backends,
            Clock clock,
            AinfinityConfig config) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.options = options;
        this.backends = backends;
        this.clock = clock;
        this.envs = EnvPolicy.of(config);
        this.remoteCodeModels = config.jobs().remoteCodeModels().orElse(Set.of());
        this.localRoles = Set.copyOf(config.local().launchRoles());
    }

    /**
     * Rules a launch must meet beyond the shape of its body; empty when it may go ahead.
     *
     * @throws LaunchNotPermittedException when the caller's roles may not run the task where it asks to run
     */
    public List<Violation> check(LaunchCommand command) {
        JobSpec spec = command.spec();
        if (spec.isLocal() && !command.caller().hasAnyRole(localRoles)) {
            throw new LaunchNotPermittedException(
                    "resources.infra",
                    "infra 'local' runs the task on this service's own host; here only the roles %s may use it"
                                    .formatted(new TreeSet<>(localRoles))
                            + " (ainfinity.local.launch-roles)");
        }
        String template = spec.template();
        Optional<TaskSpec> found = templates.find(template);
        List<Violation> violations = new ArrayList<>(SpecRules.check(spec, envs, declaredEnvs(found)));
        if (found.isEmpty()) {
            violations.add(new Violation(
                    "template",
                    "unknown template '%s'; known: %s"
                            .formatted(template, templates.all().keySet())));
        }
        options.find(template)
                .ifPresent(accepted -> violations.addAll(accepted.check(spec.training(), remoteCodeModels)));
        return violations;
    }

    /** A template's own variables, less the one the service sets from {@code training.accelerate_config}. */
    public static Set<String> declaredEnvs(Optional<TaskSpec> template) {
        Set<String> names = new TreeSet<>(template.map(t -> t.envs().keySet()).orElse(Set.of()));
        names.remove(TaskRenderer.ACCELERATE_CONFIG_ENV);
        return names;
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
        // Names are the owner's; SkyPilot and the run directory see the key, which is unique across owners.
        String key = JobKeys.of(command.owner(), command.jobName());
        TaskSpec task = TaskRenderer.overlay(template, key, spec);
        Instant now = clock.instant();
        Job job = new Job(
                key,
                command.owner(),
                backend.name(),
                JobStatus.PENDING,
                spec.isLocal() || spec.skyMode() == SkyMode.MANAGED ? null : key,
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
                null,
                command.jobName());
        JobEvent created = new JobEvent(0, job.name(), 1, null, JobStatus.PENDING, now, "job created");
        Optional<LaunchReceipt> receipt = idempotency.map(r -> new LaunchReceipt(
                command.owner(),
                r.key(),
                r.requestHash(),
                job.name(),
                r.responseJson().apply(job),
                now));
        // The backend's place for the launch is taken before the insert, so a launch it cannot take leaves no job.
        return Uni.createFrom().deferred(() -> {
            LaunchReservation reservation = backend.reserveLaunch();
            return store.insert(job, created, receipt)
                    .invoke(stored -> backend.launch(stored, task)
                            .subscribe()
                            .with(ok -> {}, failure -> recordLaunchFailure(stored.name(), failure)))
                    .onTermination()
                    .invoke(reservation::close);
        });
    }

    /**
     * The job its owner calls {@code jobName}, if the caller may see it: another owner's job is reported missing, never
     * forbidden. An admin, who sees every owner's jobs, gets its own job of that name first, else the only one; when
     * several owners use the name, the answer lists their jobs' keys, by which an admin can address each.
     */
    public Uni<Job> get(String jobName, Caller caller) {
        return store.findByName(jobName, caller.ownerFilter()).map(found -> pick(found, jobName, caller));
    }

    private static Job pick(List<Job> found, String jobName, Caller caller) {
        List<Job> named =
                found.stream().filter(job -> job.displayName().equals(jobName)).toList();
        List<Job> candidates = named.isEmpty()
                ? found.stream().filter(job -> job.name().equals(jobName)).toList()
                : named;
        if (candidates.isEmpty()) {
            throw new JobNotFoundException(jobName);
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        return candidates.stream()
                .filter(job -> job.owner().equals(caller.subject()))
                .findFirst()
                .orElseThrow(() -> {
                    String keys = candidates.stream()
                            .map(job -> job.owner() + " → " + job.name())
                            .collect(Collectors.joining(", "));
                    return new JobConflictException("several owners have a job named '%s'; address one by its key: %s"
                            .formatted(jobName, keys));
                });
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
                    .transition(before.name(), JobStatus.STOPPING, "stop requested")
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
                    .flatMap(cleaned -> store.delete(job.name()))
                    .replaceWith(job);
        });
    }

    /** The job's recorded events after {@code afterSeq}, if the caller may see the job. */
    public Uni<List<JobEvent>> events(String jobName, long afterSeq, int limit, Caller caller) {
        return get(jobName, caller).flatMap(job -> store.events(job.name(), afterSeq, limit));
    }

    public Uni<LogTail> logs(String jobName, int tail, Caller caller) {
        return get(jobName, caller).flatMap(job -> backends.named(job.backend()).logs(job, tail));
    }

    private void recordLaunchFailure(String jobName, Throwable failure) {
        String reason = LogText.oneLine(failure.getMessage());
        LOG.warnf("job=%s launch failed: %s", jobName, reason);
        lifecycle
                .transition(jobName, JobStatus.FAILED, "launch failed: " + reason)
                .subscribe()
                .with(ok -> {}, e -> LOG.debugf("job=%s launch failure not recorded: %s", jobName, e.getMessage()));
    }
}
