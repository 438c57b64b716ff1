package io.ainfinity.job;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.InvalidRequestException.Violation;
import io.ainfinity.errors.NotPermittedException;
import io.ainfinity.security.Caller;
import io.ainfinity.task.JobSpec;
import io.ainfinity.task.Resources;
import io.ainfinity.task.Training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which local launches a deployment takes, and which replica a local job is recorded as running on. */
class LocalLaunchesTest {

    private static final Caller ADMIN = new Caller("ada", true, Set.of("admin"));
    private static final Caller USER = new Caller("bob", false, Set.of("user"));

    private static JobSpec on(String infra) {
        Resources resources = new Resources(infra, null, null, null, null, null, null);
        return new JobSpec("local-smoke", resources, Training.empty(), Map.of(), Map.of(), true, true, null);
    }

    private static LocalLaunches sharedStore(boolean allowed) {
        return new LocalLaunches(Set.of("admin"), !allowed, "replica-a");
    }

    @Test
    void refusesALocalLaunchOnASharedStoreNamingTheField() {
        assertThatThrownBy(() -> sharedStore(false).check(on("local"), ADMIN))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.violations())
                                .extracting(Violation::field)
                                .containsExactly("resources.infra"))
                .hasMessageContaining("ainfinity.local.allow-shared-store");
    }

    @Test
    void takesALocalLaunchOnASharedStoreWhenAllowed() {
        assertThatCode(() -> sharedStore(true).check(on("local"), ADMIN)).doesNotThrowAnyException();
    }

    @Test
    void takesLaunchesOnOtherInfraWhateverTheStore() {
        assertThatCode(() -> sharedStore(false).check(on("aws"), USER)).doesNotThrowAnyException();
    }

    @Test
    void aStoreOfItsOwnTakesLocalLaunches() {
        assertThatCode(() -> new LocalLaunches(Set.of("admin"), false, "replica-a").check(on("local"), ADMIN))
                .doesNotThrowAnyException();
    }

    @Test
    void theRoleIsCheckedBeforeTheStore() {
        assertThatThrownBy(() -> sharedStore(false).check(on("local"), USER))
                .isInstanceOfSatisfying(
                        NotPermittedException.class, e -> assertThat(e.field()).isEqualTo("resources.infra"))
                .hasMessageContaining("ainfinity.local.launch-roles");
    }

    @Test
    void aLocalJobIsOwnedByThisReplicaAndNoOtherJobIsOwned() {
        LocalLaunches local = sharedStore(true);

        assertThat(local.owner(on("local"))).isEqualTo("replica-a");
        assertThat(local.owner(on("aws"))).isNull();
    }
}
