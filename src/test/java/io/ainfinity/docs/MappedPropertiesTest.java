package io.ainfinity.docs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.smallrye.config.ConfigMapping.NamingStrategy;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names and defaults found by reflection, as SmallRye Config would name them. */
class MappedPropertiesTest {

    /** Not annotated with {@code @ConfigMapping}, so that Quarkus never registers it; the prefix is passed instead. */
    interface Fixture {
        @WithDefault("8")
        int poolSize();

        @WithName("renamed")
        Optional<Duration> originalName();

        Optional<List<String>> names();

        OptionalInt count();

        Inner inner();

        @WithParentName
        Flat flat();

        Optional<Inner> maybe();

        interface Inner {
            @WithDefault("a,b")
            Set<String> maxItems();

            Path dir();
        }

        interface Flat {
            @WithDefault("x")
            String inParent();
        }
    }

    interface WithMap {
        Map<String, String> labels();
    }

    interface WithIndexedGroups {
        List<Fixture.Flat> items();
    }

    @Test
    void namesNestedGroupsAndLeavesAsSmallRyeDoes() {
        // Given the fixture under the prefix "fixture", kebab-case as in every @ConfigMapping here
        // When it is walked
        Map<String, Optional<String>> found =
                MappedProperties.walk("fixture", NamingStrategy.KEBAB_CASE, Fixture.class);

        // Then every leaf has its full name and its default
        assertThat(found)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "fixture.pool-size", Optional.of("8"),
                        "fixture.renamed", Optional.empty(),
                        "fixture.names", Optional.empty(),
                        "fixture.count", Optional.empty(),
                        "fixture.inner.max-items", Optional.of("a,b"),
                        "fixture.inner.dir", Optional.empty(),
                        "fixture.in-parent", Optional.of("x"),
                        "fixture.maybe.max-items", Optional.of("a,b"),
                        "fixture.maybe.dir", Optional.empty()));
    }

    @Test
    void refusesWhatItCannotName() {
        assertThatThrownBy(() -> MappedProperties.walk("m", NamingStrategy.KEBAB_CASE, WithMap.class))
                .hasMessageContaining("map properties");
        assertThatThrownBy(() -> MappedProperties.walk("m", NamingStrategy.KEBAB_CASE, WithIndexedGroups.class))
                .hasMessageContaining("indexed groups");
        assertThatThrownBy(() -> MappedProperties.of(Fixture.class)).hasMessageContaining("not a @ConfigMapping");
    }

    @Test
    void readsTheServicesMappingUnderItsPrefix() {
        Map<String, Optional<String>> found = MappedProperties.of(ReadmeConfigTableTest.MAPPING);

        assertThat(found)
                .containsEntry("ainfinity.worker-pool.size", Optional.of("8"))
                .containsEntry("ainfinity.api.v1-prefix", Optional.of("/api/v1"))
                .containsEntry("ainfinity.skypilot.secrets", Optional.empty());
    }
}
