package io.ainfinity.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * What the packaged application (the JVM jar, or the native binary with {@code -Dnative}) is started with in the
 * {@code *IT} suite. It runs in the {@code prod} profile, which refuses to start without a verification key, so the
 * test keys are passed as absolute file paths: {@code src/test/resources} is not inside the jar or the binary. Every
 * value reaches the application as a system property; nothing here depends on CDI, so the same classes drive a
 * native binary. Every {@code *IT} class names this one profile, so they all share one start of the application.
 */
public class PackagedApp implements QuarkusTestProfile {

    /** Failsafe runs in the project's root directory. */
    static final Path ROOT = Path.of("").toAbsolutePath();

    static final Path SIGNING_KEY = ROOT.resolve("src/test/resources/keys/test-signing-key.pem");
    static final Path VERIFY_KEY = ROOT.resolve("src/test/resources/keys/test-verify-key.pem");

    @Override
    public Map<String, String> getConfigOverrides() {
        Path data;
        try {
            Path target = Files.createDirectories(ROOT.resolve("target"));
            // Kept after the run, for inspection after a failure.
            data = Files.createTempDirectory(target, "it-data-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory of the packaged app", e);
        }
        return Map.of(
                "ainfinity.skypilot.cli",
                        ROOT.resolve("src/test/sky-double/sky").toString(),
                "mp.jwt.verify.publickey.location", VERIFY_KEY.toString(),
                "smallrye.jwt.sign.key.location", SIGNING_KEY.toString(),
                "ainfinity.data-dir", data.toString(),
                "ainfinity.templates.dir", ROOT.resolve("skylaunch").toString(),
                "ainfinity.payload.dir", ROOT.resolve("train").toString(),
                "ainfinity.local.poll-interval", "200ms",
                // A reconcile cycle on each one-second tick after a launch, as in the Quarkus tests.
                "ainfinity.skypilot.fast-interval", "500ms",
                "ainfinity.local.stop-grace", "2S",
                // The suite runs local jobs as users, as a single-user installation (the local profile) does.
                "ainfinity.local.launch-roles", "admin,user");
    }
}
