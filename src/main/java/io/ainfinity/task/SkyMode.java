package io.ainfinity.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a SkyPilot job runs: on a cluster of its own ({@code sky launch}, the cluster named after the job) or as a
 * SkyPilot managed job ({@code sky jobs launch}, which SkyPilot's controller recovers after preemption).
 */
@RegisterForReflection
public enum SkyMode {
    CLUSTER,
    MANAGED;

    /** The wire form, as requests spell it. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SkyMode> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.name().equals(wanted)).findFirst();
    }

    @JsonCreator
    static SkyMode fromJson(String value) {
        return fromWire(value).orElseThrow(() -> new IllegalArgumentException("unknown mode: " + value));
    }
}
