package io.ainfinity.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.ainfinity.config.AinfinityConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's configuration table is the settings' reference, so it must say what the code does: every {@code ainfinity.*}
 * property of the {@code @ConfigMapping} interface is in the table with its {@code @WithDefault}, and every row names a
 * property that exists. The other rows are environment variables: those {@code application.properties} reads through
 * {@code ${NAME:default}} are checked against it (each such variable documented, with that default); the few read by
 * Quarkus, SmallRye JWT or the {@code sky} CLI themselves are listed in {@link #READ_ELSEWHERE}.
 */
class ReadmeConfigTableTest {

    /** The settings; the only reference to the interface in these tests, should it move. */
    static final Class<?> MAPPING = AinfinityConfig.class;

    private static final Path README = Path.of("README.md");
    private static final String HEADING = "## Configuration";
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    /** Properties of the mapping left out of the table on purpose, and why. */
    private static final Map<String, String> UNDOCUMENTED = Map.of(
            "ainfinity.security.generated-keys",
            "set by the service itself when the local profile generates its keys; not a setting");

    /** Variables read without a reference in application.properties, so with nothing there to check them against. */
    private static final Set<String> READ_ELSEWHERE = Set.of(
            "QUARKUS_PROFILE", // Quarkus: the profile
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", // SmallRye Config: mp.jwt.verify.publickey.location
            "SMALLRYE_JWT_SIGN_KEY_LOCATION", // SmallRye Config: smallrye.jwt.sign.key.location
            "SKYPILOT_API_SERVER_ENDPOINT", // the sky CLI, from the environment it inherits
            "SKYPILOT_SERVICE_ACCOUNT_TOKEN");

    private static Map<String, ConfigTable.Row> table;
    private static Map<String, Optional<String>> mapped;
    private static Map<String, Set<String>> referenced;

    @BeforeAll
    static void read() throws IOException {
        table = ConfigTable.read(README, HEADING);
        mapped = MappedProperties.of(MAPPING);
        referenced = environmentReferences(Files.readString(PROPERTIES, StandardCharsets.UTF_8));
    }

    @Test
    void everyPropertyOfTheMappingIsInTheTable() {
        Set<String> missing = new TreeSet<>(mapped.keySet());
        missing.removeAll(table.keySet());
        missing.removeAll(UNDOCUMENTED.keySet());

        assertThat(missing)
                .as("properties of %s missing from README's configuration table", MAPPING.getSimpleName())
                .isEmpty();
    }

    @Test
    void everyPropertyInTheTableExists() {
        Set<String> unknown = new TreeSet<>();
        for (String name : table.keySet()) {
            if (name.startsWith("ainfinity.") ? !mapped.containsKey(name) : !isEnvironmentVariable(name)) {
                unknown.add(name);
            }
        }

        assertThat(unknown)
                .as("README documents properties %s does not declare (or names that are neither)", MAPPING.getName())
                .isEmpty();
    }

    @Test
    void documentedDefaultsAreTheMappingsDefaults() {
        Map<String, String> wrong = new TreeMap<>();
        table.forEach((name, row) -> {
            Optional<String> actual = mapped.get(name);
            if (actual != null && !actual.equals(row.documentedDefault())) {
                wrong.put(
                        name,
                        "README line %d says %s, @WithDefault is %s"
                                .formatted(row.line(), shown(row.documentedDefault()), shown(actual)));
            }
        });

        assertThat(wrong).as("documented defaults that differ from the code").isEmpty();
    }

    @Test
    void environmentVariablesAreTheOnesApplicationPropertiesReadsWithTheirDefaults() {
        Map<String, String> wrong = new TreeMap<>();
        table.forEach((name, row) -> {
            if (!isEnvironmentVariable(name) || READ_ELSEWHERE.contains(name)) {
                return;
            }
            Set<String> defaults = referenced.get(name);
            if (defaults == null) {
                wrong.put(
                        name,
                        "README line %d documents it, but application.properties does not read it"
                                .formatted(row.line()));
            } else if (!defaults.equals(Set.of(row.documentedDefault().orElse("")))) {
                wrong.put(
                        name,
                        "README line %d says %s, application.properties has %s"
                                .formatted(row.line(), shown(row.documentedDefault()), shownAll(defaults)));
            }
        });
        referenced.keySet().stream()
                .filter(name -> !table.containsKey(name))
                .forEach(name -> wrong.put(name, "read by application.properties, missing from README"));

        assertThat(wrong)
                .as("environment variables in README against application.properties")
                .isEmpty();
    }

    @Test
    void theExceptionsAreStillExceptions() {
        assertThat(mapped)
                .as("UNDOCUMENTED names only properties that exist")
                .containsKeys(UNDOCUMENTED.keySet().toArray(String[]::new));
        assertThat(table)
                .as("UNDOCUMENTED properties are not in the table")
                .doesNotContainKeys(UNDOCUMENTED.keySet().toArray(String[]::new));
        assertThat(table)
                .as("READ_ELSEWHERE names only documented variables")
                .containsKeys(READ_ELSEWHERE.toArray(String[]::new));
        assertThat(referenced)
                .as("READ_ELSEWHERE variables have no reference to check")
                .doesNotContainKeys(READ_ELSEWHERE.toArray(String[]::new));
    }

    /** Each {@code ${NAME:default}} in the file's values, with every default it is given (empty when none). */
    static Map<String, Set<String>> environmentReferences(String properties) {
        Map<String, Set<String>> found = new TreeMap<>();
        for (String line : properties.split("\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = ENV_REFERENCE.matcher(line);
            while (m.find()) {
                found.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2) == null ? "" : m.group(2));
            }
        }
        return found;
    }

    private static boolean isEnvironmentVariable(String name) {
        return name.matches("[A-Z][A-Z0-9_]*");
    }

    private static String shownAll(Set<String> defaults) {
        return defaults.stream()
                .map(d -> shown(Optional.of(d).filter(v -> !v.isEmpty())))
                .toList()
                .toString();
    }

    private static String shown(Optional<String> value) {
        return value.map(v -> "`" + v + "`").orElse("no default");
    }
}
