package io.ainfinity.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Each test run starts from an empty store ({@code target/test-data}) and an empty {@code sky} double
 * ({@code SKY_DOUBLE_STATE}): what earlier runs left there (jobs the reconciler still followed, a double's state and
 * call record that only grew) made each run slower than the last and unlike a run on a fresh checkout. Registered in
 * {@code META-INF/services}, so it runs once per surefire or failsafe JVM, before any service starts.
 */
public final class FreshTestState implements LauncherSessionListener {

    private static final Logger LOG = Logger.getLogger(FreshTestState.class);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        delete(Path.of("target/test-data"));
        String sky = System.getenv("SKY_DOUBLE_STATE");
        if (sky != null && !sky.isBlank()) {
            delete(Path.of(sky));
        }
    }

    private static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // A task of an earlier run may still be writing there: the run goes on with what is left.
            LOG.warnf("could not empty %s before the tests: %s", dir, e.toString());
        }
    }
}
