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
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.errors.ConflictException;
import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.errors.NotPermittedException;
import io.ainfinity.errors.ResourceNotFoundException;
import io.ainfinity.job.idempotency.LaunchReceipt;
import io.ainfinity.job.store.JobPage;
import io.ainfinity.job.store.JobQuery;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.logs.LogTail;
import io.ainfinity.security.Caller;
import io.ainfinity.task.Backends;
import io.ainfinity.task.EnvPolicy;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.SkyMode;
import io.ainfinity.task.SpecRules;
import io.ainfinity.task.TaskRenderer;
import io.ainfinity.task.TaskSpec;
import io.ainfinity.task.TaskYaml;
import io.ainfinity.task.TemplateOptions;
import io.ainfinity.template.TemplateCatalog;
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
    private final Event<JobEventRecorded.Created> created;
    private final EnvPolicy envs;
    private final LaunchDefaults defaults;
    private final Set<String> remoteCodeModels;
    private final LocalLaunches local;

    public JobService(
            JobStore store,
            JobLifecycle lifecycle,
            TemplateCatalog templates,
            TemplateOptionsCatalog options,
            BackendRegistry backends,
            Clock clock,
            Event<JobEventRecorded.Created> created,
            AinfinityConfig config,
            LeaderElection election) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.templates = templates;
        this.options = options;
        this.backends = backends;
        this.clock = clock;
        this.created = created;
        this.envs = envPolicy(config);
        this.defaults = new LaunchDefaults(
                config.jobs().defaultInfra(),
                config.jobs().defaultTemplate(),
                config.skypilot().defaultMode(),
                TemplateOptions.accelerateDefaults(options.all()),
                TemplateOptions.templatesByAccelerateConfig(options.all()));
        this.remoteCodeModels = config.jobs().remoteCodeModels().orElse(Set.of());
        this.local = LocalLaunches.of(config, election.replica());
    }

    /** Which variables a launch may set, as this service's configuration says. */
    public static EnvPolicy envPolicy(AinfinityConfig config) {
        return new EnvPolicy(
                config.jobs().allowedEnvs(),
                Set.copyOf(config.skypilot().secrets().orElse(List.of())));
    }

    /** A template's own variables, less the one the service sets from {@code training.accelerate_config}. */
    public static Set<String> declaredEnvs(Optional<TaskSpec> template) {
        Set<String> names = new TreeSet<>(template.map(t -> t.envs().keySet()).orElse(Set.of()));
        names.remove(TaskRenderer.ACCELERATE_CONFIG_ENV);
        return names;
    }

    /** Checks, completes and records a launch, then hands it to its backend in the background. */
    public Uni<Job> launch(LaunchCommand command) {
        return Uni.createFrom().item(() -> prepare(command)).flatMap(job -> record(job, Optional.empty()));
    }

    /**
     * The job a launch would record: defaults applied, every rule checked once, its task rendered. Nothing is stored
     * yet, so a caller can build its answer from the job before recording it ({@link #record}).
     *
     * @throws InvalidRequestException naming every bad field, the request's shape included
     * @throws NotPermittedException when the caller's roles may not run the task where it asks to run
     * @throws InvalidRequestException as well when this deployment takes no local launches ({@link LocalLaunches})
     */
    public Job prepare(LaunchCommand command) {
        JobSpec spec = defaults.apply(command.spec());
        local.check(spec, command.caller());
        Optional<TaskSpec> template = templates.find(spec.template());
        List<Violation> violations = new ArrayList<>(command.shapeViolations());
        violations.addAll(SpecRules.check(spec, envs, declaredEnvs(template)));
        if (template.isEmpty()) {
            violations.add(new Violation(
                    "template",
                    "unknown template '%s'; known: %s"
                            .formatted(spec.template(), templates.all().keySet())));
        }
        options.find(spec.template())
                .ifPresent(accepted -> violations.addAll(accepted.check(spec.training(), remoteCodeModels)));
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        // Names are the owner's; SkyPilot and the run directory see the key, which is unique across owners.
        String key = JobKeys.of(command.owner(), command.jobName());
        Instant now = clock.instant();
        return Job.builder()
                .name(key)
                .owner(command.owner())
                .backend(Backends.forInfra(spec.resources().infra()))
                .status(JobStatus.PENDING)
                .clusterName(spec.isLocal() || spec.skyMode() == SkyMode.MANAGED ? null : key)
                .spec(spec)
                .taskYaml(TaskYaml.write(TaskRenderer.overlay(template.get(), key, spec)))
                .createdAt(now)
                .updatedAt(now)
                .lastSeq(1)
                .displayName(command.jobName())
                .replica(local.owner(spec))
                .build();
    }

    /**
     * Records a prepared job with its first event (and the receipt of its answer, in the same transaction, when the
     * launch carried an idempotency key), then hands the stored job to its backend.
     *
     * @throws io.ainfinity.errors.ServiceUnavailableException when the job's backend takes no launches now or its line
     *     of launches is full: nothing is recorded
     */
    public Uni<Job> record(Job job, Optional<LaunchReceipt> receipt) {
        Backend backend = backends.forInfra(job.spec().resources().infra());
        JobEvent first = new JobEvent(0, job.name(), 1, null, JobStatus.PENDING, job.createdAt(), "job created");
        // The backend's place for the launch is taken before the insert, so a launch it cannot take leaves no job.
        return Uni.createFrom().deferred(() -> {
            LaunchReservation reservation = backend.reserveLaunch();
            return store.insert(job, first, receipt)
                    .invoke(stored -> created.fire(new JobEventRecorded.Created(stored.name())))
                    .invoke(stored -> backend.launch(stored)
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
            throw new ResourceNotFoundException(jobName);
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
                    return new ConflictException("several owners have a job named '%s'; address one by its key: %s"
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
                        .failure(new ConflictException("job '%s' has already ended (%s)"
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
                        .failure(new ConflictException("job '%s' is %s; stop it before deleting it"
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
