package io.ainfinity.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import io.ainfinity.job.SkyMode;

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

    /** The SkyPilot backend (every {@code infra} other than {@code local}). */
    Skypilot skypilot();

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
    }

    interface Templates {
        /** Directory of SkyPilot task templates ({@code <name>.yaml}). Default {@code skylaunch}. */
        @WithDefault("skylaunch")
        Path dir();
    }

    interface WorkerPool {
        /** Threads that run external commands at once. Default 8. */
        @WithDefault("8")
        int size();

        /** Commands that may wait for a thread; beyond this a request gets 503. Default 64. */
        @WithDefault("64")
        int queue();

        /** Longest a command may run before its process tree is killed. Default 10 minutes. */
        @WithDefault("10M")
        Duration commandTimeout();
    }

    interface Store {
        /** {@code sqlite} (embedded, one replica) or {@code postgresql} (several replicas). Default sqlite. */
        @WithDefault("sqlite")
        StoreKind kind();

        /** Threads that run JDBC calls. Default 8. */
        @WithDefault("8")
        int threads();
    }

    interface Local {
        /** How often running local tasks are checked for phase changes. Default 1 s. */
        @WithDefault("1S")
        Duration pollInterval();

        /** Time a stopped task gets after SIGTERM before its process group is killed. Default 10 s. */
        @WithDefault("10S")
        Duration stopGrace();
    }

    interface Skypilot {
        /** Whether non-local jobs are accepted at all; when false they are answered 503. Default true. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The {@code sky} executable. Default: {@code .venv/bin/sky} under the working directory when it exists
         * (what {@code scripts/setup-sky.sh} installs), else {@code sky} on the PATH.
         */
        Optional<String> cli();

        /** The SkyPilot version the service is pinned to; readiness is DOWN for any other. Default 0.14.1. */
        @WithDefault("0.14.1")
        String version();

        /** How often the CLI's version is read again after the check at start-up. Default 1 hour. */
        @WithDefault("1H")
        Duration versionRefresh();

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
