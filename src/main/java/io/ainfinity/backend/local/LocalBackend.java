package io.ainfinity.backend.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.job.Backend;
import io.ainfinity.job.IllegalTransitionException;
import io.ainfinity.job.Job;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.logs.LogFiles;
import io.ainfinity.logs.LogTail;
import io.ainfinity.logs.LogUpstream;
import io.ainfinity.process.CommandSpec;
import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.ProcessTree;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.task.Backends;
import io.ainfinity.task.TaskSpec;
import io.ainfinity.task.TemplateParser;

/**
 * Runs a task's setup and run on this host, under {@code <data>/runs/<job>/}, with the task's envs. The task runs in
 * a process group of its own, detached from request threads: nothing waits on it; its exit is observed through
 * {@link ProcessHandle#onExit()}, which also works for a task re-attached after a restart of the service.
 */
@ApplicationScoped
public class LocalBackend implements Backend {

    private static final Logger LOG = Logger.getLogger(LocalBackend.class);

    /** Every process of a task carries its run directory here, which is how they are told from other processes. */
    static final String RUN_DIR_ENV = "AINFINITY_RUN_DIR";

    private final Path runsRoot;
    private final Duration stopGrace;
    private final Set<String> inheritedEnv;
    private final JobLifecycle lifecycle;
    private final JobStore store;
    private final WorkerPool pool;
    private final LocalMetrics metrics;
    private final LocalRuns runs = new LocalRuns();

    public LocalBackend(
            AinfinityConfig config, JobLifecycle lifecycle, JobStore store, WorkerPool pool, LocalMetrics metrics) {
        this.runsRoot = config.dataDir().resolve("runs");
        this.stopGrace = config.local().stopGrace();
        this.inheritedEnv = config.local().inheritedEnv();
        this.lifecycle = lifecycle;
        this.store = store;
        this.pool = pool;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return Backends.LOCAL;
    }

    @Override
    public Uni<Void> launch(Job job) {
        String name = job.name();
        return lifecycle
                .transition(job, JobStatus.PROVISIONING, "starting the task on this host")
                .flatMap(provisioning -> pool.submit(() -> spawn(job)))
                .flatMap(handle -> store.compareAndSetRunRef(
                                name, null, RunRef.of(handle).toString())
                        .invoke(() -> follow(name, handle)))
                .replaceWithVoid()
                .onFailure(IllegalTransitionException.class)
                .recoverWithUni(stopped -> lifecycle
                        .transition(name, JobStatus.STOPPED, "stopped before the task started")
                        .replaceWithVoid());
    }

    @Override
    public Uni<Void> stop(Job before) {
        boolean launchInFlight = before.runRef() == null
                && (before.status() == JobStatus.PENDING || before.status() == JobStatus.PROVISIONING);
        return runs.requestStop(before.name())
                // The grace period is waited out on a timer, not on a worker: many stops at once must not starve
                // launches.
                .map(handle -> Uni.createFrom()
                        .completionStage(ProcessTree.terminateAsync(handle, stopGrace))
                        .replaceWithVoid())
                // A launch still under way sees the request when it attaches its process; otherwise nothing runs.
                .orElseGet(() -> launchInFlight
                        ? Uni.createFrom().voidItem()
                        : lifecycle
                                .transition(before.name(), JobStatus.STOPPED, "stopped; no task process was running")
                                .replaceWithVoid());
    }

    @Override
    public Path logFile(Job job) {
        return runDir(job.name()).log();
    }

    /** The task writes its log itself: there is nothing to start. */
    @Override
    public Optional<LogUpstream> followLog(Job job) {
        return Optional.of(LogUpstream.NONE);
    }

    @Override
    public Uni<LogTail> logs(Job job, int tail) {
        return pool.submit(() -> new LogTail(LogFiles.tail(runDir(job.name()).log(), tail)));
    }

    @Override
    public Uni<Void> cleanup(Job job) {
        runs.forget(job.name());
        metrics.forget(job.name());
        return pool.submit(() -> {
            runDir(job.name()).delete();
            return null;
        });
    }

    RunDir runDir(String jobName) {
        return RunDir.of(runsRoot, jobName);
    }

    LocalRuns runs() {
        return runs;
    }

    LocalMetrics metrics() {
        return metrics;
    }

