package io.ainfinity.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The settings the test profile relaxes, as in production ({@code ainfinity.local.launch-roles}), a short idle
 * timeout a test can wait out, and a worker pool small enough for a test to fill. One profile for the tests that need
 * any of these, since each profile is another build and start of the service.
 */
public class ProductionLike implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "ainfinity.local.launch-roles", "admin",
                "quarkus.http.idle-timeout", "2S",
                "ainfinity.worker-pool.size", "2",
                "ainfinity.worker-pool.queue", "1",
                // SkyPilot off: its version check and reconciler would otherwise take workers at random times.
                "ainfinity.skypilot.enabled", "false");
    }
}
