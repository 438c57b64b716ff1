package io.ainfinity.skypilot;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import io.ainfinity.task.SkyMode;

/**
 * What the job's {@code run_ref} says about its SkyPilot launch. Before {@code sky launch} is invoked the service
 * writes a "launch started" marker; once the launch has returned it replaces the marker with the SkyPilot job id. A
 * marker found without a launch in flight therefore means the outcome was lost (the service stopped meanwhile), and
 * the reconciler looks the cluster or managed job up by name before it would launch anything again.
 *
 * <p>Forms: {@code launching@<epoch millis>}, {@code cluster}, {@code cluster:<job id>}, {@code managed:<job id>}.
 */
public record SkyRef(Kind kind, Long jobId, Instant startedAt) {

    public enum Kind {
        LAUNCHING,
        CLUSTER,
        MANAGED
    }

    public static SkyRef launching(Instant at) {
        return new SkyRef(Kind.LAUNCHING, null, at);
    }

    public static SkyRef recorded(SkyMode mode, Long jobId) {
        return new SkyRef(mode == SkyMode.MANAGED ? Kind.MANAGED : Kind.CLUSTER, jobId, null);
    }

    public static Optional<SkyRef> parse(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        try {
            if (ref.startsWith("launching@")) {
                long millis = Long.parseLong(ref.substring("launching@".length()));
                return Optional.of(launching(Instant.ofEpochMilli(millis)));
            }
            String[] parts = ref.split(":", 2);
            Kind kind = switch (parts[0]) {
                case "cluster" -> Kind.CLUSTER;
                case "managed" -> Kind.MANAGED;
                default -> null;
            };
            if (kind == null) {
                return Optional.empty();
            }
            Long id = parts.length > 1 ? Long.valueOf(parts[1]) : null;
            return Optional.of(new SkyRef(kind, id, null));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isLaunching() {
        return kind == Kind.LAUNCHING;
    }

    public OptionalLong id() {
        return jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LAUNCHING -> "launching@" + startedAt.toEpochMilli();
            case CLUSTER -> jobId == null ? "cluster" : "cluster:" + jobId;
            case MANAGED -> jobId == null ? "managed" : "managed:" + jobId;
        };
    }
}