    /** Watches a started (or re-attached) task until it exits; kills it at once if a stop came first. */
    void follow(String name, ProcessHandle handle) {
        metrics.start(name, runDir(name).log());
        if (!runs.attach(name, handle)) {
            ProcessTree.terminateAsync(handle, stopGrace).exceptionally(failure -> {
                LOG.warnf(failure, "job=%s could not be killed", name);
                return null;
            });
        }
        // Whatever the task left running in its group is ended before the outcome is recorded, so that an ended job
        // never has processes of its own still at work.
        handle.onExit()
                .thenCompose(exited -> ProcessTree.reapAsync(handle.pid(), runDirEnv(name), stopGrace))
                .thenRun(() -> finish(name)
                        .subscribe()
                        .with(ok -> {}, failure -> LOG.warnf(failure, "job=%s outcome could not be recorded", name)));
    }

    /** Records the final metrics, then the outcome, of a task whose process has ended. */
    Uni<Job> finish(String name) {
        RunDir dir = runDir(name);
        boolean stopRequested = runs.stopRequested(name);
        runs.forget(name);
        // Metrics first: whoever sees the job ended must also see its last values.
        return metrics.finish(name, dir.log())
                // A task quicker than the phase monitor ran all the same: it is seen running before it ends.
                .flatMap(recorded -> checkPhase(name).onFailure().recoverWithItem(false))
                .flatMap(seen -> store.find(name))
                .flatMap(found -> {
                    if (found.isEmpty() || found.get().status().isTerminal()) {
                        return Uni.createFrom().nullItem();
                    }
                    Outcome outcome = Outcome.of(found.get().status(), stopRequested, dir);
                    return lifecycle.transition(name, outcome.status(), outcome.message());
                });
    }

    Duration stopGrace() {
        return stopGrace;
    }

    /** The environment entry all processes of the job's task carry. */
    String runDirEnv(String name) {
        return RUN_DIR_ENV + "=" + runDir(name).path();
    }

    /**
     * Ends processes of tasks that no longer have a job to answer for them: left behind by a crash of this service
     * (a task whose leader died meanwhile, or one stopped just before the crash). Tasks being followed are spared.
     */
    void sweep() {
        Path root = runsRoot.toAbsolutePath().normalize();
        Set<String> followed = runs.followed();
        Map<Long, String> groups = new HashMap<>();
        ProcessTree.withEnv(RUN_DIR_ENV).forEach((process, runDir) -> {
            Path dir = Path.of(runDir).toAbsolutePath().normalize();
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            if (root.equals(dir.getParent()) && !followed.contains(name)) {
                LOG.warnf("job=%s pid %d of an ended task was still running; ending it", name, process.pid());
                groups.put(ProcessTree.groupOf(process), RUN_DIR_ENV + "=" + runDir);
            }
        });
        // All groups at once and in the background: each may take the whole grace period, which start-up (and the
        // liveness probe) must not wait for.
        groups.forEach(
                (group, entry) -> ProcessTree.reapAsync(group, entry, stopGrace).exceptionally(failure -> {
                    LOG.warnf(failure, "process group %d of an ended task could not be ended", group);
                    return null;
                }));
    }

    /** Called by the phase monitor: a task whose setup finished is running. Tells whether that was seen. */
    Uni<Boolean> checkPhase(String name) {
        return pool.submit(() -> runDir(name).phase().orElse("")).flatMap(phase -> {
            if (!"run".equals(phase)) {
                return Uni.createFrom().item(false);
            }
            return lifecycle
                    .transition(name, JobStatus.RUNNING, "setup finished")
                    .map(job -> true)
                    .onFailure(IllegalTransitionException.class)
                    .recoverWithItem(true);
        });
    }

    /** Runs the job's stored task: what was rendered and recorded at launch is exactly what runs. */
    private ProcessHandle spawn(Job job) throws Exception {
        TaskSpec task = TemplateParser.parse(job.name(), job.taskYaml());
        RunDir dir = runDir(job.name());
        dir.prepare(task);
        Map<String, String> env = new HashMap<>(task.envs());
        env.put(RUN_DIR_ENV, dir.path().toString());
        Path cwd = task.workdir() == null ? dir.path() : Path.of(task.workdir()).toAbsolutePath();
        CommandSpec spec =
                new CommandSpec(List.of("bash", dir.wrapper().toString()), env, cwd, Duration.ZERO, inheritedEnv);
        Process process = ProcessRunner.start(spec, dir.log());
        LOG.debugf("job=%s pid=%d started", job.name(), process.pid());
        return process.toHandle();
    }
}
