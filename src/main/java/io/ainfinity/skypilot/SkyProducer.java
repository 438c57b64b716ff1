package io.ainfinity.skypilot;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.metrics.Meters;
import io.ainfinity.process.ProcessRunner;

/** The SkyPilot backend's plain parts, built once from configuration. */
public class SkyProducer {

    private static final Logger LOG = Logger.getLogger(SkyProducer.class);

    @Produces
    @Singleton
    SkyCli skyCli(ProcessRunner runner, AinfinityConfig config, Meters meters) {
        SkySettings settings = SkySettings.from(config.skypilot(), System.getenv());
        if (config.skypilot().enabled() && !settings.missingSecrets().isEmpty()) {
            LOG.warnf(
                    "configured SkyPilot secrets not set in this service's environment, left out of launches: %s",
                    settings.missingSecrets());
        }
        return new SkyCli(runner, settings, meters::skyCommand);
    }

    @Produces
    @Singleton
    SkyOps skyOps(AinfinityConfig config) {
        return new SkyOps(
                config.skypilot().maxConcurrentOperations(), config.skypilot().maxQueuedOperations());
    }

    @Produces
    @Singleton
    SkyFiles skyFiles(AinfinityConfig config) {
        return new SkyFiles(config.dataDir());
    }

    @Produces
    @Singleton
    ReconcilePacer reconcilePacer(AinfinityConfig config) {
        AinfinityConfig.Skypilot sky = config.skypilot();
        return new ReconcilePacer(sky.reconcileInterval(), sky.fastInterval(), sky.fastWindow());
    }
}
