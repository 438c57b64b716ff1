package io.ainfinity.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import io.ainfinity.task.SkyMode;

/**
 * The service's own settings. Every property can also be set as an environment variable
 * ({@code ainfinity.worker-pool.size} → {@code AINFINITY_WORKER_POOL_SIZE}).
 */
@ConfigMapping(prefix = "ainfinity")
public interface AinfinityConfig {

    /** Directory holding the SQLite database and the local runs ({@code runs/<job>/}). Default {@code ./data}. */
    @WithDefault("data")
    Path dataDir();

    /** The HTTP API. */
    Api api();

    /** Jobs settings. */
    Jobs jobs();

    /** Task templates. */
    Templates templates();

    /** The bounded pool on which external processes run. */
    @WithName("worker-pool")
    WorkerPool workerPool();

    /** The store. */
    Store store();

    /** The local backend. */
    Local local();

    /** Authentication and tokens. */
    Security security();

    /** Request budgets per caller. */
    @WithName("rate-limit")
    RateLimit rateLimit();

    /** The training payload the task templates run. */
    Payload payload();

    /** Server-sent event streams. */
    Events events();

    interface Events {
        /** Interval between heartbeat comments on an idle stream. Default 15 s. */
        @WithDefault("15S")
        Duration heartbeat();

        /** Items an event stream subscriber may have waiting; past this it is told to reconnect. Default 1024. */
        @WithDefault("1024")
        int subscriberBuffer();

        /** How often events recorded by other replicas are read. Default 1 s. */
        @WithDefault("1S")
        Duration pollInterval();

        /** How often followed logs are checked for new lines. Default 100 ms. */
        @WithDefault("100ms")
        Duration logPollInterval();

        /** Threads reading log files for streams (replays, first counts), apart from the process pool. Default 2. */
        @WithDefault("2")
        int replayThreads();

        /** Log reads that may wait for those threads; beyond, a new log stream is refused with 503. Default 256. */
        @WithDefault("256")
        int replayQueue();

        /** How long a log follower keeps running after its last subscriber left. Default 30 s. */
        @WithDefault("30S")
        Duration followerGrace();

        /** Streams one caller (a token subject) may hold open at once; one more is refused with 429. Default 32. */
        @WithDefault("32")
        int maxStreamsPerCaller();
    }

    /** The SkyPilot backend (every {@code infra} other than {@code local}). */
    Skypilot skypilot();

    /** Which replica runs the once-per-cluster duties (the reconciler, teardowns, purges) on PostgreSQL. */
    Leader leader();

    interface Leader {
        /**
         * This replica's name in the lease; it must differ between replicas. Default: {@code HOSTNAME} (the pod name
         * on Kubernetes) followed by a random suffix, so that a restarted process starts a term of its own.
         */
        Optional<String> replicaId();

        /**
         * How long a granted lease lasts; a leader that has not renewed it by then stops acting, and another replica
         * may take over. Default 15 s: with the renew interval, a dead leader is replaced within 18 s, inside two
         * reconcile intervals.
         */
        @WithDefault("15S")
        Duration leaseDuration();

        /** How often the lease is renewed, or claimed by a replica that does not hold it. Default 3 s. */
        @WithDefault("3S")
        Duration renewInterval();
    }

    interface Api {
        /** Path prefix of the v1 API ({@code SERVING_API_V1_PREFIX}); other prefixes are routed to /api/v1. */
        @WithName("v1-prefix")
        @WithDefault("/api/v1")
        String v1Prefix();
    }

    interface Jobs {
        /** {@code infra} used when a launch request names none. Default {@code local}. */
        @WithDefault("local")
        String defaultInfra();

        /** Template used when a launch request names none. Default {@code deepspeed}. */
        @WithDefault("deepspeed")
        String defaultTemplate();

        /**
         * Environment variables a launch's {@code envs} may set besides those its template declares: exact names, or a
         * prefix followed by {@code *}. Anything else is refused, and so are names a shell, the dynamic loader or an
         * interpreter acts on as it starts, even when listed here. Default: Weights &amp; Biases' run settings.
         */
        @WithDefault("WANDB_PROJECT,WANDB_ENTITY,WANDB_NAME,WANDB_RUN_GROUP,WANDB_JOB_TYPE,WANDB_TAGS,WANDB_NOTES,"
                + "WANDB_MODE")
        List<String> allowedEnvs();

        /**
         * Models ({@code model.name_or_path}) whose own code a launch may run, by setting {@code
         * model.trust_remote_code} to true in {@code training.extra_args}. Default: none.
         */
        Optional<Set<String>> remoteCodeModels();
    }

