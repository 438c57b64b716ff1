package io.ainfinity.support;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.ainfinity.job.Job;
import io.ainfinity.job.JobEvent;
import io.ainfinity.job.JobLifecycle;
import io.ainfinity.job.JobStatus;
import io.ainfinity.job.store.JdbcJobStore;
import io.ainfinity.job.store.JobStore;
import io.ainfinity.leader.LeaderElection;
import io.ainfinity.process.ProcessRunner;
import io.ainfinity.process.WorkerPool;
import io.ainfinity.skypilot.ReconcilePacer;
import io.ainfinity.skypilot.Reconciler;
import io.ainfinity.skypilot.SkyAvailability;
import io.ainfinity.skypilot.SkyCli;
import io.ainfinity.skypilot.SkyFiles;
import io.ainfinity.skypilot.SkyOps;
import io.ainfinity.skypilot.SkyPilotBackend;
import io.ainfinity.skypilot.SkySettings;
import io.ainfinity.store.Database;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.SkyMode;

/**
 * The SkyPilot backend and reconciler wired by hand, without Quarkus: a SQLite store, the real process runner, and a
 * {@code sky} double with a state directory of its own. {@link #restart()} builds a new backend and reconciler on the
 * same store and double, as a restarted service would have.
 */
public final class SkyRig implements AutoCloseable {

    public final SkyDouble sky;
    private final WorkerPool storePool;
    public final JdbcJobStore store;
    public final JobLifecycle lifecycle;
    /** Reads of job rows by the backend, the reconciler and the lifecycle (the test's own reads not counted). */
    public final ReadCounter reads = new ReadCounter();

    private final JobStore counted;
    public final SkyCli cli;
    private final Path dir;
    private final WorkerPool processes = new WorkerPool("rig-process", 8, 64);
    private final ProcessRunner runner = new ProcessRunner(processes);
    private final Clock clock = Clock.systemUTC();
    private final DataSource dataSource;
    private int restarts;
    private SkyPilotBackend backend;
    private Reconciler reconciler;

    public SkyRig(Path dir, Map<String, String> doubleEnv) {
        this.dir = dir;
        this.sky = new SkyDouble(dir.resolve("sky-state"));
        this.dataSource = SqliteFiles.migrated(dir.resolve("jobs.db"));
        this.storePool = new WorkerPool("rig-store", 4, 10_000);
        this.store = new JdbcJobStore(dataSource, storePool);
        this.counted = reads.around(store);
        this.lifecycle = new JobLifecycle(counted, clock, new NoEvents<>());
        Map<String, String> env = new java.util.HashMap<>(doubleEnv);
        env.put("SKY_DOUBLE_STATE", sky.state().toString());
        env.put("SKYPILOT_DISABLE_USAGE_COLLECTION", "1");
        this.cli = new SkyCli(
                runner,
                new SkySettings(
                        SkyDouble.SCRIPT.toString(),
                        env,
                        Map.of(),
                        List.of(),
                        15,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        "0.14.1"));
        restart();
    }

    /** A new backend and reconciler on the same store and double, as after a restart of the service. */
    public void restart() {
        ReconcilePacer pacer = new ReconcilePacer(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);
        backend = new SkyPilotBackend(
                counted,
                lifecycle,
                cli,
                new SkyOps(4, 64),
                new SkyFiles(dir.resolve("data")),
                pacer,
                processes,
                new SkyAvailability(true, cli, clock),
                new Database(dataSource, storePool),
                new LeaderElection("rig-" + restarts++, Duration.ofSeconds(15), null, clock),
                clock,
                new NoEvents<>(),
                4,
                Duration.ofSeconds(1));
        reconciler = new Reconciler(true, counted, lifecycle, backend, cli, pacer, clock);
    }

    public SkyPilotBackend backend() {
        return backend;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public Reconciler.Cycle cycle() {
        return reconciler.cycle().await().atMost(Duration.ofSeconds(120));
    }

    /** Stores a SkyPilot job with that status and run handle, as if the service had launched it. */
    public Job insert(String name, SkyMode mode, JobStatus status, String runRef) {
        Job base = Jobs.pending(name, Map.of());
        JobSpec s = base.spec();
        JobSpec spec = new JobSpec(
                s.template(),
                Resources.empty().withDefaults("aws"),
                s.training(),
                s.labels(),
                s.envs(),
                true,
                true,
                mode);
        Instant now = clock.instant();
        Job job = Job.builder()
                .name(name)
                .owner("alice")
                .backend("skypilot")
                .status(status)
                .clusterName(mode == SkyMode.CLUSTER ? name : null)
                .spec(spec)
                .taskYaml("name: " + name + "\nrun: echo hi\n")
                .createdAt(now)
                .updatedAt(now)
                .lastSeq(1)
                .runRef(runRef)
                .build();
        return store.insert(job, new JobEvent(0, name, 1, null, status, now, "created by the test"))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    public Job find(String name) {
        return store.find(name).await().atMost(Duration.ofSeconds(30)).orElseThrow();
    }

    @Override
    public void close() {
        runner.close();
        processes.close();
        storePool.close();
    }
}
