package io.ainfinity.job;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Lifecycle of a job. The table of legal transitions below is the only place that decides what may follow what. */
@RegisterForReflection
public enum JobStatus {
    PENDING,
    PROVISIONING,
    RUNNING,
    COMPLETED,
    FAILED,
    STOPPING,
    STOPPED,
    UNKNOWN;

    private static final Map<JobStatus, Set<JobStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(PROVISIONING, RUNNING, COMPLETED, FAILED, STOPPING, UNKNOWN),
            PROVISIONING, EnumSet.of(RUNNING, COMPLETED, FAILED, STOPPING, UNKNOWN),
            RUNNING, EnumSet.of(COMPLETED, FAILED, STOPPING, UNKNOWN),
            // A job may finish on its own while a stop is under way; that outcome is kept rather than overwritten.
            STOPPING, EnumSet.of(STOPPED, COMPLETED, FAILED, UNKNOWN),
            // Unknown is a gap in what we observed, not an outcome: later observations may resolve it.
            UNKNOWN, EnumSet.of(PROVISIONING, RUNNING, COMPLETED, FAILED, STOPPING, STOPPED),
            COMPLETED, EnumSet.noneOf(JobStatus.class),
            FAILED, EnumSet.noneOf(JobStatus.class),
            STOPPED, EnumSet.noneOf(JobStatus.class));

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    public boolean canTransitionTo(JobStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** The wire form: lowercase, as the earlier service sent it. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobStatus> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(wanted)).findFirst();
    }

    @JsonCreator
    static JobStatus fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown status: " + value));
    }
}