    interface Templates {
        /** Directory of SkyPilot task templates ({@code <name>.yaml}). Default {@code skylaunch}. */
        @WithDefault("skylaunch")
        Path dir();
    }

    interface Payload {
        /**
         * Directory of the training payload ({@code train/}): its Hydra configs under {@code ainfinity_train/conf/}
         * and its accelerate configs under {@code accelerate/} are what launches may name. Default {@code train}.
         */
        @WithDefault("train")
        Path dir();
    }

    interface WorkerPool {
        /** Threads that run external commands at once. Default 8. */
        @WithDefault("8")
        int size();

        /** Commands that may wait for a thread; beyond this a request gets 503. Default 64. */
        @WithDefault("64")
        int queue();

        /**
         * At shutdown, how long commands under way (and those already queued) may still run before they are
         * interrupted and their process trees killed. Default 30 s; the Kubernetes manifests raise it to 540 s, within
         * the pod's 600 s termination grace period.
         */
        @WithDefault("30S")
        Duration shutdownGrace();
    }

    interface Store {
        /** {@code sqlite} (embedded, one replica) or {@code postgresql} (several replicas). Default sqlite. */
        @WithDefault("sqlite")
        StoreKind kind();

        /** Threads that run JDBC calls. Default 8. */
        @WithDefault("8")
        int threads();

        /**
         * On PostgreSQL, whether replicas wake each other with LISTEN/NOTIFY when they record an event or revoke a
         * token; false behind a pooler that does not keep sessions (PgBouncer in transaction mode), where replicas then
         * learn of each other's changes by their polls. Default true.
         */
        @WithDefault("true")
        boolean signals();
    }

    interface Security {
        /** Expected {@code iss} of tokens, and the issuer of tokens this service mints. Default ainfinity. */
        @WithDefault("ainfinity")
        String issuer();

        /** Expected {@code aud} of tokens, and the audience of tokens this service mints. Default ainfinity. */
        @WithDefault("ainfinity")
        String audience();

        /** Set by the service itself when it signs with keys it generated in the data directory (local profile). */
        @WithDefault("false")
        boolean generatedKeys();

        /** Longest lifetime a minted service token may have. Default 365 days. */
        @WithDefault("365D")
        Duration maxTokenLifetime();

        /** How often revocations made by other replicas are read, whether or not they were signalled. Default 10 s. */
        @WithDefault("10S")
        Duration revocationRefresh();

        /** How long a stream ticket ({@code POST /api/v1/stream-tickets}) opens its stream. Default 5 minutes. */
        @WithDefault("5M")
        Duration streamTicketLifetime();

        /**
         * Key (at least 32 bytes) that signs stream tickets; replicas behind one Service need the same one. Default:
         * drawn at random by each process at start.
         */
        Optional<String> streamTicketKey();
    }

    interface RateLimit {
        /** Whether requests to /api/v1 are rate limited. Default true. */
        @WithDefault("true")
        boolean enabled();

        /** Launches a caller may make per minute (also the burst). Default 30. */
        @WithDefault("30")
        long launchesPerMinute();

        /** Other API requests a caller may make per minute (also the burst). Default 1200. */
        @WithDefault("1200")
        long readsPerMinute();

        /**
         * Requests without valid credentials (answered 401) a client address may make per minute; once spent, the
         * address is refused (429) before its token is looked at. Default 120.
         */
        @WithDefault("120")
        long unauthenticatedPerMinute();
    }

    interface Local {
        /** How often running local tasks are checked for phase changes. Default 1 s. */
        @WithDefault("1S")
        Duration pollInterval();

        /** Time a stopped task gets after SIGTERM before its process group is killed. Default 10 s. */
        @WithDefault("10S")
        Duration stopGrace();

        /** Shortest time between two updates of a running task's metrics from its log. Default 1 s. */
        @WithDefault("1S")
        Duration metricsInterval();

        /**
         * The only variables of this service's environment a local task inherits (its own come from the template and
         * the request): the service's credentials and settings stay out of reach of the jobs it runs.
         */
        @WithDefault("PATH,HOME,USER,LOGNAME,LANG,LC_ALL,LC_CTYPE,TZ,TMPDIR,CUDA_HOME,CUDA_PATH,CUDA_VISIBLE_DEVICES,"
                + "NVIDIA_VISIBLE_DEVICES,LD_LIBRARY_PATH,HF_HOME,HF_HUB_OFFLINE,HF_DATASETS_OFFLINE,"
                + "TRANSFORMERS_OFFLINE,PIP_INDEX_URL,PIP_EXTRA_INDEX_URL,PIP_TRUSTED_HOST,SSL_CERT_FILE,"
                + "REQUESTS_CA_BUNDLE,HTTP_PROXY,HTTPS_PROXY,NO_PROXY,http_proxy,https_proxy,no_proxy")
        Set<String> inheritedEnv();

