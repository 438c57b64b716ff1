package io.ainfinity.job;

import java.util.Set;
import java.util.TreeSet;

import io.ainfinity.config.AinfinityConfig;
import io.ainfinity.config.StoreKind;
import io.ainfinity.errors.InvalidRequestException;
import io.ainfinity.errors.NotPermittedException;
import io.ainfinity.security.Caller;
import io.ainfinity.task.JobSpec;

/**
 * Who may launch with {@code infra: local}, and on which deployments. A local task runs on the host of the replica
 * that took the launch: that replica is recorded on the job as its owner, and where several replicas may share the
 * store (PostgreSQL), such launches are refused unless the operator allowed them.
 */
public final class LocalLaunches {

    static final String FIELD = "resources.infra";

    private final Set<String> roles;
    private final boolean refusedOnThisStore;
    private final String replica;

    public LocalLaunches(Set<String> roles, boolean refusedOnThisStore, String replica) {
        this.roles = Set.copyOf(roles);
        this.refusedOnThisStore = refusedOnThisStore;
        this.replica = replica;
    }

    public static LocalLaunches of(AinfinityConfig config, String replica) {
        boolean shared = config.store().kind() == StoreKind.postgresql;
        return new LocalLaunches(
                config.local().launchRoles(), shared && !config.local().allowSharedStore(), replica);
    }

    /**
     * Checks a launch against the rules for local tasks; any other launch passes.
     *
     * @throws NotPermittedException when the caller's roles may not run tasks on the service's host
     * @throws InvalidRequestException when this deployment takes no local launches
     */
    public void check(JobSpec spec, Caller caller) {
        if (!spec.isLocal()) {
            return;
        }
        if (!caller.hasAnyRole(roles)) {
            throw new NotPermittedException(
                    FIELD,
                    "infra 'local' runs the task on this service's own host; here only the roles %s may use it"
                                    .formatted(new TreeSet<>(roles))
                            + " (ainfinity.local.launch-roles)");
        }
        if (refusedOnThisStore) {
            throw InvalidRequestException.of(
                    FIELD,
                    "infra 'local' runs the task on the host of whichever replica takes the launch, and this"
                            + " service's store may be shared by several replicas; local launches are off here"
                            + " (ainfinity.local.allow-shared-store)");
        }
    }

    /** The replica to record as the job's owner: this one for a local task, none for any other. */
    public String owner(JobSpec spec) {
        return spec.isLocal() ? replica : null;
    }
}
