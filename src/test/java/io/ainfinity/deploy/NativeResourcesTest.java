package io.ainfinity.deploy;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Modifier;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigSourceFactory;
import org.junit.jupiter.api.Test;

import io.ainfinity.http.StrictJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A native binary holds only the classpath files it was told to include ({@code quarkus.native.resources.includes}),
 * and loads services only where Quarkus registered them at build time. Both are checked against the sources here.
 */
class NativeResourcesTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final String FACTORIES = "META-INF/services/io.smallrye.config.ConfigSourceFactory";

    @Test
    void everyIncludeMatchesAResource() throws IOException {
        List<String> resources = resources();
        for (String include : includes()) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + include);
            assertThat(resources).as(include).anyMatch(r -> matcher.matches(Path.of(r)));
        }
    }

    @Test
    void everyResourceTheCodeReadsIsIncluded() throws IOException {
        // Quarkus itself handles application.properties and the service registrations under META-INF.
        List<PathMatcher> matchers = includes().stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .toList();
        assertThat(resources())
                .filteredOn(r -> !r.equals("application.properties") && !r.startsWith("META-INF/"))
                .contains(
                        "local/task-wrapper.sh",
                        "db/migration/sqlite/V1__jobs.sql",
                        "db/migration/common/V2__service_tokens.sql")
                .allSatisfy(r -> assertThat(matchers).as("an include for " + r).anyMatch(m -> m.matches(Path.of(r))));
    }

    /**
     * Quarkus reads META-INF/services at build time, registers each config source factory for reflection and
     * instantiates it in the generated configuration (a native binary has no ServiceLoader scan): each must be a
     * public class with a public no-argument constructor. Both read the file system or the profile, so neither may
     * run in static init (no {@link StaticInitSafe}), where a native build would freeze build-time values.
     */
    @Test
    void configSourceFactoriesAreInstantiableWithoutServiceLoader() throws Exception {
        List<String> names = Files.readAllLines(RESOURCES.resolve(FACTORIES)).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(names).isNotEmpty();
        for (String name : names) {
            Class<?> factory = Class.forName(name, false, getClass().getClassLoader());
            assertThat(ConfigSourceFactory.class).as(name).isAssignableFrom(factory);
            assertThat(Modifier.isPublic(factory.getModifiers()))
                    .as(name + " is public")
                    .isTrue();
            assertThat(Modifier.isPublic(factory.getConstructor().getModifiers()))
                    .as(name + " has a public no-argument constructor")
                    .isTrue();
            assertThat(factory.isAnnotationPresent(StaticInitSafe.class))
                    .as(name + " runs at run time only")
                    .isFalse();
        }
    }

    /** Quarkus's mapper loads the configured naming strategy by class name at run time, which native needs registered. */
    @Test
    void configuredJacksonNamingStrategyIsRegisteredForReflection() throws Exception {
        String configured = properties().getProperty("quarkus.jackson.property-naming-strategy");
        Class<?> strategy =
                PropertyNamingStrategies.class.getField(configured).get(null).getClass();
        assertThat(StrictJson.class.getAnnotation(RegisterForReflection.class).targets())
                .as("reflection targets of StrictJson")
                .contains(strategy);
    }

    private static Properties properties() throws IOException {
        Properties app = new Properties();
        try (Reader in = Files.newBufferedReader(RESOURCES.resolve("application.properties"))) {
            app.load(in);
        }
        return app;
    }

    private static List<String> includes() throws IOException {
        String includes = properties().getProperty("quarkus.native.resources.includes");
        assertThat(includes).as("quarkus.native.resources.includes").isNotBlank();
        return Arrays.stream(includes.split(",")).map(String::strip).toList();
    }

    private static List<String> resources() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> RESOURCES.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