        /**
         * Roles that may launch with {@code infra: local}, which runs the task on this service's own host as the
         * service's user. Default {@code admin}; the {@code local} profile, a single-user set-up, allows {@code user}
         * too.
         */
        @WithDefault("admin")
        Set<String> launchRoles();

        /**
         * Whether {@code infra: local} launches are taken on a PostgreSQL store, which several replicas may share. A
         * local task runs on the host of the replica that took the launch and is lost with that replica (the leader
         * then fails it), so such launches are refused (422 on {@code resources.infra}) unless this is set. Set it for
         * a single replica, or for replicas that each have a data directory of their own. No effect on SQLite.
         * Default false.
         */
        @WithDefault("false")
        boolean allowSharedStore();
    }

    interface Skypilot {
        /** Whether non-local jobs are accepted at all; when false they are answered 503. Default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * {@code sky logs --follow} processes that may run at once, one per followed job, shared by its log streams and
         * its metrics. Default 32.
         */
        @WithDefault("32")
        int maxLogFollowers();

        /**
         * Shortest time between two updates of a running SkyPilot job's metrics from its followed log. Default 1 s.
         */
        @WithDefault("1S")
        Duration metricsInterval();

        /**
         * The {@code sky} executable. Default: {@code .venv/bin/sky} under the working directory when it exists
         * (what {@code scripts/setup-sky.sh} installs), else {@code sky} on the PATH.
         */
        Optional<String> cli();

        /** The SkyPilot version the service is pinned to; launches on SkyPilot get 503 with any other. Default 0.14.1. */
        @WithDefault("0.14.1")
        String version();

        /** How often the CLI's version is read again after the check at start-up. Default 1 hour. */
        @WithDefault("1H")
        Duration versionRefresh();

        /**
         * How often the CLI's file is looked at, so that a CLI removed or put back is noticed without a request ever
         * touching the file system. Default 5 s.
         */
        @WithDefault("5S")
        Duration cliCheckInterval();

        /** Mode of requests that name none: {@code cluster} or {@code managed}. Default cluster. */
        @WithDefault("cluster")
        SkyMode defaultMode();

        /** Time between reconcile cycles. Default 10 s. */
        @WithDefault("10S")
        Duration reconcileInterval();

        /** Time between reconcile cycles for a while after a launch or a stop. Default 2 s. */
        @WithDefault("2S")
        Duration fastInterval();

        /** How long the fast interval lasts after a launch or a stop. Default 1 minute. */
        @WithDefault("1M")
        Duration fastWindow();

        /**
         * Idle minutes after which SkyPilot tears a {@code down: true} cluster down by itself: a safety net, since
         * the service runs {@code sky down} as soon as it has recorded the job's outcome. Default 15.
         */
        @WithDefault("15")
        int idleMinutesToDown();

        /** SkyPilot operations (launch, stop, teardown) run at once; more wait in line, first come first served. */
        @WithDefault("4")
        int maxConcurrentOperations();

        /**
         * SkyPilot operations that may wait in line; a launch that finds the line full is answered 503 with
         * Retry-After and no job is created. Stops and teardowns are never refused. Default 64.
         */
        @WithDefault("64")
        int maxQueuedOperations();

        /** Longest {@code sky launch} / {@code sky jobs launch} may run before its process tree is killed. */
        @WithDefault("30M")
        Duration launchTimeout();

        /** Longest {@code sky down} / {@code sky cancel} may run. Default 10 minutes. */
        @WithDefault("10M")
        Duration downTimeout();

        /** Longest a status, queue or logs command may run. Default 2 minutes. */
        @WithDefault("2M")
        Duration readTimeout();

        /**
         * Names of environment variables of this service (such as HF_TOKEN, WANDB_API_KEY) handed to tasks as
         * SkyPilot secrets: {@code --secret NAME} on the command line, the value only in the child's environment.
         */
        Optional<List<String>> secrets();

        /** {@code SKYPILOT_API_SERVER_ENDPOINT} for the CLI; unset: the service's own environment decides. */
        Optional<String> apiServerEndpoint();

        /** {@code SKYPILOT_SERVICE_ACCOUNT_TOKEN} for the CLI; unset: the service's own environment decides. */
        Optional<String> serviceAccountToken();
    }
}
